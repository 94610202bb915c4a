import Crypto
import JSON

/// A header or claims member's value as the verifier's rules read it. The jansson tree (`JSONValue`) and the flat
/// reader (`FlatJSONValue`) both answer, so each rule is written once for both.
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
