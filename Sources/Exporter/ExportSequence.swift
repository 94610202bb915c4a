/// The order of a writer's calls and its row counts, checked the same way by every writer.
struct ExportSequence {
    enum Stage {
        /// Before `begin`.
        case created
        /// Between tables.
        case open
        /// Between `beginTable` and `endTable`.
        case inTable
        /// `finish` succeeded.
        case finished
        /// `cancel` was called or a call failed.
        case cancelled
    }

    private(set) var stage = Stage.created
    /// The current (or last) table's name and column count.
    private(set) var tableName = ""
    private(set) var columnCount = 0
    /// Tables begun so far.
    private(set) var tableCount = 0
    /// Data rows over every table, and in the current table.
    private(set) var rowCount = 0
    private(set) var tableRowCount = 0

    mutating func begin() throws(ExportError) {
        try expect(.created, "begin")
        stage = .open
    }

    mutating func beginTable(name: String, columnCount: Int) throws(ExportError) {
        try expect(.open, "beginTable")
        guard columnCount > 0 else { throw .misuse("table \(name) has no columns") }
        stage = .inTable
        tableName = name
        self.columnCount = columnCount
        tableCount += 1
        tableRowCount = 0
    }

    mutating func row(cellCount: Int) throws(ExportError) {
        try expect(.inTable, "row")
        guard cellCount == columnCount else {
            throw .rowShape(table: tableName, expected: columnCount, actual: cellCount)
        }
        rowCount += 1
        tableRowCount += 1
    }

    mutating func endTable() throws(ExportError) {
        try expect(.inTable, "endTable")
        stage = .open
    }

    /// Checks that `finish` may run; `markFinished` records its success.
    func finish() throws(ExportError) {
        try expect(.open, "finish")
    }

    mutating func markFinished() { stage = .finished }

    /// Records a cancel; returns whether there was anything to cancel.
    mutating func cancel() -> Bool {
        switch stage {
        case .finished, .cancelled: return false
        case .created, .open, .inTable:
            stage = .cancelled
            return true
        }
    }

    private func expect(_ wanted: Stage, _ call: String) throws(ExportError) {
        guard stage != wanted else { return }
        let state =
            switch stage {
            case .created: "before begin"
            case .open: tableCount == 0 ? "after begin" : "outside a table"
            case .inTable: "inside table \(tableName) (endTable first)"
            case .finished: "after finish"
            case .cancelled: "after cancel or a failed call"
            }
        throw .misuse("\(call) is not allowed \(state)")
    }
}
