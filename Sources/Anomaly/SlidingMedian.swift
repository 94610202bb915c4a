/// The median of the last `capacity` values added, kept sorted so that each addition costs one shift of the array.
struct SlidingMedian {
    /// How many of the latest values count.
    let capacity: Int
    /// The values in the order they came, as a ring once full.
    private var arrival: [Double] = []
    /// Where the next value overwrites the oldest once `arrival` is full.
    private var oldest = 0
    /// The same values, ascending.
    private var sorted: [Double] = []

    init(capacity: Int) {
        precondition(capacity > 0, "a sliding median needs room for a value")
        self.capacity = capacity
        arrival.reserveCapacity(capacity)
        sorted.reserveCapacity(capacity)
    }

    /// How many values count now.
    var count: Int { sorted.count }

    /// The median of the values that count, the mean of the middle two for an even count; nil when empty.
    var median: Double? {
        let n = sorted.count
        guard n > 0 else { return nil }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// Adds a value, dropping the oldest when `capacity` values already count. NaN is refused.
    mutating func add(_ value: Double) {
        precondition(!value.isNaN, "NaN has no place in an order")
        if arrival.count < capacity {
            arrival.append(value)
        } else {
            sorted.remove(at: insertionIndex(of: arrival[oldest]))
            arrival[oldest] = value
            oldest = oldest == capacity - 1 ? 0 : oldest + 1
        }
        sorted.insert(value, at: insertionIndex(of: value))
    }

    /// Multiplies every value by `factor` (> 0), which keeps their order.
    mutating func scale(by factor: Double) {
        precondition(factor > 0, "only a positive factor keeps the order")
        for i in arrival.indices { arrival[i] *= factor }
        for i in sorted.indices { sorted[i] *= factor }
    }

    /// The first index whose value is not below `value` (binary search).
    private func insertionIndex(of value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
