/// An HTTP request as the responder received it, with no FastCGI types in it.
public struct Request: Sendable {
    public var method: String
    /// The path without the query string, e.g. `/api/analytics-dashboard/health`.
    public var path: String
    /// The raw query string, without the `?`.
    public var query: String
    /// Request headers by lowercase name (`authorization`, `content-type`, `if-match`...).
    public var headers: [String: String]
    public var body: [UInt8]
    /// nginx's `$request_id`, or one the responder generated.
    public var id: String

    public init(
        method: String, path: String, query: String = "", headers: [String: String] = [:], body: [UInt8] = [],
        id: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.id = id
    }

    public func header(_ name: String) -> String? { headers[name] }
}
