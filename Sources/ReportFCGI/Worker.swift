import Analytics
import Dispatch
import Domain
import Glibc
import Handlers
import Logging
import Storage

/// One worker thread's loop: accept a request, answer it, repeat until told to stop.
///
/// Each worker owns its `FastCGIRequest` and its PostgreSQL session; nothing in here is shared but the
/// `Sendable` responder, the stop flag and the logger.
struct Worker: Sendable {
    let index: Int
    let socket: Int32
    let conninfo: String
    let responder: Responder
    let model: ActivityModel
    let stop: StopSignal
    let logger: Logger
    static let bodyLimit = 1 << 20

    func run() {
        var logger = self.logger
        logger[metadataKey: "worker"] = "\(index)"
        let request = FastCGIRequest(listeningSocket: socket)
        let session = DatabaseSession(conninfo: conninfo, logger: logger)
        session.warmUp()
        var acceptBackoff: UInt32 = 0
        // The loop ends only when accept fails after the stop flag is set: `Serve` shuts the listening socket
        // down once the backlog is drained, so connections queued before SIGTERM are still accepted and answered.
        while true {
            guard request.accept() else {
                if stop.isStopping { break }
                // EMFILE and friends: log, back off, go on; a worker never dies of one failed accept.
                acceptBackoff = min(max(acceptBackoff * 2, 10_000), 1_000_000)
                logger.error(
                    "accept failed",
                    metadata: ["error": "\(SystemError("accept()"))", "backoff.us": "\(acceptBackoff)"])
                usleep(acceptBackoff)
                continue
            }
            acceptBackoff = 0
            handle(request, session: session, logger: logger)
            request.finish()
        }
    }

    /// The stores and the analytics engine for one request, logging with its logger.
    static func services(session: DatabaseSession, model: ActivityModel, logger: Logger) -> Services {
        Services(
            health: PostgresHealthStore(session: session, logger: logger),
            dashboards: PostgresDashboardStore(session: session, logger: logger),
            analytics: ActivityAnalytics(
                model: model, source: PostgresAnalyticsSource(session: session, logger: logger)),
            exports: PostgresExportStore(session: session, logger: logger))
    }

    private func handle(_ fcgi: FastCGIRequest, session: DatabaseSession, logger workerLogger: Logger) {
        let started = Monotonic.now()
        let now = Timestamp.now()
        let params = fcgi.parameters()
        let request = makeRequest(params)
        var logger = workerLogger
        logger[metadataKey: "request.id"] = "\(request.id)"
        let services = Self.services(session: session, model: model, logger: logger)
        let response: Response
        switch fcgi.readBody(declaredLength: params["CONTENT_LENGTH"].flatMap { Int($0) }, limit: Self.bodyLimit) {
        case .tooLarge:
            response = Responder.errorResponse(
                RequestError.payloadTooLarge(limit: Self.bodyLimit), request: request, logger: logger, now: now)
        case .truncated:
            response = Responder.errorResponse(RequestError.truncatedBody, request: request, logger: logger, now: now)
        case .complete(let body):
            var withBody = request
            withBody.body = body
            response = responder.respond(to: withBody, services: services, logger: logger, now: now)
        }
        let delivered = fcgi.write(response, requestID: request.id)
        let micros = Int(started.millisecondsElapsed * 1000)
        logger.info(
            "request",
            metadata: [
                "http.method": "\(request.method)", "http.path": "\(request.path)",
                "http.status": "\(response.status)", "duration.ms": "\(Double(micros) / 1000)",
                "delivered": "\(delivered)",
            ])
    }

    /// `HTTP_IDEMPOTENCY_KEY` to `idempotency-key`: nginx upper-cases header names and turns `-` into `_`.
    static func headerName(parameter name: String) -> String {
        String(
            decoding: name.utf8.dropFirst(5).map { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
                case UInt8(ascii: "_"): UInt8(ascii: "-")
                default: byte
                }
            }, as: UTF8.self)
    }

    private func makeRequest(_ params: [String: String]) -> Request {
        var headers: [String: String] = [:]
        for (name, value) in params where name.hasPrefix("HTTP_") {
            headers[Self.headerName(parameter: name)] = value
        }
        if let type = params["CONTENT_TYPE"] { headers["content-type"] = type }
        let uri = params["REQUEST_URI"] ?? "/"
        let path = params["DOCUMENT_URI"] ?? String(uri.prefix { $0 != "?" })
        let id = params["REQUEST_ID"].flatMap { RequestID.isAcceptable($0) ? $0 : nil } ?? RequestID.generate()
        return Request(
            method: params["REQUEST_METHOD"] ?? "GET", path: path, query: params["QUERY_STRING"] ?? "",
            headers: headers, id: id)
    }
}
