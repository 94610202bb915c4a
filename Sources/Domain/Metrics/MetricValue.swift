public import JSON

/// How analytics figures are written, in every endpoint alike: whole numbers as JSON integers, others rounded to
/// 4 decimals.
public enum MetricValue {
    public static func json(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 1e15 ? .integer(Int64(value)) : .number(round4(value))
    }

    public static func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
