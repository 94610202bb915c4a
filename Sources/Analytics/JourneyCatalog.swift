/// Session journeys (the first ten event names of a session part) packed into one `UInt64` each: six bits per name
/// (an id of `eventNames` plus one, 0 past the end), the first name in the highest bits. Interned journeys are
/// dense ids into `keys`; per-request counts are flat arrays over them.
public struct JourneyCatalog: Sendable {
    /// The most names a journey holds.
    public static let length = 10
    /// Event names are capped at 63 (six bits, 0 meaning none); the rest count as `Vocabulary.overflowName`.
    public private(set) var eventNames = Vocabulary(capacity: 63)
    /// The packed journey of each id.
    public private(set) var keys: [UInt64] = []

    public init() {}

    public var count: Int { keys.count }

    /// The packed form of a comma-joined journey (`session_start,page_view,...`).
    public mutating func key(of path: String) -> UInt64 {
        var key: UInt64 = 0
        var position = 0
        for name in path.split(separator: ",", omittingEmptySubsequences: false) where position < Self.length {
            let code = UInt64(eventNames.intern(String(name)) + 1)
            key |= code << UInt64(6 * (Self.length - 1 - position))
            position += 1
        }
        return key
    }

    /// Adds a packed journey as the next id.
    public mutating func append(_ key: UInt64) -> Int32 {
        keys.append(key)
        return Int32(keys.count - 1)
    }

    public mutating func rank() { eventNames.rank() }

    /// Takes another catalogue's event names, so that keys packed by it read the same here (compaction keeps the
    /// names and renumbers only the journeys).
    mutating func adoptEventNames(from other: JourneyCatalog) { eventNames = other.eventNames }

    /// The event names of journey `id`.
    public func names(_ id: Int32) -> [String] {
        codes(keys[Int(id)]).map { eventNames.names[Int($0 - 1)] }
    }

    /// Whether journey `a` comes before `b` by their names in order, each in code-point order (a journey that
    /// is a prefix of another comes first).
    public func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let (x, y) = (keys[Int(a)], keys[Int(b)])
        let ranks = eventNames.ranks
        for position in 0..<Self.length {
            let shift = UInt64(6 * (Self.length - 1 - position))
            let (p, q) = (Int((x >> shift) & 63), Int((y >> shift) & 63))
            if p == q {
                if p == 0 { return false }
                continue
            }
            if p == 0 || q == 0 { return p == 0 }
            return ranks[p - 1] < ranks[q - 1]
        }
        return false
    }

    func codes(_ key: UInt64) -> [UInt64] {
        (0..<Self.length).map { (key >> UInt64(6 * (Self.length - 1 - $0))) & 63 }.prefix { $0 != 0 }.map { $0 }
    }
}
