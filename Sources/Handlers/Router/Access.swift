/// Who may call a route. Routes are protected unless they say otherwise (deny by default).
public enum Access: Sendable {
    /// A verified admin token with the analytics privilege.
    case analyticsPrivilege
    /// Anyone: only `/health`.
    case open
    /// A signed link (checked by the route's `signedLinkCheck`) when the request has no `Authorization` header and
    /// its query carries a `signature`; otherwise as `analyticsPrivilege`. Only export downloads.
    case signedLinkOrPrivilege
}
