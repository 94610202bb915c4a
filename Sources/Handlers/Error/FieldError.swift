/// One failing field: its path from the body's root (`widgets[3].title`) or the parameter's name.
public struct FieldError: Error, Equatable, Sendable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Every field that broke a rule, collected before anything is thrown.
public struct ValidationFailure: Error, Equatable, Sendable {
    public var details: [FieldError]

    public init(_ details: [FieldError]) { self.details = details }
}
