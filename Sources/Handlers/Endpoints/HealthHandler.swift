import Domain
import JSON

/// What `/health` reports about the running process.
public struct ServiceInfo: Sendable {
    public var version: String
    public var startedAt: Double

    public init(version: String, startedAt: Double) {
        self.version = version
        self.startedAt = startedAt
    }
}

/// `GET /health`: 200 with the database's state, or the 503 envelope while the database is unreachable.
public struct HealthHandler: Sendable {
    let info: ServiceInfo

    public init(info: ServiceInfo) { self.info = info }

    public func respond(to context: RequestContext) throws -> Response {
        try context.services.health.pingDatabase()
        return context.json([
            "status": "ok",
            "database": "ok",
            "version": .string(info.version),
            "uptimeSeconds": .int(Int((context.now - info.startedAt).rounded(.down))),
        ])
    }
}
