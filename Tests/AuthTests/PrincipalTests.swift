import Testing

@testable import Auth

@Suite struct PrincipalTests {
    @Test func ownershipIsByteForByteNotCanonicalEquivalence() {
        let precomposed = Principal(sub: "jos\u{E9}", role: "admin", permissions: [])
        #expect("jos\u{E9}" == "jose\u{301}")  // what Swift's == says, and why it is not used
        #expect(precomposed.owns("jos\u{E9}"))
        #expect(!precomposed.owns("jose\u{301}"))
        #expect(!Principal(sub: "Kim;1", role: "admin", permissions: []).owns("\u{212A}im\u{37E}1"))
    }

    @Test func superAdminHasEveryPrivilege() throws {
        let principal = Principal(sub: "1", role: "super_admin", permissions: [])
        #expect(principal.isSuperAdmin)
        try principal.requireAnalyticsPrivilege()
    }

    @Test func adminNeedsTheAnalyticsPermission() throws {
        try Principal(sub: "1", role: "admin", permissions: ["analytics:dashboard"]).requireAnalyticsPrivilege()
        #expect(throws: AuthError.forbidden(reason: "admin without analytics:dashboard")) {
            try Principal(sub: "1", role: "admin", permissions: ["analytics:dashboard "]).requireAnalyticsPrivilege()
        }
    }

    @Test(arguments: ["Admin", "admin ", "user", "SUPER_ADMIN", "super-admin", "", "ad\u{0000}min"])
    func otherRolesAreForbidden(role: String) {
        let principal = Principal(sub: "1", role: role, permissions: ["analytics:dashboard"])
        #expect(!principal.isSuperAdmin)
        #expect(throws: AuthError.forbidden(reason: "role is not admin or super_admin")) {
            try principal.requireAnalyticsPrivilege()
        }
    }
}
