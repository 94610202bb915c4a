public import Glibc
public import Logging

/// A swift-log handler that writes the lines of swift-log's `StreamLogHandler`
/// (`<local time> <level> <label>: <metadata sorted by key> [<source>] <message>`), one write(2) per line.
///
/// The responder logs a line per request, so the cost of a line counts: this one builds the line as bytes in one
/// buffer and writes it with one call (no stdio lock and flush), and takes the local time with `localtime_r`
/// (`StreamLogHandler` calls `localtime`, which is not thread-safe). One call per line also keeps lines whole
/// when several threads log at once (appends to a file are atomic per call, and so are pipe writes up to
/// PIPE_BUF). Control characters in metadata values and messages are escaped, so every entry is one line.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let fileDescriptor: Int32

    public init(
        label: String, fileDescriptor: Int32 = STDERR_FILENO, logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.fileDescriptor = fileDescriptor
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty { merged.merge(provided) { $1 } }
        if let explicit = event.metadata, !explicit.isEmpty { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line: [UInt8] = []
        line.reserveCapacity(320)
        Self.appendLocalTime(to: &line)
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: event.level.rawValue.utf8)
        if !label.isEmpty { line.append(UInt8(ascii: " ")) }
        line.append(contentsOf: label.utf8)
        line.append(UInt8(ascii: ":"))
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: key.utf8)
            line.append(UInt8(ascii: "="))
            if case .string(let text) = value {
                Self.appendEscaped(text, to: &line)
            } else {
                Self.appendEscaped(value.description, to: &line)
            }
        }
        line.append(contentsOf: " [".utf8)
        line.append(contentsOf: event.source.utf8)
        line.append(contentsOf: "] ".utf8)
        Self.appendEscaped(event.message.description, to: &line)
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // nowhere to report a failed log write
                }
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends text with its control characters escaped (`\n`, `\r`, `\t`, `\x1b`...), so a value such as a
    /// libpq message or a request path can neither split a line nor forge one.
    private static func appendEscaped(_ text: String, to line: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"): line.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): line.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): line.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20, 0x7F:
                line.append(contentsOf: #"\x"#.utf8)
                line.append(hexDigits[Int(byte >> 4)])
                line.append(hexDigits[Int(byte & 0x0F)])
            default: line.append(byte)
            }
        }
    }

    /// `2026-11-29T19:30:00+0000`: `StreamLogHandler`'s strftime format, in local time.
    private static func appendLocalTime(to line: inout [UInt8]) {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else {
            line.append(contentsOf: "<unknown>".utf8)
            return
        }
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = strftime(buffer.baseAddress!, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
            buffer.withMemoryRebound(to: UInt8.self) { line.append(contentsOf: $0[0..<count]) }
        }
    }
}
