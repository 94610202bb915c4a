import Crypto
import JSON

extension JWTVerifier {
    /// The longest `sub` accepted, in Unicode scalars.
    public static let maximumSubjectCount = 128

    /// Applies the claim rules to a verified claims object and returns the principal it describes.
    ///
    /// Time rules, with `leeway` L: valid while `now < exp + L`; refused when `now + L < nbf`; refused when
    /// `iat > now + L`. The role's privileges are not judged here: an unknown role is a 403 for the caller to raise.
    func principal(from claims: JWTClaimMembers<some MemberValue>, now: Double) throws(AuthError) -> Principal {
        guard let exp = claims.exp else { throw Self.refuse("exp missing") }
        guard let expiry = exp.numberValue else { throw Self.refuse("exp not a number") }
        guard now < expiry + leeway else { throw Self.refuse("expired") }
        if let nbf = claims.nbf {
            guard let notBefore = nbf.numberValue else { throw Self.refuse("nbf not a number") }
            guard now + leeway >= notBefore else { throw Self.refuse("not yet valid (nbf)") }
        }
        if let iat = claims.iat {
            guard let issuedAt = iat.numberValue else { throw Self.refuse("iat not a number") }
            guard issuedAt <= now + leeway else { throw Self.refuse("issued in the future (iat)") }
        }
        if let issuer {
            guard let equal = claims.iss?.stringEquals(issuer) else { throw Self.refuse("iss missing or not a string") }
            guard equal else { throw Self.refuse("wrong iss") }
        }
        if let audience {
            try Self.checkAudience(claims.aud, expected: audience)
        }
        guard let subject = claims.sub?.stringValue else { throw Self.refuse("sub missing or not a string") }
        guard !subject.isEmpty else { throw Self.refuse("sub empty") }
        // Counting scalars is needed only when the UTF-8 form is longer than the limit.
        guard subject.utf8.count <= Self.maximumSubjectCount || subject.unicodeScalars.count <= Self.maximumSubjectCount
        else { throw Self.refuse("sub too long") }
        // `\u0000` is valid JSON, but an owner id holding a NUL could not be stored or compared as one.
        guard !subject.utf8.contains(0) else { throw Self.refuse("sub holds a NUL") }
        // Contract section 4: any role but exactly `admin` or `super_admin`, a missing one included, is a 403 for
        // the caller to raise, not a 401: the token itself is sound.
        let roleName = claims.role?.stringValue ?? ""
        return Principal(sub: subject, role: roleName, permissions: Self.permissions(claims.permissions))
    }

    /// `aud` is a string equal to ours, or an array of strings that holds ours.
    private static func checkAudience(_ aud: (some MemberValue)?, expected: String) throws(AuthError) {
        guard let aud else { throw refuse("aud missing") }
        if let equal = aud.stringEquals(expected) {
            guard equal else { throw refuse("wrong aud") }
        } else if let values = aud.arrayElements {
            var found = false
            for value in values {
                guard let equal = value.stringEquals(expected) else { throw refuse("aud array holds a non-string") }
                found = found || equal
            }
            guard found else { throw refuse("wrong aud") }
        } else {
            throw refuse("aud not a string or array")
        }
    }

    /// `permissions` is an array of strings; anything else (absent, not an array, an array holding a non-string)
    /// grants none, so an `admin` holding it gets a 403 (deny by default).
    private static func permissions(_ value: (some MemberValue)?) -> [String] {
        guard let items = value?.arrayElements else { return [] }
        var permissions: [String] = []
        permissions.reserveCapacity(items.underestimatedCount)
        for item in items {
            guard let permission = item.stringValue else { return [] }
            permissions.append(permission)
        }
        return permissions
    }
}
