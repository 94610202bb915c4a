/// Why a key configuration was refused; `serve` prints it and does not start. Never contains a secret.
public enum JWTKeySetError: Error, Sendable, Equatable {
    /// Neither a default secret nor any `kid=secret` pair was given.
    case noKey
    /// A key is shorter than `JWTKeySet.minimumKeyCount` bytes; `name` says which (the default one or a kid).
    case keyTooShort(name: String, byteCount: Int)
    /// An entry of the key list is not `kid=secret` with a non-empty kid; `position` counts from 1.
    case malformedEntry(position: Int)
    /// Two entries of the key list use the same kid.
    case duplicateKid(String)
}

extension JWTKeySetError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noKey:
            "no JWT key configured: set REPORT_JWT_SECRET, REPORT_JWT_SECRET_FILE or REPORT_JWT_KEYS"
        case .keyTooShort(let name, let byteCount):
            "\(name) is \(byteCount) bytes long; HS256 keys must be at least \(JWTKeySet.minimumKeyCount) bytes"
        case .malformedEntry(let position):
            "JWT key list entry \(position) is not of the form kid=secret with a non-empty kid"
        case .duplicateKid(let kid):
            "JWT key list names kid \"\(kid)\" more than once"
        }
    }
}
