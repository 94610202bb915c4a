/// Which query parameters a route takes. Like access, deny by default: a route takes none unless it says so
/// (contract section 6: an unknown parameter is 400).
public enum QueryRule: Sendable {
    /// No parameter at all.
    case none
    /// Only these names; the handler reads them.
    case only(Set<String>)
    /// The handler validates every parameter itself, unknown names included (`QueryValidator`).
    case validatedByHandler

    /// Throws a validation failure naming every parameter the route does not take (or that is malformed).
    func check(_ query: String) throws(ValidationFailure) {
        if case .validatedByHandler = self { return }
        guard !query.isEmpty else { return }
        let allowed: Set<String>
        if case .only(let names) = self { allowed = names } else { allowed = [] }
        let unknown = try QueryParameters.parse(query).names.filter { !allowed.contains($0) }
        if !unknown.isEmpty { throw ValidationFailure(unknown.map { FieldError($0, "unknown parameter") }) }
    }
}
