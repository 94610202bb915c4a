/// Names interned once to dense ids, at most `capacity` of them: past the cap every new name shares the id of
/// `overflowName`, so a free-form column cannot grow the model without bound. `ranks` orders the ids by name in
/// code-point order, for the ties of ranked lists.
public struct Vocabulary: Sendable {
    /// The name every name past the cap is counted under.
    public static let overflowName = "(other)"

    public let capacity: Int
    public private(set) var names: [String] = []
    private var ids: [String: Int32] = [:]
    /// Each id's position among the names in code-point order, as of the last `rank()`.
    public private(set) var ranks: [Int32] = []

    public init(capacity: Int) { self.capacity = max(capacity, 1) }

    public var count: Int { names.count }

    /// The id of a name interned before, if any.
    public func id(of name: String) -> Int32? { ids[name] }

    /// The name's id, adding it while there is room (the last place is kept for `overflowName`).
    public mutating func intern(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        let key = names.count < capacity - 1 ? name : Self.overflowName
        if let id = ids[key] { return id }
        let id = Int32(names.count)
        names.append(key)
        ids[key] = id
        return id
    }

    /// Ranks the names again if any was added since the last call; the loader calls it before it publishes.
    public mutating func rank() {
        guard ranks.count != names.count else { return }
        let order = names.indices.sorted {
            names[$0].unicodeScalars.lexicographicallyPrecedes(names[$1].unicodeScalars)
        }
        ranks = Array(repeating: 0, count: names.count)
        for (position, id) in order.enumerated() { ranks[id] = Int32(position) }
    }
}
