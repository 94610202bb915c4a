/// Why a JSON text was refused.
public enum JSONError: Error, Equatable, Sendable {
    /// Not valid UTF-8 JSON: jansson's message and the byte position.
    case syntax(message: String, position: Int)
    /// An object repeats a member name.
    case duplicateKey(message: String, position: Int)
    /// Valid JSON with a number this implementation cannot hold (RFC 8259 section 9 allows the limit): an integer
    /// outside 64 bits or a real outside a double's range.
    case numberOutOfRange(message: String, position: Int)
    /// Nested deeper than the limit allows.
    case tooDeep(limit: Int)
    /// Longer than the limit allows.
    case tooLarge(limit: Int)
    /// An array or object has more elements than the limit allows.
    case tooManyElements(limit: Int)
}

extension JSONError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .syntax(let message, let position): "invalid JSON at byte \(position): \(message)"
        case .duplicateKey(let message, let position): "duplicate member at byte \(position): \(message)"
        case .numberOutOfRange(let message, let position): "number out of range at byte \(position): \(message)"
        case .tooDeep(let limit): "JSON nested deeper than \(limit) levels"
        case .tooLarge(let limit): "JSON text longer than \(limit) bytes"
        case .tooManyElements(let limit): "JSON array or object with more than \(limit) elements"
        }
    }
}
