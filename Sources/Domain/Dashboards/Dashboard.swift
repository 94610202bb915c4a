public import JSON

/// A custom dashboard as stored and as clients see it.
public struct Dashboard: Sendable, Equatable {
    public var id: ObjectID
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
        id: ObjectID, ownerID: String, name: String, description: String?, widgets: [Widget], isPublic: Bool,
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
            "id": .string(id.text), "name": .string(name), "description": .optional(description),
            "widgets": .array(widgets.map(\.json)), "isPublic": .bool(isPublic), "ownerId": .string(ownerID),
            "version": .int(version), "createdAt": .string(Timestamp.rfc3339(createdAt)),
            "updatedAt": .string(Timestamp.rfc3339(updatedAt)),
        ]
    }
}
