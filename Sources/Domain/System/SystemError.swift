import Glibc

/// A failed system call: what was being done and its `errno`, described with the thread-safe `strerror_r`.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var code: Int32

    public init(_ operation: String, code: Int32) { (self.operation, self.code) = (operation, code) }

    /// The failure of `operation`, with the calling thread's `errno` now.
    public init(_ operation: String) { self.init(operation, code: errno) }

    public var description: String { "\(operation): \(Self.message(code)) (errno \(code))" }

    /// The C library's text for an `errno` value.
    public static func message(_ code: Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            // The XSI strerror_r: 0 when the text is in the buffer.
            guard strerror_r(code, buffer.baseAddress!, buffer.count) == 0 else { return "errno \(code)" }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Checks a system call's result: throws unless `result` is 0 or more (or, with `expecting`, that value).
    @discardableResult
    public static func check<T: BinaryInteger>(_ operation: @autoclosure () -> String, _ result: T) throws(SystemError)
        -> T
    {
        guard result >= 0 else { throw SystemError(operation(), code: errno) }
        return result
    }
}
