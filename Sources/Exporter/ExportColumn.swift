/// A column of an export table: its header text and the kind of value its cells hold.
public struct ExportColumn: Sendable, Equatable {
    /// What a column holds; it sets alignment, XLSX column width and whether the PDF charts it.
    public enum Kind: String, Sendable, CaseIterable {
        case text
        case number
        case integer
        case date

        /// Number and integer columns are charted in the PDF when their table asks for charts.
        public var isNumeric: Bool { self == .number || self == .integer }
    }

    /// The header text.
    public var title: String
    /// The kind of value the cells hold.
    public var kind: Kind

    /// A column titled `title` holding `kind` values.
    public init(_ title: String, _ kind: Kind) {
        self.title = title
        self.kind = kind
    }
}
