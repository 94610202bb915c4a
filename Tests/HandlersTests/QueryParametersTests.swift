import Domain
import Foundation
import Handlers
import Testing

@Suite struct QueryParametersTests {
    @Test func decodesPercentAndPlus() throws {
        let query = try QueryParameters.parse("search=caf%C3%A9+bar&x=%2B1&empty=")
        #expect(query.values("search") == ["café bar"])
        #expect(query.values("x") == ["+1"])
        #expect(query.values("empty") == [""])
        #expect(query.names == ["search", "x", "empty"])
    }

    @Test func keepsRepeatsInOrder() throws {
        let query = try QueryParameters.parse("metrics=a&metrics=b,c&limit=1")
        #expect(query.values("metrics") == ["a", "b,c"])
        #expect(query.names == ["metrics", "limit"])
    }

    @Test func aNULInANameOrValueIsRefused() {
        #expect(throws: ValidationFailure([FieldError("search", "must not contain a NUL character")])) {
            try QueryParameters.parse("search=a%00b&limit=1")
        }
    }

    @Test func emptyQueryHasNoParameters() throws {
        #expect(try QueryParameters.parse("").pairs.isEmpty)
        #expect(try QueryParameters.parse("&&").pairs.isEmpty)
    }

    @Test func nameWithoutEqualsHasEmptyValue() throws {
        #expect(try QueryParameters.parse("flag").values("flag") == [""])
    }

    @Test func malformedEscapesFailEveryParameter() {
        #expect(
            throws: ValidationFailure([
                FieldError("a", "malformed percent-encoding"), FieldError("b", "malformed percent-encoding"),
            ])
        ) {
            try QueryParameters.parse("a=%zz&ok=1&b=%4")
        }
    }

    @Test func invalidUTF8Fails() {
        #expect(throws: ValidationFailure([FieldError("s", "malformed percent-encoding")])) {
            try QueryParameters.parse("s=%C3%28")
        }
    }

    @Test func tooManyParametersFail() {
        let query = (0..<101).map { "p\($0)=1" }.joined(separator: "&")
        #expect(throws: ValidationFailure([FieldError("query", "more than 100 parameters")])) {
            try QueryParameters.parse(query)
        }
    }
}

@Suite struct QueryValidatorTests {
    enum Range: String, CaseIterable { case short, long }
    enum Metric: String, CaseIterable { case a, b, c }

    struct Input: Equatable {
        var range: Range
        var limit: Int
        var metrics: [Metric]?
    }

    func validate(_ query: String) throws -> Input {
        var v = QueryValidator(try QueryParameters.parse(query))
        let range = v.oneOf("range", Range.self, default: .short)
        let limit = v.integer("limit", in: 1...50, default: 20)
        let metrics = v.list("metrics", Metric.self)
        return try v.finish { Input(range: range, limit: limit, metrics: metrics) }
    }

    @Test func defaultsApplyWhenAbsent() throws {
        #expect(try validate("") == Input(range: .short, limit: 20, metrics: nil))
    }

    @Test func readsEveryKind() throws {
        #expect(
            try validate("range=long&limit=50&metrics=a,b&metrics=c")
                == Input(range: .long, limit: 50, metrics: [.a, .b, .c]))
    }

    @Test(arguments: ["0", "51", "-1", "+1", "1.0", "1e1", " 1", "abc", "99999999999999999999999"])
    func integerOutsideRuleFails(_ raw: String) {
        #expect(throws: ValidationFailure([FieldError("limit", "must be an integer from 1 to 50")])) {
            try validate("limit=\(raw.replacingPlus())")
        }
    }

    @Test func integerBoundsAreInclusive() throws {
        #expect(try validate("limit=1").limit == 1)
        #expect(try validate("limit=50").limit == 50)
    }

    @Test func scalarGivenTwiceFails() {
        #expect(throws: ValidationFailure([FieldError("limit", "must be given once")])) {
            try validate("limit=1&limit=2")
        }
    }

    @Test func emptyValueFails() {
        #expect(throws: ValidationFailure([FieldError("range", "must not be empty")])) { try validate("range=") }
    }

    @Test func unknownParameterFails() {
        #expect(throws: ValidationFailure([FieldError("extra", "unknown parameter")])) { try validate("extra=1") }
    }

    @Test func listItemsAreCheckedOneByOne() {
        #expect(
            throws: ValidationFailure([
                FieldError("metrics", "'z' is not one of: a, b, c"), FieldError("metrics", "'a' is given twice"),
            ])
        ) { try validate("metrics=a,z&metrics=a") }
        #expect(throws: ValidationFailure([FieldError("metrics", "must not hold an empty item")])) {
            try validate("metrics=a,,b")
        }
    }

    @Test func everyFailureIsReportedAtOnce() {
        #expect(
            throws: ValidationFailure([
                FieldError("range", "must be one of: short, long"),
                FieldError("limit", "must be an integer from 1 to 50"),
                FieldError("bogus", "unknown parameter"),
            ])
        ) { try validate("bogus=1&range=medium&limit=0") }
    }
}

extension String {
    /// `+` in a query means a space; tests that want a literal plus encode it.
    fileprivate func replacingPlus() -> String {
        replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: " ", with: "%20")
    }
}
