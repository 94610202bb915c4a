/// A validated POST `/custom` body.
public struct NewDashboard: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var widgets: [Widget]
    public var isPublic: Bool

    public init(name: String, description: String?, widgets: [Widget], isPublic: Bool) {
        (self.name, self.description, self.widgets, self.isPublic) = (name, description, widgets, isPublic)
    }
}

/// A validated PUT `/custom/:id` body: only the members given; `widgets` replaces the list whole.
public struct DashboardChanges: Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var widgets: [Widget]?
    public var isPublic: Bool?

    public init(name: String?, description: String?, widgets: [Widget]?, isPublic: Bool?) {
        (self.name, self.description, self.widgets, self.isPublic) = (name, description, widgets, isPublic)
    }

    public func applied(to dashboard: Dashboard) -> Dashboard {
        var result = dashboard
        if let name { result.name = name }
        if let description { result.description = description }
        if let widgets { result.widgets = widgets }
        if let isPublic { result.isPublic = isPublic }
        return result
    }
}
