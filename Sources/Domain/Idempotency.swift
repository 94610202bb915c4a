import Crypto

/// A creating request's `Idempotency-Key` and a digest of what it asked for: the same caller and key return what
/// the first request created; the same key with another body is a conflict.
public struct Idempotency: Sendable, Equatable {
    public var key: String
    /// SHA-256 of the request's defining content, hex.
    public var fingerprint: String

    public init(key: String, fingerprint: String) { (self.key, self.fingerprint) = (key, fingerprint) }

    /// The fingerprint of a request's defining text.
    public static func fingerprint(of text: String) -> String { SHA256.hexDigest(Array(text.utf8)) }
}

/// What a creating write did.
public enum CreateOutcome<Value: Sendable>: Sendable {
    case created(Value)
    /// The caller already created this under the same idempotency key: the first request's resource.
    case existing(Value)
    /// The idempotency key was used before for a different request.
    case keyReused
    /// The caller already has `limit` unfinished jobs.
    case tooManyActive(limit: Int)
}
