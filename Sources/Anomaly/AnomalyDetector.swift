/// Flags the days of a daily series that lie outside a band around a causal, robust forecast.
///
/// A day's expected value is the one-step-ahead forecast of a Holt–Winters filter (level, damped trend, weekly
/// season; multiplicative while no value is negative) run over the days before it only. Its spread is 1.4826 × the
/// median absolute forecast error of the last 84 days (a MAD; errors relative to their forecast when
/// multiplicative), at least 1 % of the level, and half a unit for counts. The band is expected ± k spreads,
/// k = `Sensitivity.bandWidth`. A day more than 2 spreads off is held back from the filter: three in a row on the
/// same side are a level shift (judged against the old level, then the level is reset to theirs, so the days after
/// are not flagged); a shorter run is outliers, taken in with errors clamped to 2 spreads. Values that are not finite
/// are missing days: not judged, and nothing is learnt from them.
public enum AnomalyDetector {
    /// Days that start the filter: they are never judged, and a series of this many days or fewer has no points.
    public static let minimumHistory = 21

    /// Judges every day after the first `minimumHistory`: one point per day with a finite value, in order.
    public static func scan(_ values: [Double], sensitivity: Sensitivity = .default) -> [AnomalyPoint] {
        guard values.count > minimumHistory else { return [] }
        var baseline = RobustBaseline(warmUp: values[..<minimumHistory])
        var points: [AnomalyPoint] = []
        points.reserveCapacity(values.count - minimumHistory)
        for value in values[minimumHistory...] {
            if value.isFinite {
                points.append(baseline.judge(value, bandWidth: sensitivity.bandWidth))
                baseline.observe(value)
            } else {
                baseline.skip()
            }
        }
        return points
    }

    /// Judges the last day given the days before it: scan's last point, without building the others.
    ///
    /// Nil when the series has `minimumHistory` days or fewer, or when its last value is not finite.
    public static func evaluateLast(_ values: [Double], sensitivity: Sensitivity = .default) -> AnomalyPoint? {
        guard values.count > minimumHistory, let last = values.last, last.isFinite else { return nil }
        var baseline = RobustBaseline(warmUp: values[..<minimumHistory])
        for value in values[minimumHistory..<(values.count - 1)] {
            if value.isFinite { baseline.observe(value) } else { baseline.skip() }
        }
        return baseline.judge(last, bandWidth: sensitivity.bandWidth)
    }
}
