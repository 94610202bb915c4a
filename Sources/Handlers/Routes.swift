/// The service's routes, all under `/api/analytics-dashboard`.
public enum Routes {
    public static let prefix = "/api/analytics-dashboard"

    public static func all(info: ServiceInfo, realtimeCache: RealtimeCache = RealtimeCache()) -> Router {
        let health = HealthHandler(info: info)
        let dashboards = DashboardHandler()
        let realtime = RealtimeHandler(cache: realtimeCache)
        return Router([
            Route("GET", prefix + "/health", access: .open, handler: health.respond(to:)),
            Route("GET", prefix + "/realtime", handler: realtime.respond(to:)),
            Route("GET", prefix + "/user-insights", handler: UserInsightsHandler().respond(to:)),
            Route("GET", prefix + "/cohort-analysis", handler: CohortAnalysisHandler().respond(to:)),
            Route("GET", prefix + "/predictive", handler: PredictiveHandler().respond(to:)),
            Route("POST", prefix + "/custom", handler: dashboards.create),
            Route("GET", prefix + "/custom", handler: dashboards.list),
            Route("GET", prefix + "/custom/:id", handler: dashboards.read),
            Route("PUT", prefix + "/custom/:id", handler: dashboards.update),
            Route("DELETE", prefix + "/custom/:id", handler: dashboards.delete),
        ])
    }
}
