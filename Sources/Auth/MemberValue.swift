import Crypto
import JSON

/// A header or claims member's value as the verifier's rules read them: a string, a number, an array, or something
/// else. The rules ask only this, not the parser's own tree, so they can run unchanged on another reader's values.
protocol MemberValue {
    associatedtype Elements: Sequence<Self>

    /// An integer's or a real's value; nil for any other type.
    var numberValue: Double? { get }
    /// Whether the value is a string equal to `text` byte for byte; nil when it is not a string.
    func stringEquals(_ text: String) -> Bool?
    /// A string's text; nil for any other type.
    var stringValue: String? { get }
    /// An array's elements; nil for any other type.
    var arrayElements: Elements? { get }
}

extension JSONValue: MemberValue {
    func stringEquals(_ text: String) -> Bool? {
        guard case .string(let value) = self else { return nil }
        return utf8Equal(value, text)
    }

    var arrayElements: [JSONValue]? { arrayValue }
}
