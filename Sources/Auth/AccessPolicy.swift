public import Domain

/// Every access rule for dashboards and exports (contract section 4), in one place: handlers ask, never decide.
public enum AccessPolicy {
    /// A dashboard may be read by its owner, a super_admin, or any privileged caller when it is public.
    public static func requireRead(_ dashboard: Dashboard, by caller: Principal) throws(AuthError) {
        guard dashboard.isPublic || mayChange(dashboard, caller) else {
            throw .forbidden(reason: "dashboard \(dashboard.id) is private to its owner")
        }
    }

    /// A dashboard may be changed or deleted by its owner or a super_admin.
    public static func requireChange(_ dashboard: Dashboard, by caller: Principal) throws(AuthError) {
        guard mayChange(dashboard, caller) else {
            throw .forbidden(reason: "dashboard \(dashboard.id) belongs to another admin")
        }
    }

    /// An export job may be read and downloaded (with a token) by its creator or a super_admin.
    public static func requireAccess(_ job: ExportJob, by caller: Principal) throws(AuthError) {
        guard caller.owns(job.ownerID) || caller.isSuperAdmin else {
            throw .forbidden(reason: "export \(job.id) belongs to another admin")
        }
    }

    /// Whether the dashboard list shows the caller every dashboard (a super_admin) or only their own and the
    /// public ones.
    public static func seesEveryDashboard(_ caller: Principal) -> Bool { caller.isSuperAdmin }

    static func mayChange(_ dashboard: Dashboard, _ caller: Principal) -> Bool {
        caller.isSuperAdmin || caller.owns(dashboard.ownerID)
    }
}
