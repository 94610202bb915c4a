import CLibPQ
import Glibc

/// The rows of one statement's result, text format; freed with the value.
public final class PGResult {
    private let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    public var rowCount: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }
    /// The count from an INSERT, UPDATE or DELETE.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// The row at `index`, for typed decoding.
    public func row(_ index: Int) -> PGRow { PGRow(result: self, index: index) }

    /// Every row decoded as a typed tuple.
    public func decode<each T: PGDecodable>(_ types: (repeat each T).Type) throws(PGError) -> [(repeat each T)] {
        var rows: [(repeat each T)] = []
        rows.reserveCapacity(rowCount)
        for index in 0..<rowCount { rows.append(try row(index).decode(types)) }
        return rows
    }

    /// Every row's first column.
    public func decode<T: PGDecodable>(_ type: T.Type) throws(PGError) -> [T] {
        try (0..<rowCount).map { index throws(PGError) in try row(index).decode(type) }
    }

    /// The cell at (row, column), nil for NULL.
    func cell(_ row: Int, _ column: Int) -> PGCell? {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return PGCell(pointer: value, count: Int(PQgetlength(handle, Int32(row), Int32(column))))
    }

    public func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }
}
