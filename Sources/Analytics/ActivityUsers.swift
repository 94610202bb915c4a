/// Every user the rows refer to, by index. Users seen in events but absent from `analytics_users` are `known:
/// false`: they belong to no segment that needs a signup time or a plan.
public struct ActivityUsers: Sendable, Equatable {
    /// Sign-up instant, seconds since the epoch (0 when unknown).
    public var signups: [Double] = []
    public var premium: [Bool] = []
    public var known: [Bool] = []

    public init() {}

    public var count: Int { signups.count }

    public mutating func append(signup: Double?, premium: Bool) {
        signups.append(signup ?? 0)
        self.premium.append(premium)
        known.append(signup != nil)
    }

    /// Sets a user's signup and plan, or marks them unknown (deleted from `analytics_users`).
    public mutating func set(_ user: Int, signup: Double?, premium isPremium: Bool) {
        signups[user] = signup ?? 0
        premium[user] = isPremium
        known[user] = signup != nil
    }
}
