import Testing

@testable import Storage

@Suite struct PostgresDashboardStoreTests {
    @Test(arguments: [
        ("plain", "plain"), ("50%", #"50\%"#), ("a_b", #"a\_b"#), (#"back\slash"#, #"back\\slash"#),
        ("%_\\", #"\%\_\\"#), ("é", "é"),
    ])
    func likeWildcardsInSearchTermsMatchLiterally(_ term: String, _ escaped: String) {
        #expect(PostgresDashboardStore.escapeLike(term) == escaped)
    }
}
