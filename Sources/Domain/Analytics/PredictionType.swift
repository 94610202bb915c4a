/// The series `/predictive` forecasts (spec endpoint 4).
public enum PredictionType: String, CaseIterable, Sendable {
    /// Users signed up by the end of each day (cumulative).
    case userGrowth = "user_growth"
    /// Revenue of each day's completed bookings.
    case revenue
    /// Completed bookings per day.
    case demandForecast = "demand_forecast"
    /// Percent of the previous week's active users not active in the week ending that day.
    case churnRate = "churn_rate"
    /// Percent of the users signed up by the end of each day who have used any feature by then.
    case featureAdoption = "feature_adoption"

    /// Percent series are kept within 0...100, counts and money at 0 or more.
    public var bounds: ClosedRange<Double> {
        switch self {
        case .churnRate, .featureAdoption: 0...100
        case .userGrowth, .revenue, .demandForecast: 0...Double.greatestFiniteMagnitude
        }
    }
}
