/// Failures of the data layer, as handlers see them (no SQL or libpq types).
public enum StoreError: Error, Sendable {
    /// The database cannot be reached; clients should retry after `retryAfter` seconds.
    case unavailable(reason: String, retryAfter: Int)
    /// The store failed unexpectedly; the reason is for the log.
    case failure(reason: String)
}
