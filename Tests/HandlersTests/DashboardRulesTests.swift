import Domain
import JSON
import Testing

@testable import Handlers

/// Every rule of spec endpoints 5 and 8, one row each, with boundary values on both sides.
@Suite struct DashboardRulesTests {
    static let widget: JSONValue = [
        "type": "chart", "title": "Bookings", "dataSource": "bookings", "visualization": "line", "config": ["days": 7],
    ]

    static func body(_ changes: [(String, JSONValue?)] = []) -> JSONObject {
        var object = JSONObject([("name", "Ops"), ("description", "Daily"), ("widgets", [widget]), ("isPublic", false)])
        for (key, value) in changes { object[key] = value }
        return object
    }

    static func widgetBody(_ changes: [(String, JSONValue?)]) -> JSONObject {
        var widget = Self.widget.objectValue!
        for (key, value) in changes { widget[key] = value }
        return body([("widgets", .array([.object(widget)]))])
    }

    static func failures(_ body: JSONObject) -> [FieldError] {
        do {
            _ = try DashboardRules.newDashboard(body)
            return []
        } catch { return error.details }
    }

    @Test func everyFiniteConfigRealIsAccepted() throws {
        let edge = Self.widgetBody([
            (
                "config",
                [
                    "k": [.real(1.797_693_134_862_315_7e308)], "m": .real(-1.797_693_134_862_315_7e308),
                    "small": .real(5e-324),
                ]
            )
        ])
        #expect(Self.failures(edge).isEmpty)
    }

    @Test func validBodyIsAccepted() throws {
        let input = try DashboardRules.newDashboard(Self.body())
        #expect(input.name == "Ops")
        #expect(input.description == "Daily")
        #expect(input.isPublic == false)
        #expect(input.widgets.count == 1)
        #expect(input.widgets[0].type == .chart)
        #expect(input.widgets[0].config == JSONObject([("days", 7)]))
    }

    @Test func isPublicDefaultsToFalseAndDescriptionIsOptional() throws {
        let input = try DashboardRules.newDashboard(Self.body([("isPublic", nil), ("description", nil)]))
        #expect(input.isPublic == false)
        #expect(input.description == nil)
    }

    static let refused: [(String, [(String, JSONValue?)], FieldError)] = [
        ("name missing", [("name", nil)], FieldError("name", "is required")),
        ("name null", [("name", .null)], FieldError("name", "must not be null")),
        ("name number", [("name", 5)], FieldError("name", "must be a string, not integer")),
        ("name array", [("name", ["a"])], FieldError("name", "must be a string, not array")),
        ("name empty", [("name", "")], FieldError("name", "must be 1 to 100 characters long, not 0")),
        (
            "name 101", [("name", .string(String(repeating: "a", count: 101)))],
            FieldError("name", "must be 1 to 100 characters long, not 101")
        ),
        (
            "name 101 é", [("name", .string(String(repeating: "é", count: 101)))],
            FieldError("name", "must be 1 to 100 characters long, not 101")
        ),
        ("name blank", [("name", "   ")], FieldError("name", "must contain a non-space character")),
        ("name control", [("name", "a\u{7}b")], FieldError("name", "must not contain control characters")),
        ("name newline", [("name", "a\nb")], FieldError("name", "must not contain control characters")),
        ("description number", [("description", 1.5)], FieldError("description", "must be a string, not number")),
        ("description null", [("description", .null)], FieldError("description", "must not be null")),
        (
            "description 501", [("description", .string(String(repeating: "d", count: 501)))],
            FieldError("description", "must be 0 to 500 characters long, not 501")
        ),
        (
            "description control", [("description", "a\u{0}b")],
            FieldError("description", "must not contain control characters other than tab and line breaks")
        ),
        ("widgets missing", [("widgets", nil)], FieldError("widgets", "is required")),
        ("widgets object", [("widgets", ["a": 1])], FieldError("widgets", "must be an array, not object")),
        ("widgets empty", [("widgets", [])], FieldError("widgets", "must hold 1 to 20 items, not 0")),
        (
            "widgets 21", [("widgets", .array(Array(repeating: widget, count: 21)))],
            FieldError("widgets", "must hold 1 to 20 items, not 21")
        ),
        ("widget not object", [("widgets", ["x"])], FieldError("widgets[0]", "must be an object, not string")),
        ("isPublic string", [("isPublic", "true")], FieldError("isPublic", "must be a boolean, not string")),
        ("isPublic number", [("isPublic", 1)], FieldError("isPublic", "must be a boolean, not integer")),
        ("isPublic null", [("isPublic", .null)], FieldError("isPublic", "must not be null")),
        ("ownerId", [("ownerId", "me")], FieldError("ownerId", "is not a known member")),
        ("id", [("id", "65a1b2c3d4e5f60718293a4b")], FieldError("id", "is not a known member")),
        ("createdAt", [("createdAt", "2026-01-01")], FieldError("createdAt", "is not a known member")),
        ("version", [("version", 9)], FieldError("version", "is not a known member")),
    ]

    @Test(arguments: refused)
    func bodyRuleRefuses(_ name: String, _ changes: [(String, JSONValue?)], _ expected: FieldError) {
        #expect(Self.failures(Self.body(changes)) == [expected], "\(name)")
    }

