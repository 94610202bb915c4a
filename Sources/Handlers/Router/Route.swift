/// A method, a path template such as `/api/analytics-dashboard/custom/:id`, and its handler.
public struct Route: Sendable {
    public typealias Handler = @Sendable (RequestContext) throws -> Response

    public let method: String
    public let template: String
    public let access: Access
    public let query: QueryRule
    let segments: [PathSegment]
    let handler: Handler
    /// For `.signedLinkOrPrivilege`: throws unless the request's signed link is valid.
    let signedLinkCheck: (@Sendable (Request, PathParameters, Double) throws -> Void)?

    enum PathSegment: Equatable, Sendable {
        case literal(Substring)
        case parameter(String)
    }

    public init(
        _ method: String, _ template: String, access: Access = .analyticsPrivilege, query: QueryRule = .none,
        signedLinkCheck: (@Sendable (Request, PathParameters, Double) throws -> Void)? = nil,
        handler: @escaping Handler
    ) {
        self.method = method
        self.template = template
        self.access = access
        self.query = query
        self.signedLinkCheck = signedLinkCheck
        self.handler = handler
        self.segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .literal($0)
        }
    }

    /// The path parameters when the path fits this template, else nil.
    func match(_ parts: [Substring]) -> PathParameters? {
        guard parts.count == segments.count else { return nil }
        var parameters = PathParameters()
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal): if literal != part { return nil }
            case .parameter(let name):
                if part.isEmpty { return nil }
                parameters.values[name] = String(part)
            }
        }
        return parameters
    }
}
