/// A bounded summary of a table's numeric columns for the PDF's line charts: the minimum and maximum of each
/// column over at most `capacity` buckets of consecutive rows, so memory stays flat however many rows stream.
///
/// A bucket starts as one row; when the rows outgrow the buckets, neighbours merge pairwise and each bucket
/// covers twice as many rows (100,000 rows over 512 buckets end as 391 buckets of 256 rows).
struct ChartSummary {
    /// Buckets per column: about one per point of the plot's width.
    static let capacity = 512

    /// The charted columns' positions in a row.
    let columns: [Int]
    /// The column whose day numbers label the x axis, if the table has a date column.
    let dayColumn: Int?
    /// Rows per bucket, a power of two.
    private(set) var bucketWidth = 1
    /// Rows summarised.
    private(set) var rowCount = 0
    /// `minimum[c * capacity + b]`: bucket `b` of charted column `c`; +inf / -inf while the bucket has no value.
    private var minimum: [Double]
    private var maximum: [Double]
    /// The day number (or, without a day column, the row index) of each bucket's first row.
    private var labels: [Int]

    init(columns: [Int], dayColumn: Int?) {
        self.columns = columns
        self.dayColumn = dayColumn
        minimum = Array(repeating: .infinity, count: columns.count * Self.capacity)
        maximum = Array(repeating: -.infinity, count: columns.count * Self.capacity)
        labels = Array(repeating: 0, count: Self.capacity)
    }

    /// Buckets in use.
    var bucketCount: Int { (rowCount + bucketWidth - 1) / bucketWidth }

    /// Adds one row; cells that are not finite numbers are left out of the charts.
    mutating func add(_ cells: [ExportCell]) {
        if rowCount == Self.capacity * bucketWidth { mergePairs() }
        let bucket = rowCount / bucketWidth
        if rowCount % bucketWidth == 0 {
            labels[bucket] = rowCount
            if let dayColumn, case .date(let day) = cells[dayColumn] { labels[bucket] = day }
        }
        for (chart, column) in columns.enumerated() {
            let value: Double
            switch cells[column] {
            case .number(let number) where number.isFinite: value = number
            case .integer(let integer): value = Double(integer)
            default: continue
            }
            let slot = chart * Self.capacity + bucket
            if value < minimum[slot] { minimum[slot] = value }
            if value > maximum[slot] { maximum[slot] = value }
        }
        rowCount += 1
    }

    /// The range of bucket `bucket` of charted column `chart`, or nil when it holds no value.
    func range(chart: Int, bucket: Int) -> ClosedRange<Double>? {
        let slot = chart * Self.capacity + bucket
        return minimum[slot] <= maximum[slot] ? minimum[slot]...maximum[slot] : nil
    }

    /// The label (day number or row index) of a bucket's first row.
    func label(bucket: Int) -> Int { labels[bucket] }

    /// The range of every value of charted column `chart`, or nil when it has none.
    func range(chart: Int) -> ClosedRange<Double>? {
        var low = Double.infinity
        var high = -Double.infinity
        for bucket in 0..<bucketCount {
            guard let range = range(chart: chart, bucket: bucket) else { continue }
            low = min(low, range.lowerBound)
            high = max(high, range.upperBound)
        }
        return low <= high ? low...high : nil
    }

    /// Halves the buckets in use: bucket k becomes buckets 2k and 2k + 1 together.
    private mutating func mergePairs() {
        for chart in 0..<columns.count {
            let base = chart * Self.capacity
            for bucket in 0..<Self.capacity / 2 {
                minimum[base + bucket] = min(minimum[base + 2 * bucket], minimum[base + 2 * bucket + 1])
                maximum[base + bucket] = max(maximum[base + 2 * bucket], maximum[base + 2 * bucket + 1])
            }
            for bucket in Self.capacity / 2..<Self.capacity {
                minimum[base + bucket] = .infinity
                maximum[base + bucket] = -.infinity
            }
        }
        for bucket in 0..<Self.capacity / 2 { labels[bucket] = labels[2 * bucket] }
        bucketWidth *= 2
    }
}
