/// One value of a table row; the case, not the column, decides how the value is written.
public enum ExportCell: Sendable, Equatable {
    /// Text, written as text in every format (never as a formula; CSV neutralises formula triggers).
    case text(String)
    /// A real number; NaN and infinities are written as an empty cell (JSON `null`).
    case number(Double)
    /// A whole number.
    case integer(Int)
    /// A calendar day: the UTC day number since 1970-01-01 (0 is 1970-01-01, -1 is 1969-12-31).
    case date(Int)
    /// No value: an empty field, JSON `null`, a blank cell.
    case empty
}
