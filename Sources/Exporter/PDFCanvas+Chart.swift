import Glibc

/// Line charts of a `ChartSummary` column, one per page.
extension PDFCanvas {
    /// Draws a full-page line chart of charted column `chart`: the metric name as its title, y ticks at round
    /// values with grid lines, x ticks labelled with dates (or row numbers), and each bucket drawn from its
    /// minimum to its maximum, so spikes survive the downsampling.
    func drawChart(title: String, subtitle: String, summary: ChartSummary, chart: Int) {
        text(title, style: .heading, x: Self.margin, y: Self.margin, width: Self.width - 2 * Self.margin)
        setGray(0.35)
        text(subtitle, style: .small, x: Self.margin, y: Self.margin + 22, width: Self.width - 2 * Self.margin)
        setGray(0)
        let plot = (
            left: Self.margin + 64, right: Self.width - Self.margin - 16, top: Self.margin + 50,
            bottom: Self.bottom - 24
        )
        guard let values = summary.range(chart: chart), summary.rowCount > 0 else {
            text("No values to chart.", style: .body, x: plot.left, y: plot.top)
            return
        }
        let frame = ChartFrame(
            left: plot.left, right: plot.right, top: plot.top, bottom: plot.bottom, ticks: Self.niceTicks(values),
            lastRow: Double(max(summary.rowCount - 1, 1)))
        drawValueAxis(frame)
        drawRowAxis(frame, summary)
        setGray(0)
        strokeLine(from: (frame.left, frame.top), to: (frame.left, frame.bottom), width: 0.75)
        strokeLine(from: (frame.left, frame.bottom), to: (frame.right, frame.bottom), width: 0.75)
        drawSeries(frame, summary, chart: chart)
        setGray(0)
    }

    /// Y ticks at round values, with grid lines.
    func drawValueAxis(_ frame: ChartFrame) {
        for index in 0...frame.ticks.count {
            let value = frame.ticks.start + Double(index) * frame.ticks.step
            let y = frame.y(value)
            setGray(0.85)
            strokeLine(from: (frame.left, y), to: (frame.right, y), width: 0.5)
            setGray(0.2)
            text(TextFormat.display(value), style: .small, x: Self.margin, y: y - 5, width: 58, alignment: .right)
        }
    }

    /// Up to six x ticks, at bucket starts, where the bucket's first label (date or row number) is exact.
    func drawRowAxis(_ frame: ChartFrame, _ summary: ChartSummary) {
        var ticked = Set<Int>()
        let buckets = summary.bucketCount
        for index in 0..<6 {
            let bucket = buckets == 1 ? 0 : Int((Double(index) * Double(buckets - 1) / 5).rounded())
            guard ticked.insert(bucket).inserted else { continue }
            let x = frame.x(row: Double(bucket * summary.bucketWidth))
            setGray(0.2)
            strokeLine(from: (x, frame.bottom), to: (x, frame.bottom + 4), width: 0.75)
            let label = summary.label(bucket: bucket)
            let labelText = summary.dayColumn == nil ? TextFormat.grouped(label + 1) : TextFormat.day(label)
            text(labelText, style: .small, x: x - 45, y: frame.bottom + 7, width: 90, alignment: .center)
        }
    }

    /// Each bucket as a stroke from its minimum to its maximum, so a spike inside a bucket stays visible.
    func drawSeries(_ frame: ChartFrame, _ summary: ChartSummary, chart: Int) {
        setColor(red: 0.12, green: 0.38, blue: 0.71)
        var drawing = false
        var lastY = 0.0
        var points = 0
        for bucket in 0..<summary.bucketCount {
            guard let range = summary.range(chart: chart, bucket: bucket) else {
                drawing = false
                continue
            }
            let firstRow = bucket * summary.bucketWidth
            let rows = min(summary.bucketWidth, summary.rowCount - firstRow)
            let x = frame.x(row: Double(firstRow) + Double(rows - 1) / 2)
            let (low, high) = (frame.y(range.lowerBound), frame.y(range.upperBound))
            // Enter at the end nearer the previous point, leave at the other.
            let (enter, leave) = abs(lastY - low) < abs(lastY - high) ? (low, high) : (high, low)
            if drawing { lineTo(x, enter) } else { moveTo(x, enter) }
            lineTo(x, leave)
            lastY = leave
            drawing = true
            points += 1
        }
        stroke(width: 1)
        if points == 1, let range = summary.range(chart: chart, bucket: 0) {
            fillCircle(x: frame.x(row: 0), y: frame.y(range.upperBound), radius: 2)
        }
    }

    /// Round tick values covering `values`: a step of 1, 2 or 5 times a power of ten, about five intervals.
    static func niceTicks(_ values: ClosedRange<Double>) -> (start: Double, end: Double, step: Double, count: Int) {
        var low = values.lowerBound
        var high = values.upperBound
        if high - low < max(low.magnitude, high.magnitude) * 1e-12 || high == low {
            let pad = max(low.magnitude * 0.1, 1)
            low -= pad
            high += pad
        }
        let rough = (high - low) / 5
        let magnitude = pow(10, floor(log10(rough)))
        let residual = rough / magnitude
        let step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude
        let start = floor(low / step) * step
        let count = max(1, Int(ceil((high - start) / step - 1e-9)))
        return (start, start + Double(count) * step, step, count)
    }
}

/// Where a chart's plot sits on the page and how values and rows map onto it.
struct ChartFrame {
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double
    let ticks: (start: Double, end: Double, step: Double, count: Int)
    let lastRow: Double

    func y(_ value: Double) -> Double { bottom - (value - ticks.start) / (ticks.end - ticks.start) * (bottom - top) }

    func x(row: Double) -> Double { left + row / lastRow * (right - left) }
}
