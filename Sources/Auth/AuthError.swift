/// Why a caller was refused: 401 for credentials, 403 for privileges. The reason goes to the log only.
public enum AuthError: Error, Sendable, Equatable {
    /// Missing, malformed, badly signed or expired credentials (401).
    case unauthorized(reason: String)
    /// Valid credentials without the privilege the route needs (403).
    case forbidden(reason: String)
}
