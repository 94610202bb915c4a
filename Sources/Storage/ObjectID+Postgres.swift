public import Domain
public import Postgres

/// Ids travel as their 24 hex digits and are checked when read back.
extension ObjectID: PGTextBindable, PGDecodable {
    public var pgText: String { text }

    public init(pgCell: PGCell?) throws(PGError) {
        guard let id = ObjectID(try String(pgCell: pgCell)) else { throw PGError.decoding("not an ObjectId") }
        self = id
    }
}
