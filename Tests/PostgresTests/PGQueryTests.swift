import Testing

@testable import Postgres

@Suite struct PGQueryTests {
    @Test func interpolationsBecomeNumberedBinds() {
        let id = "x'; DROP TABLE dashboards; --"
        let query: PGQuery = "SELECT 1 FROM dashboards WHERE id = \(id) AND version = \(3)"
        #expect(query.sql == "SELECT 1 FROM dashboards WHERE id = $1 AND version = $2")
        #expect(query.binds.map(\.value) == [.text(id), .text("3")])
    }

    @Test func fragmentsAreRenumberedWhereTheyStand() {
        let filter: PGQuery = "WHERE owner_id = \("alice") AND name ILIKE \("%a%")"
        let page: PGQuery = "SELECT id FROM dashboards \(fragment: filter) LIMIT \(20) OFFSET \(40)"
        #expect(page.sql == "SELECT id FROM dashboards WHERE owner_id = $1 AND name ILIKE $2 LIMIT $3 OFFSET $4")
        #expect(page.binds.map(\.value) == [.text("alice"), .text("%a%"), .text("20"), .text("40")])
        let count: PGQuery = "SELECT count(*) FROM dashboards " + filter
        #expect(count.sql == "SELECT count(*) FROM dashboards WHERE owner_id = $1 AND name ILIKE $2")
    }

    @Test func concatenationAfterNumberedSQLContinuesItsNumbers() {
        let base = PGQuery(unsafeSQL: "SELECT $1::int4 + ", textBinds: ["1"])
        let sum = base + "\(2)"
        #expect(sum.sql == "SELECT $1::int4 + $2")
        #expect(sum.binds.count == 2)
    }

    @Test func nilIsNullAndUnescapedIsText() {
        let missing: String? = nil
        let query: PGQuery = "SELECT \(unescaped: "name") FROM t WHERE d = \(missing)"
        #expect(query.sql == "SELECT name FROM t WHERE d = $1")
        #expect(query.binds == [PGBind(value: nil, type: 0)])
    }

    @Test func timestampsTravelAsBinaryMicrosecondsSince2000() {
        let query: PGQuery = "SELECT \(PGTimestamp(946_684_801.5))"
        #expect(query.binds == [PGBind(value: .binary([0, 0, 0, 0, 0, 0x16, 0xE3, 0x60]), type: 1184)])
        let before: PGQuery = "SELECT \(PGTimestamp(946_684_799))"
        #expect(before.binds[0].value == .binary([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0, 0xBD, 0xC0]))
    }

    @Test func textArraysAreQuotedAndEscaped() {
        #expect(["a", "b\"c", "d\\e"].pgText == #"{"a","b\"c","d\\e"}"#)
    }
}
