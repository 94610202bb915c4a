/// The components of the weekly Holt–Winters filter: the level, a damped trend and a seasonal term per weekday.
///
/// In error-correction form, with e the one-step-ahead error of a day of phase p: trend *= phi; level += trend + a e;
/// trend += a b e; season[p] += g e, divided by the level when the season is multiplicative (terms are shares of the
/// level, so the weekly pattern grows and shrinks with it). A seasonal term seen n times so far uses
/// max(g, 1 / (n + 1)): it averages its first weeks instead of starting from one noisy week.
struct BaselineState {
    /// Days in a season.
    static let period = 7
    /// a: weight of a day's error in the level.
    static let levelWeight = 0.1
    /// b: share of the level's correction that also goes into the trend.
    static let trendWeight = 0.05
    /// g: weight of a day's error in its weekday's seasonal term.
    static let seasonWeight = 0.1
    /// phi: the trend keeps this share of itself each day, so that a trend learnt from a step fades.
    static let damping = 0.97
    /// A multiplicative seasonal factor is kept at or above this, so that deseasonalising never divides by zero.
    static let smallestFactor = 0.05
    /// And at or below this, so that an error against a level near zero cannot blow a weekday up.
    static let largestFactor = 10.0

    /// The deseasonalised level of the last day seen.
    private(set) var level: Double
    /// Change of the level per day.
    private(set) var trend = 0.0
    /// Seasonal terms by phase (day t uses season[t mod 7]): shares of the level when `isMultiplicative`.
    private(set) var season: [Double]
    /// Days seen by phase.
    private var seasonCounts: [Int]
    /// Whether the seasonal terms are shares of the level, and the level stays at or above zero: from a first week
    /// with a positive median and no negative value, until a value is negative.
    private(set) var isMultiplicative: Bool

    /// Starts from a week: the level is its median, each seasonal term its day's deviation from it, the trend 0.
    /// Days whose value is not finite start at 0 and count as unseen.
    init(firstWeek: ArraySlice<Double>) {
        precondition(firstWeek.count == Self.period, "the filter starts from a whole week")
        let finite = Array(firstWeek).filter(\.isFinite)
        let median = finite.median ?? 0
        let isMultiplicative = median > 0 && finite.allSatisfy { $0 >= 0 }
        level = median
        season = firstWeek.map { value in
            guard value.isFinite else { return 0 }
            guard isMultiplicative else { return value - median }
            return min(max(value / median, Self.smallestFactor), Self.largestFactor) - 1
        }
        seasonCounts = firstWeek.map { $0.isFinite ? 1 : 0 }
        self.isMultiplicative = isMultiplicative
    }

    /// The expected value of the next day, whose phase is `phase`.
    func forecast(phase: Int) -> Double {
        let level = self.level + Self.damping * trend
        return isMultiplicative ? level * (1 + season[phase]) : level + season[phase]
    }

    /// The level a value of phase `phase` implies, by removing its seasonal term.
    func deseasonalised(_ value: Double, phase: Int) -> Double {
        isMultiplicative ? value / (1 + season[phase]) : value - season[phase]
    }

    /// What a day's error is measured in: its forecast (at least a tenth of the level) when the season is
    /// multiplicative, since errors then grow with the level and the weekday; 1 otherwise, or at a level of zero.
    func errorUnit(phase: Int) -> Double {
        guard isMultiplicative else { return 1 }
        let unit = max(forecast(phase: phase), 0.1 * level)
        return unit > 0 ? unit : 1
    }

    /// Takes in the next day through its error; `levelWeight` replaces a while the level is young.
    mutating func update(error: Double, phase: Int, levelWeight: Double) {
        advance()
        learn(error: error, phase: phase, levelWeight: levelWeight)
    }

    /// Moves on by a day along the (damped) trend.
    mutating func advance() {
        trend *= Self.damping
        level += trend
        keepLevelNonNegative()
    }

    /// Corrects each component by its share of the error of a day of phase `phase`.
    mutating func learn(error: Double, phase: Int, levelWeight: Double) {
        level += levelWeight * error
        trend += Self.levelWeight * Self.trendWeight * error
        keepLevelNonNegative()
        let weight = max(Self.seasonWeight, 1 / Double(seasonCounts[phase] + 1))
        if isMultiplicative {
            guard level > 0 else { return }
            // An error beyond the level itself says more about the level than about the weekday.
            let factor = 1 + season[phase] + weight * min(max(error / level, -1), 1)
            season[phase] = min(max(factor, Self.smallestFactor), Self.largestFactor) - 1
        } else {
            season[phase] += weight * error
        }
        seasonCounts[phase] += 1
    }

    /// Sets the level after a level shift.
    mutating func shift(toLevel newLevel: Double) {
        level = newLevel
        keepLevelNonNegative()
    }

    /// Turns the seasonal terms into amounts at the current level, for a series that turned out to go negative.
    mutating func makeAdditive() {
        guard isMultiplicative else { return }
        season = season.map { $0 * level }
        isMultiplicative = false
    }

    /// A multiplicative level is a count or an amount: at zero it stops, and so does a falling trend.
    private mutating func keepLevelNonNegative() {
        if isMultiplicative && level < 0 {
            level = 0
            trend = max(trend, 0)
        }
    }
}
