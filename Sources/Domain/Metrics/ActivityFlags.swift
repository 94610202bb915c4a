/// Which kinds of event a user had in one hour, as bits (the funnel's steps and the adoption signals); each
/// `EventName` sets one.
public struct ActivityFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `session_start` or `page_view`: the funnel's first step.
    public static let visit = ActivityFlags(rawValue: 1)
    public static let search = ActivityFlags(rawValue: 2)
    public static let tripView = ActivityFlags(rawValue: 4)
    public static let bookingStarted = ActivityFlags(rawValue: 8)
    public static let bookingCompleted = ActivityFlags(rawValue: 16)
    public static let featureUsed = ActivityFlags(rawValue: 32)
    public static let reviewPosted = ActivityFlags(rawValue: 64)

    /// The flag of each funnel step, in `FunnelStep` order.
    public static let funnel: [ActivityFlags] = [.visit, .search, .tripView, .bookingStarted, .bookingCompleted]
}
