/// Who did what, recorded with every change in the same transaction as the change.
public struct AuditEntry: Sendable, Equatable {
    public var actor: String
    /// `dashboard.create`, `dashboard.update`, `dashboard.delete`.
    public var action: String
    public var entityID: ObjectID
    public var requestID: String
    public var at: Double

    public init(actor: String, action: String, entityID: ObjectID, requestID: String, at: Double) {
        self.actor = actor
        self.action = action
        self.entityID = entityID
        self.requestID = requestID
        self.at = at
    }
}

/// What the list shows and in which order.
public struct DashboardListQuery: Sendable, Equatable {
    public enum SortField: String, CaseIterable, Sendable { case createdAt, name }
    public enum SortOrder: String, CaseIterable, Sendable { case asc, desc }

    public var search: String?
    public var sortBy: SortField
    public var sortOrder: SortOrder
    public var limit: Int
    public var offset: Int
    /// The caller: they see their own dashboards and every public one...
    public var viewer: String
    /// ...or, as a super_admin, every dashboard.
    public var seesAll: Bool

    public init(
        search: String?, sortBy: SortField, sortOrder: SortOrder, limit: Int, offset: Int, viewer: String,
        seesAll: Bool
    ) {
        self.search = search
        self.sortBy = sortBy
        self.sortOrder = sortOrder
        self.limit = limit
        self.offset = offset
        self.viewer = viewer
        self.seesAll = seesAll
    }
}

/// The result of a conditional write.
public enum WriteOutcome<Value: Sendable>: Sendable {
    case done(Value)
    /// The dashboard's version is no longer the one the write was based on.
    case conflict
    case notFound

    /// The same outcome with the written value transformed.
    public func map<T>(_ transform: (Value) throws -> T) rethrows -> WriteOutcome<T> {
        switch self {
        case .done(let value): .done(try transform(value))
        case .conflict: .conflict
        case .notFound: .notFound
        }
    }
}

extension WriteOutcome: Equatable where Value: Equatable {}

/// Dashboards and their audit trail.
public protocol DashboardStore {
    /// Inserts the dashboard and its audit row in one transaction; with `idempotency`, a dashboard the same owner
    /// created under the same key is returned instead (or `keyReused` when that request differed).
    func insert(_ dashboard: Dashboard, audit: AuditEntry, idempotency: Idempotency?) throws
        -> CreateOutcome<Dashboard>
    func find(id: ObjectID) throws -> Dashboard?
    /// Replaces the stored fields when the stored version is still `expectedVersion`, setting version + 1, in one
    /// transaction with the audit row; returns the dashboard as stored.
    func update(_ dashboard: Dashboard, expectedVersion: Int, audit: AuditEntry) throws -> WriteOutcome<Dashboard>
    /// Deletes when the stored version is still `expectedVersion`, with the audit row, in one transaction.
    func delete(id: ObjectID, expectedVersion: Int, audit: AuditEntry) throws -> WriteOutcome<Void>
    /// One page of the dashboards the viewer may see, and how many there are in all.
    func list(_ query: DashboardListQuery) throws -> (dashboards: [Dashboard], total: Int)
}
