public import Domain
public import JSON

/// The rules for dashboard bodies (spec endpoints 5 and 8, CONTRACT.md section 6), in one place.
public enum DashboardRules {
    public static let nameLength = 1...100
    public static let descriptionLength = 0...500
    public static let widgetCount = 1...20
    public static let titleLength = 1...100
    static let members: Set<String> = ["name", "description", "widgets", "isPublic"]
    static let widgetMembers: Set<String> = ["type", "title", "dataSource", "visualization", "config"]

    /// Validates a create body: `name` and `widgets` required, `isPublic` defaults to false.
    public static func newDashboard(_ body: JSONObject) throws(ValidationFailure) -> NewDashboard {
        var v = BodyValidator()
        let name = v.string(body, "name", required: true, length: nameLength, rule: .title)
        let description = v.string(body, "description", required: false, length: descriptionLength)
        let widgets = v.array(body, "widgets", required: true, count: widgetCount, item: widget)
        let isPublic = v.bool(body, "isPublic", required: false)
        v.rejectUnknownMembers(body, known: members)
        return try v.finish {
            guard let name, let widgets else { return nil }
            return NewDashboard(name: name, description: description, widgets: widgets, isPublic: isPublic ?? false)
        }
    }

    /// Validates an update body: every member optional, at least one given.
    public static func changes(_ body: JSONObject) throws(ValidationFailure) -> DashboardChanges {
        var v = BodyValidator()
        if body.isEmpty { v.fail("body", "must change at least one of: description, isPublic, name, widgets") }
        let name = v.string(body, "name", required: false, length: nameLength, rule: .title)
        let description = v.string(body, "description", required: false, length: descriptionLength)
        let widgets = v.array(body, "widgets", required: false, count: widgetCount, item: widget)
        let isPublic = v.bool(body, "isPublic", required: false)
        v.rejectUnknownMembers(body, known: members)
        return try v.finish {
            DashboardChanges(name: name, description: description, widgets: widgets, isPublic: isPublic)
        }
    }

    /// One widget: every member required, `visualization` suited to `type`, `config` an object.
    static func widget(_ v: inout BodyValidator, _ value: JSONValue, _ path: String) -> Widget? {
        guard case .object(let object) = value else {
            v.fail(path, "must be an object, not \(value.typeName)")
            return nil
        }
        let type = v.oneOf(object, "type", WidgetType.self, at: path, required: true)
        let title = v.string(object, "title", at: path, required: true, length: titleLength, rule: .title)
        let dataSource = v.oneOf(object, "dataSource", DataSource.self, at: path, required: true)
        let visualization = v.member(object, "visualization", at: path, required: true)
        var checkedVisualization: String?
        if let visualization {
            let allowed = type?.visualizations ?? WidgetType.allCases.flatMap(\.visualizations)
            let vPath = BodyValidator.path(path, "visualization")
            if case .string(let text) = visualization, allowed.contains(text) {
                checkedVisualization = text
            } else if let type {
                v.fail(vPath, "must suit type \(type.rawValue): one of " + allowed.joined(separator: ", "))
            } else {
                v.fail(vPath, "must be a known visualization")
            }
        }
        let config = v.object(object, "config", at: path, required: true)
        v.rejectUnknownMembers(object, known: widgetMembers, at: path)
        guard let type, let title, let dataSource, let checkedVisualization, let config else { return nil }
        return Widget(
            type: type, title: title, dataSource: dataSource, visualization: checkedVisualization, config: config)
    }
}
