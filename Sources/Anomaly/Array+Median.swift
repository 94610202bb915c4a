extension Array where Element == Double {
    /// The middle value after sorting, the mean of the middle two for an even count; nil when empty.
    var median: Double? {
        guard !isEmpty else { return nil }
        let ascending = sorted()
        let middle = count / 2
        return count % 2 == 1 ? ascending[middle] : (ascending[middle - 1] + ascending[middle]) / 2
    }
}
