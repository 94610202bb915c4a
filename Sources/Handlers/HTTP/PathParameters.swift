public import Domain

/// The parameters a route template took from the path (`:id` in `/custom/:id`), parsed into types at the edge.
public struct PathParameters: Sendable, Equatable {
    public var values: [String: String] = [:]

    public init(_ values: [String: String] = [:]) { self.values = values }

    public subscript(_ name: String) -> String? { values[name] }

    /// The parameter as an id: 400 `E_INVALID_ID` naming it unless it is 24 hex digits.
    public func require(_ name: String, as type: ObjectID.Type) throws(RequestError) -> ObjectID {
        guard let text = values[name], let id = ObjectID(text) else { throw .invalidID(field: name) }
        return id
    }
}
