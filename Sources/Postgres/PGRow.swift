/// The cells of one row, read by position.
public protocol PGCellSource {
    var columnCount: Int { get }
    /// The cell at `column`, nil for NULL.
    func cell(_ column: Int) -> PGCell?
}

extension PGCellSource {
    /// The row's first column.
    public func decode<T: PGDecodable>(_ type: T.Type) throws(PGError) -> T {
        guard columnCount > 0 else { throw PGError.decoding("the row has no columns") }
        do { return try T(pgCell: cell(0)) } catch { throw PGError.decoding("column 0: \(error.message)") }
    }

    /// The row's columns, from the first, as a typed tuple: `row.decode((String, Int, PGTimestamp?).self)`.
    public func decode<each T: PGDecodable>(_ types: (repeat each T).Type) throws(PGError) -> (repeat each T) {
        var column = 0
        var failure: PGError?
        func next<V: PGDecodable>(_ type: V.Type) -> V? {
            defer { column += 1 }
            guard failure == nil else { return nil }
            guard column < columnCount else {
                failure = PGError.decoding("the row has \(columnCount) columns, not \(column + 1)")
                return nil
            }
            do { return try V(pgCell: cell(column)) } catch {
                failure = PGError.decoding("column \(column): \(error.message)")
                return nil
            }
        }
        let values = (repeat next((each T).self))
        if let failure { throw failure }
        return (repeat (each values)!)
    }
}

/// One row of a `PGResult`.
public struct PGRow: PGCellSource {
    let result: PGResult
    public let index: Int

    public var columnCount: Int { result.columnCount }

    public func cell(_ column: Int) -> PGCell? { result.cell(index, column) }
}

/// The cells of a row from one column on, so that a wide row decodes in parts.
public struct PGRowSlice<Base: PGCellSource>: PGCellSource {
    let base: Base
    let offset: Int

    public init(_ base: Base, from offset: Int) { (self.base, self.offset) = (base, offset) }

    public var columnCount: Int { max(0, base.columnCount - offset) }

    public func cell(_ column: Int) -> PGCell? { base.cell(offset + column) }
}
