import Crypto
import JSON

/// The header members the verifier's rules read, collected in one pass over the header's members.
struct JWTHeaderMembers<Value: MemberValue> {
    var alg: Value?
    var typ: Value?
    var kid: Value?
    /// The first of `crit`, `jku`, `x5u`, `jwk` and `x5c` in the header's order: members this verifier refuses.
    var forbidden: String?

    init() {}

    /// Files one member; other names are ignored. Names are compared byte for byte.
    mutating func take(_ name: UnsafeRawBufferPointer, _ value: Value) {
        if memberName(name, is: "alg") {
            alg = value
        } else if memberName(name, is: "typ") {
            typ = value
        } else if memberName(name, is: "kid") {
            kid = value
        } else if forbidden == nil {
            forbidden = Self.forbiddenName(name)
        }
    }

    private static func forbiddenName(_ name: UnsafeRawBufferPointer) -> String? {
        if memberName(name, is: "crit") { return "crit" }
        if memberName(name, is: "jku") { return "jku" }
        if memberName(name, is: "x5u") { return "x5u" }
        if memberName(name, is: "jwk") { return "jwk" }
        if memberName(name, is: "x5c") { return "x5c" }
        return nil
    }
}

extension JWTHeaderMembers<JSONValue> {
    /// The members of a header that jansson parsed.
    init(_ object: JSONObject) {
        self.init()
        forEachMember(of: object) { take($0, $1) }
    }
}

/// Whether a member's name is `literal`, byte for byte.
func memberName(_ name: UnsafeRawBufferPointer, is literal: StaticString) -> Bool {
    bytesEqual(name, UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
}

/// Calls `body` with each member's name as UTF-8 bytes, in order.
func forEachMember(of object: JSONObject, _ body: (UnsafeRawBufferPointer, JSONValue) -> Void) {
    for member in object.members {
        var name = member.key
        name.withUTF8 { body(UnsafeRawBufferPointer($0), member.value) }
    }
}
