/// Medians in linear time by selection, as PostgreSQL's `percentile_cont(0.5)` defines them.
enum Median {
    /// The middle value, or the mean of the two middle values (PostgreSQL's `percentile_cont(0.5)`), by selection
    /// in linear time rather than a sort.
    static func of(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var values = values
        let middle = values.count / 2
        let upper = select(&values, middle)
        guard values.count % 2 == 0 else { return upper }
        // After selection everything before `middle` is at most `upper`: the lower middle is their maximum.
        return (values[..<middle].max()! + upper) / 2
    }

    /// Hoare's quickselect: puts the k-th smallest value at index k (smaller ones before it) and returns it.
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        var low = 0
        var high = values.count - 1
        while low < high {
            let pivot = values[low + (high - low) / 2]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                break
            }
        }
        return values[k]
    }
}
