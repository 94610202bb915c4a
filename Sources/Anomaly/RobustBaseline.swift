/// The causal baseline of a daily series: a robust weekly Holt–Winters filter, its spread and its level shifts.
///
/// Each day is judged against the forecast made from the days before it. A day whose error is within 2 spreads
/// updates the filter; one beyond is held in a `LevelShiftRun`: three in a row on the same side are a level shift
/// (the level is reset to what they imply), a shorter run was outliers, taken in late with errors clamped to
/// ±2 spreads, so an outlier moves the baseline by little. The spread is 1.4826 × the median absolute forecast
/// error of the last 84 days (relative to the forecast when the season is multiplicative).
struct RobustBaseline {
    /// Days of forecast errors whose median absolute value gives the spread.
    static let spreadWindow = 84
    /// Fewest errors from which the spread is their median; before, it is the first week's.
    static let minimumErrors = 7
    /// 1 / Φ⁻¹(3/4): turns the median absolute error of normal errors into their standard deviation.
    static let madToSigma = 1.482_602_218_505_602
    /// The spread is at least this share of the level's absolute value (a constant series has no error at all).
    static let relativeSpreadFloor = 0.01
    /// And at least this while every value is a whole number (a count): a day one count off is never anomalous.
    static let countSpreadFloor = 0.5
    /// And at least this, for a level of zero.
    static let absoluteSpreadFloor = 1e-9

    private var state: BaselineState
    /// Phase of the next day in the filter's week.
    private var phase = 0
    /// Index of the next day in the series.
    private var index = 0
    /// Absolute forecast errors, each divided by its day's error unit.
    private var errors = SlidingMedian(capacity: spreadWindow)
    /// The first week's spread around its median, used until `minimumErrors` errors are in.
    private let initialSpread: Double
    private var run = LevelShiftRun()
    /// Days of the regime since the last level shift, while the level still averages them.
    private var regimeDays: Int?
    /// Whether no day so far was negative: the forecast and the lower bound then stay at or above zero.
    private var isNonNegative: Bool
    /// Whether every day so far was a whole number.
    private var isCount: Bool

    /// Starts from the first week of `warmUp`, then takes in its other days, so that their errors, each made before
    /// its day was seen, seed the spread.
    init(warmUp: ArraySlice<Double>) {
        let period = BaselineState.period
        let firstWeek = warmUp.prefix(period)
        let start = BaselineState(firstWeek: firstWeek)
        let finite = Array(firstWeek).filter(\.isFinite)
        state = start
        initialSpread = Self.madToSigma * (finite.map { abs($0 - start.level) }.median ?? 0)
        isNonNegative = finite.allSatisfy { $0 >= 0 }
        isCount = finite.allSatisfy { $0 == $0.rounded() }
        index = period
        for value in warmUp.dropFirst(period) {
            if value.isFinite { observe(value) } else { skip() }
        }
    }

    /// The robust standard deviation of the next day's forecast error.
    var spread: Double {
        var robust = initialSpread
        if errors.count >= Self.minimumErrors, let median = errors.median {
            robust = Self.madToSigma * median * state.errorUnit(phase: phase)
        }
        let floor = isCount ? Self.countSpreadFloor : Self.absoluteSpreadFloor
        return max(robust, Self.relativeSpreadFloor * abs(state.level), floor)
    }

    /// Judges the next day's value against the band of `bandWidth` spreads around its forecast.
    func judge(_ value: Double, bandWidth: Double) -> AnomalyPoint {
        let spread = self.spread
        var expected = state.forecast(phase: phase)
        var lower = expected - bandWidth * spread
        if isNonNegative {
            expected = max(expected, 0)
            lower = max(expected - bandWidth * spread, 0)
        }
        let upper = expected + bandWidth * spread
        return AnomalyPoint(
            index: index, value: value, expected: expected, lower: lower, upper: upper,
            score: (value - expected) / spread, isAnomaly: value < lower || value > upper)
    }

    /// Takes in the next day's value; one whose error overflows (values near the largest double) is skipped.
    mutating func observe(_ value: Double) {
        let spread = self.spread
        let error = value - state.forecast(phase: phase)
        guard error.isFinite else { return skip() }
        if value < 0 && isNonNegative {
            // From here on errors are absolute: held errors go in first, the window is converted.
            releaseRun()
            isNonNegative = false
            errors.scale(by: state.errorUnit(phase: phase))
            state.makeAdditive()
        }
        isCount = isCount && value == value.rounded()
        let day = LevelShiftRun.Day(
            index: index, phase: phase, value: value, error: error, spread: spread,
            errorUnit: state.errorUnit(phase: phase))
        if abs(error) > LevelShiftRun.threshold * spread {
            if !run.isExtended(by: error) { releaseRun() }
            run.hold(day)
            state.advance()
        } else {
            releaseRun()
            state.update(error: error, phase: phase, levelWeight: nextLevelWeight())
            errors.add(abs(error) / day.errorUnit)
        }
        moveToNextDay()
        if run.isShift { shiftLevel() }
    }

    /// Passes over a day without a value: the level moves along the trend, nothing is learnt.
    mutating func skip() {
        state.advance()
        moveToNextDay()
    }

    /// Takes in the days of a run that ended short of a shift: outliers, so their errors are clamped.
    private mutating func releaseRun() {
        for day in run.end() {
            let limit = LevelShiftRun.threshold * day.spread
            state.learn(error: min(max(day.error, -limit), limit), phase: day.phase, levelWeight: nextLevelWeight())
            errors.add(abs(day.error) / day.errorUnit)
        }
    }

    /// Resets the level to the median of the levels the run's days imply, each carried to the last day along the
    /// trend. Their errors still join the spread's: leaving out every large error could shrink the spread until
    /// every day looked like a shift.
    private mutating func shiftLevel() {
        let days = run.end()
        guard let last = days.last else { return }
        let levels = days.map {
            state.deseasonalised($0.value, phase: $0.phase) + state.trend * Double(last.index - $0.index)
        }
        guard let level = levels.median else { return }
        state.shift(toLevel: level)
        for day in days { errors.add(abs(day.error) / day.errorUnit) }
        regimeDays = days.count
    }

    /// a, or 1 / (days + 1) while the regime since the last shift is younger than 1 / a days.
    private mutating func nextLevelWeight() -> Double {
        guard let days = regimeDays else { return BaselineState.levelWeight }
        let weight = max(BaselineState.levelWeight, 1 / Double(days + 1))
        regimeDays = weight > BaselineState.levelWeight ? days + 1 : nil
        return weight
    }

    private mutating func moveToNextDay() {
        index += 1
        phase = phase == BaselineState.period - 1 ? 0 : phase + 1
    }
}
