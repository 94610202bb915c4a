/// The smoothing weights of additive Holt–Winters (level, trend, season), each in [0.01, 0.99].
public struct SmoothingParameters: Sendable, Equatable {
    /// Level weight.
    public let alpha: Double
    /// Trend weight, in Holt's form: `b = beta * (level - previous level) + (1 - beta) * previous b`.
    public let beta: Double
    /// Seasonal weight.
    public let gamma: Double

    /// Parameters as given, unchecked.
    public init(alpha: Double, beta: Double, gamma: Double) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
    }
}
