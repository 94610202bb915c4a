import JSON

/// The claims the verifier's rules read, collected in one pass over the claims set's members.
struct JWTClaimMembers<Value: MemberValue> {
    var exp: Value?
    var nbf: Value?
    var iat: Value?
    var iss: Value?
    var aud: Value?
    var sub: Value?
    var role: Value?
    var permissions: Value?

    init() {}

    /// Files one member; other names are ignored. Names are compared byte for byte.
    mutating func take(_ name: UnsafeRawBufferPointer, _ value: Value) {
        switch name.count {
        case 3:
            if memberName(name, is: "exp") {
                exp = value
            } else if memberName(name, is: "nbf") {
                nbf = value
            } else if memberName(name, is: "iat") {
                iat = value
            } else if memberName(name, is: "iss") {
                iss = value
            } else if memberName(name, is: "aud") {
                aud = value
            } else if memberName(name, is: "sub") {
                sub = value
            }
        case 4 where memberName(name, is: "role"): role = value
        case 11 where memberName(name, is: "permissions"): permissions = value
        default: break
        }
    }
}

extension JWTClaimMembers<JSONValue> {
    /// The claims of a payload that jansson parsed.
    init(_ object: JSONObject) {
        self.init()
        forEachMember(of: object) { take($0, $1) }
    }
}
