/// How well the model predicted the last part of a history it was not fitted on.
public struct Backtest: Sendable, Equatable {
    /// The model fitted on the earlier part.
    public let kind: ModelKind
    /// How many trailing points were held out and predicted.
    public let heldOut: Int
    /// Mean absolute percentage error, in percent, over held-out points whose actual value is not zero;
    /// nil when every held-out point is zero.
    public let mape: Double?
    /// Share (0...1) of held-out points inside their prediction interval.
    public let coverage: Double
}
