public import JSON

/// The kinds of widget, and the visualizations each may use (CONTRACT.md section 7).
public enum WidgetType: String, CaseIterable, Sendable {
    case metric, chart, table, map, funnel

    public var visualizations: [String] {
        switch self {
        case .metric: ["number", "gauge", "sparkline", "trend"]
        case .chart: ["line", "bar", "area", "pie", "scatter", "heatmap"]
        case .table: ["table", "pivot"]
        case .map: ["choropleth", "heatmap", "markers"]
        case .funnel: ["funnel", "bar"]
        }
    }
}

/// Where a widget's data comes from.
public enum DataSource: String, CaseIterable, Sendable {
    case userEvents = "user_events"
    case trips, bookings, reviews, revenue, performance
}

public struct Widget: Sendable, Equatable {
    public var type: WidgetType
    public var title: String
    public var dataSource: DataSource
    public var visualization: String
    public var config: JSONObject

    public init(type: WidgetType, title: String, dataSource: DataSource, visualization: String, config: JSONObject) {
        self.type = type
        self.title = title
        self.dataSource = dataSource
        self.visualization = visualization
        self.config = config
    }

    public var json: JSONValue {
        [
            "type": .string(type.rawValue), "title": .string(title), "dataSource": .string(dataSource.rawValue),
            "visualization": .string(visualization), "config": .object(config),
        ]
    }
}

/// A custom dashboard as stored and as clients see it.
public struct Dashboard: Sendable, Equatable {
    public var id: String
    public var ownerID: String
    public var name: String
    public var description: String?
    public var widgets: [Widget]
    public var isPublic: Bool
    /// 1 at creation; each successful update adds exactly 1. The ETag is this number, quoted.
    public var version: Int
    public var createdAt: Double
    public var updatedAt: Double

    public init(
        id: String, ownerID: String, name: String, description: String?, widgets: [Widget], isPublic: Bool,
        version: Int, createdAt: Double, updatedAt: Double
    ) {
        self.id = id
        self.ownerID = ownerID
        self.name = name
        self.description = description
        self.widgets = widgets
        self.isPublic = isPublic
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var etag: String { "\"\(version)\"" }

    public var json: JSONValue {
        [
            "id": .string(id), "name": .string(name), "description": .optional(description),
            "widgets": .array(widgets.map(\.json)), "isPublic": .bool(isPublic), "ownerId": .string(ownerID),
            "version": .int(version), "createdAt": .string(Timestamp.rfc3339(createdAt)),
            "updatedAt": .string(Timestamp.rfc3339(updatedAt)),
        ]
    }
}