    static let widgetRefused: [(String, [(String, JSONValue?)], FieldError)] = [
        ("type missing", [("type", nil)], FieldError("widgets[0].type", "is required")),
        (
            "type unknown", [("type", "gauge")],
            FieldError("widgets[0].type", "must be one of: metric, chart, table, map, funnel")
        ),
        (
            "type number", [("type", 1)],
            FieldError("widgets[0].type", "must be one of: metric, chart, table, map, funnel")
        ),
        ("title missing", [("title", nil)], FieldError("widgets[0].title", "is required")),
        ("title empty", [("title", "")], FieldError("widgets[0].title", "must be 1 to 100 characters long, not 0")),
        (
            "title 101", [("title", .string(String(repeating: "t", count: 101)))],
            FieldError("widgets[0].title", "must be 1 to 100 characters long, not 101")
        ),
        ("title blank", [("title", " \t")], FieldError("widgets[0].title", "must not contain control characters")),
        ("title spaces", [("title", "   ")], FieldError("widgets[0].title", "must contain a non-space character")),
        ("title bool", [("title", true)], FieldError("widgets[0].title", "must be a string, not boolean")),
        ("dataSource missing", [("dataSource", nil)], FieldError("widgets[0].dataSource", "is required")),
        (
            "dataSource unknown", [("dataSource", "users")],
            FieldError(
                "widgets[0].dataSource", "must be one of: user_events, trips, bookings, reviews, revenue, performance")
        ),
        ("visualization missing", [("visualization", nil)], FieldError("widgets[0].visualization", "is required")),
        (
            "visualization unsuited", [("visualization", "gauge")],
            FieldError(
                "widgets[0].visualization", "must suit type chart: one of line, bar, area, pie, scatter, heatmap")
        ),
        (
            "visualization number", [("visualization", 3)],
            FieldError(
                "widgets[0].visualization", "must suit type chart: one of line, bar, area, pie, scatter, heatmap")
        ),
        ("config missing", [("config", nil)], FieldError("widgets[0].config", "is required")),
        ("config array", [("config", [1])], FieldError("widgets[0].config", "must be an object, not array")),
        ("config string", [("config", "{}")], FieldError("widgets[0].config", "must be an object, not string")),
        ("config null", [("config", .null)], FieldError("widgets[0].config", "must not be null")),
        ("unknown member", [("size", "large")], FieldError("widgets[0].size", "is not a known member")),
    ]

    @Test(arguments: widgetRefused)
    func widgetRuleRefuses(_ name: String, _ changes: [(String, JSONValue?)], _ expected: FieldError) {
        #expect(Self.failures(Self.widgetBody(changes)) == [expected], "\(name)")
    }

    @Test func boundaryValuesAreAccepted() throws {
        let hundred = String(repeating: "a", count: 100)
        let hundredAccents = String(repeating: "é", count: 100)
        #expect(try DashboardRules.newDashboard(Self.body([("name", .string(hundred))])).name == hundred)
        #expect(try DashboardRules.newDashboard(Self.body([("name", .string(hundredAccents))])).name == hundredAccents)
        let twenty = JSONValue.array(Array(repeating: Self.widget, count: 20))
        #expect(try DashboardRules.newDashboard(Self.body([("widgets", twenty)])).widgets.count == 20)
        let longDescription = String(repeating: "d", count: 500)
        #expect(
            try DashboardRules.newDashboard(Self.body([("description", .string(longDescription))])).description
                == longDescription)
        #expect(try DashboardRules.newDashboard(Self.body([("description", "")])).description == "")
        #expect(try DashboardRules.newDashboard(Self.body([("description", "line\nbreak\ttab")])).description != nil)
    }

    @Test(arguments: WidgetType.allCases)
    func everyVisualizationOfEveryTypeIsAccepted(_ type: WidgetType) throws {
        for visualization in type.visualizations {
            let body = Self.widgetBody([("type", .string(type.rawValue)), ("visualization", .string(visualization))])
            #expect(try DashboardRules.newDashboard(body).widgets[0].visualization == visualization)
        }
    }

    @Test func severalFaultsAreAllListed() {
        let body = JSONObject([
            ("name", ""),
            ("widgets", [["type": "map", "title": 7, "visualization": "line", "config": [], "x": 1], 5]),
            ("isPublic", "yes"), ("ownerId", "u9"),
        ])
        #expect(
            Self.failures(body) == [
                FieldError("name", "must be 1 to 100 characters long, not 0"),
                FieldError("widgets[0].title", "must be a string, not integer"),
                FieldError("widgets[0].dataSource", "is required"),
                FieldError("widgets[0].visualization", "must suit type map: one of choropleth, heatmap, markers"),
                FieldError("widgets[0].config", "must be an object, not array"),
                FieldError("widgets[0].x", "is not a known member"),
                FieldError("widgets[1]", "must be an object, not integer"),
                FieldError("isPublic", "must be a boolean, not string"),
                FieldError("ownerId", "is not a known member"),
            ])
    }

    @Test func updateNeedsAtLeastOneMember() {
        #expect(
            throws: ValidationFailure([
                FieldError("body", "must change at least one of: description, isPublic, name, widgets")
            ])
        ) {
            try DashboardRules.changes(JSONObject())
        }
    }

    @Test func updateTakesOnlyGivenMembers() throws {
        let changes = try DashboardRules.changes(JSONObject([("isPublic", true)]))
        #expect(changes == DashboardChanges(name: nil, description: nil, widgets: nil, isPublic: true))
    }

    @Test func updateAppliesTheSameRules() {
        #expect(
            throws: ValidationFailure([
                FieldError("name", "must be 1 to 100 characters long, not 101"),
                FieldError("widgets", "must hold 1 to 20 items, not 0"),
                FieldError("id", "is not a known member"),
            ])
        ) {
            try DashboardRules.changes(
                JSONObject([("name", .string(String(repeating: "n", count: 101))), ("widgets", []), ("id", "x")]))
        }
    }
}
