/// The five kinds of insight (spec endpoint 2).
public enum InsightType: String, CaseIterable, Sendable {
    case engagementPatterns = "engagement_patterns"
    case conversionFunnel = "conversion_funnel"
    case dropOffPoints = "drop_off_points"
    case featureAdoption = "feature_adoption"
    case userJourneys = "user_journeys"
}

/// The funnel's steps, in order (CONTRACT.md section 10).
public enum FunnelStep: String, CaseIterable, Sendable {
    case visit, search
    case tripView = "trip_view"
    case bookingStarted = "booking_started"
    case bookingCompleted = "booking_completed"
}
