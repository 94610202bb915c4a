import Testing

@testable import Auth

@Suite struct BearerTokenTests {
    @Test(arguments: ["Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER   abc.def.ghi", "bEaReR abc.def.ghi"])
    func schemeIsCaseInsensitiveAndSpacesAreSkipped(header: String) throws {
        #expect(try BearerToken.extract(fromAuthorizationHeader: header) == "abc.def.ghi")
    }

    @Test(arguments: [
        ("", "empty Authorization header"),
        ("Bearer", "not a Bearer scheme"),
        ("Bearer ", "empty bearer token"),
        ("Bearer     ", "empty bearer token"),
        ("Bearerabc", "not a Bearer scheme"),
        ("Bearer\tabc", "not a Bearer scheme"),
        ("Basic dXNlcjpwYXNz", "not a Bearer scheme"),
        (" Bearer abc", "not a Bearer scheme"),
        ("B\u{0435}arer abc", "not a Bearer scheme"),  // Cyrillic е
    ])
    func malformedHeaderIsUnauthorized(header: String, reason: String) {
        #expect(throws: AuthError.unauthorized(reason: reason)) {
            try BearerToken.extract(fromAuthorizationHeader: header)
        }
    }

    @Test func missingHeaderIsUnauthorized() {
        #expect(throws: AuthError.unauthorized(reason: "no Authorization header")) {
            try BearerToken.extract(fromAuthorizationHeader: nil)
        }
    }

    @Test func overlongHeaderIsRefusedUnread() throws {
        let limit = BearerToken.maximumHeaderCount
        let longest = "Bearer " + String(repeating: "a", count: limit - 7)
        #expect(try BearerToken.extract(fromAuthorizationHeader: longest).utf8.count == limit - 7)
        #expect(throws: AuthError.unauthorized(reason: "Authorization header too long")) {
            try BearerToken.extract(fromAuthorizationHeader: longest + "a")
        }
    }
}
