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
