/// The verified caller: the token's `sub`, `role` and `permissions`, and the privilege rule of the contract.
public struct Principal: Sendable, Equatable {
    /// The permission that gives an `admin` the analytics privilege.
    public static let analyticsPermission = "analytics:dashboard"

    /// The owner id.
    public let sub: String
    public let role: String
    public let permissions: [String]

    public init(sub: String, role: String, permissions: [String]) {
        self.sub = sub
        self.role = role
        self.permissions = permissions
    }

    /// `super_admin`, exactly (byte for byte): every privilege, every dashboard.
    public var isSuperAdmin: Bool { Self.exactly(role, "super_admin") }

    /// `admin`, exactly (byte for byte); not `Admin`, not `admin `.
    public var isAdmin: Bool { Self.exactly(role, "admin") }

    /// Whether `ownerID` is this caller's `sub`, byte for byte: Swift's `==` on strings would also match a
    /// canonically equivalent one (`josé` precomposed and decomposed), letting one admin act as another.
    public func owns(_ ownerID: String) -> Bool { Self.exactly(ownerID, sub) }

    /// A `super_admin`, or an `admin` whose permissions hold `analytics:dashboard`.
    public var hasAnalyticsPrivilege: Bool {
        isSuperAdmin || (isAdmin && permissions.contains { Self.exactly($0, Self.analyticsPermission) })
    }

    /// Throws 403 unless the caller has the analytics privilege (any other role, or an admin without the permission).
    public func requireAnalyticsPrivilege() throws(AuthError) {
        guard !hasAnalyticsPrivilege else { return }
        if isAdmin { throw .forbidden(reason: "admin without \(Self.analyticsPermission)") }
        throw .forbidden(reason: "role is not admin or super_admin")
    }

    /// Byte-for-byte equality: String's `==` also equates canonically equivalent text.
    private static func exactly(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}
