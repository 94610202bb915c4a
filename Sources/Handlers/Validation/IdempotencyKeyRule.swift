import Domain

/// The `Idempotency-Key` header of creating requests: 1 to 255 visible ASCII characters.
public enum IdempotencyKeyRule {
    /// The longest key accepted.
    public static let maximumLength = 255

    /// The key and the request's fingerprint, nil without the header; a malformed key is a validation failure.
    static func read(_ header: String?, fingerprinting text: @autoclosure () -> String) throws(ValidationFailure)
        -> Idempotency?
    {
        guard let header else { return nil }
        guard !header.isEmpty, header.utf8.count <= maximumLength, header.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E })
        else {
            throw ValidationFailure([
                FieldError("Idempotency-Key", "must be 1 to \(maximumLength) visible ASCII characters")
            ])
        }
        return Idempotency(key: header, fingerprint: Idempotency.fingerprint(of: text()))
    }
}
