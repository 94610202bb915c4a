public import Auth

/// The service's routes, all under `/api/analytics-dashboard`.
public enum Routes {
    public static let prefix = "/api/analytics-dashboard"

    /// `signer` signs export download links (the responder's is keyed from the JWT secret).
    public static func all(
        info: ServiceInfo, realtimeCache: RealtimeCache = RealtimeCache(), signer: DownloadSigner,
        maxActiveExports: Int = 5
    ) -> Router {
        let health = HealthHandler(info: info)
        let dashboards = DashboardHandler()
        let realtime = RealtimeHandler(cache: realtimeCache)
        let exports = ExportHandler(signer: signer, maxActive: maxActiveExports)
        return Router([
            Route("GET", prefix + "/health", access: .open, handler: health.respond(to:)),
            Route("GET", prefix + "/realtime", query: .validatedByHandler, handler: realtime.respond(to:)),
            Route(
                "GET", prefix + "/user-insights", query: .validatedByHandler,
                handler: UserInsightsHandler().respond(to:)),
            Route(
                "GET", prefix + "/cohort-analysis", query: .validatedByHandler,
                handler: CohortAnalysisHandler().respond(to:)),
            Route("GET", prefix + "/predictive", query: .validatedByHandler, handler: PredictiveHandler().respond(to:)),
            Route("POST", prefix + "/custom", handler: dashboards.create),
            Route("GET", prefix + "/custom", query: .validatedByHandler, handler: dashboards.list),
            Route("GET", prefix + "/custom/:id", handler: dashboards.read),
            Route("PUT", prefix + "/custom/:id", handler: dashboards.update),
            Route("DELETE", prefix + "/custom/:id", handler: dashboards.delete),
            Route("POST", prefix + "/export", handler: exports.create),
            Route("GET", prefix + "/export/:jobId", handler: exports.read),
            Route(
                "GET", prefix + "/export/:jobId/download", access: .signedLinkOrPrivilege,
                // The signed link's own two, which a caller with a token may also send (downloadUrl as given).
                query: .only(["expires", "signature"]), signedLinkCheck: exports.verifySignedLink,
                handler: exports.download),
        ])
    }
}
