import Crypto
import JSON
import Testing

@testable import Auth

/// Holds `FlatJSONReader` to jansson, the reference. Over seeded generated and mutated texts, whatever the flat reader
/// accepts jansson accepts with exactly the same members; and a verifier reading with it gives exactly the outcome of
/// one reading with jansson alone: the same principal, or the same refusal with the same reason.
@Suite struct FlatJSONReaderDifferentialTests {
    typealias F = TokenFactory

    /// How often each path was taken, so that the comparisons are known to cover both sides.
    struct Tally {
        var cases = 0
        var flatAccepted = 0
        var janssonRefused = 0
        var janssonOnlyAccepted = 0
    }

    /// 16,000 texts: 8,000 generated (objects valid or noisy, claims sets, headers), each other one mutated. With this
    /// seed the flat reader accepts 4,318; jansson refuses 10,278 and accepts 1,292 that the flat reader leaves to it.
    @Test func whatTheFlatReaderAcceptsJanssonParsesToTheSameMembers() {
        var generator = JSONTextGenerator(seed: 0x0f1a_7502)
        var tally = Tally()
        for index in 0..<16_000 {
            let base =
                index % 4 < 2 ? generator.text() : index % 8 < 6 ? generator.claimsText() : generator.headerText()
            let text = index % 2 == 0 ? base : generator.mutate(base)
            Self.compareReaders(text, seed: 0x0f1a_7502, index: index, &tally)
        }
        #expect(tally.cases == 16_000)
        // Both sides are well covered: thousands of texts each accepted by the flat reader, refused by jansson, and
        // valid JSON that the flat reader leaves to jansson.
        #expect(tally.flatAccepted >= 3500, "\(tally)")
        #expect(tally.janssonRefused >= 8000, "\(tally)")
        #expect(tally.janssonOnlyAccepted >= 900, "\(tally)")
    }

    /// 4,000 signed tokens with generated headers and claims (some mutated), verified at times around their edges
    /// by a verifier with issuer and audience, and by one with only a `kid` key. With this seed the flat reader takes
    /// 2,061 of the payloads, and 624 tokens give a principal.
    @Test func verifierGivesTheSameOutcomeWithEitherReader() {
        var generator = JSONTextGenerator(seed: 0x0f1a_7503)
        var flatPayloads = 0
        var principals = 0
        for index in 0..<4000 {
            var header = generator.chance(50) ? Array(F.header.utf8) : generator.headerText()
            var claims = generator.claimsText()
            if generator.chance(15) { claims = generator.mutate(claims) }
            if generator.chance(5) { header = generator.mutate(header) }
            let token = Self.signed(header: header, claims: claims, wrongKey: generator.chance(3))
            let now = generator.chance(70) ? F.now : Double(generator.number(in: 1_699_998_000...1_700_004_000)) + 0.5
            let verifier = index % 5 == 4 ? Self.kidOnlyVerifier : F.verifier
            let outcome = Self.compareVerifiers(token, now: now, verifier: verifier, "seed 0x0f1a7503 case \(index)")
            if case .principal = outcome { principals += 1 }
            if claims.withUnsafeBytes({ FlatJSONReader.readObject($0) { _, _ in } }) { flatPayloads += 1 }
        }
        #expect(flatPayloads >= 1800, "payloads the flat reader took: \(flatPayloads)")
        #expect(principals >= 500, "tokens accepted: \(principals)")
    }

    /// The refusal corpus as it is, then 20 mutations of each token's claims, signed again.
    @Test func refusalCorpusAndItsMutationsGiveTheSameOutcomeWithEitherReader() {
        var generator = JSONTextGenerator(seed: 0x0f1a_7504)
        for refusal in JWTRefusalTests.refusals {
            let outcome = Self.compareVerifiers(
                Array(refusal.token.utf8), now: F.now, verifier: F.verifier, refusal.name)
            switch outcome {
            case .refused(let error): #expect(error == refusal.expected, "\(refusal.name)")
            case .principal(_, _, _, let privilege): #expect(privilege == refusal.expected, "\(refusal.name)")
            }
            let segments = refusal.token.split(separator: ".", omittingEmptySubsequences: false)
            guard segments.count == 3, let header = Base64URL.decode(segments[0]),
                let claims = Base64URL.decode(segments[1])
            else { continue }
            for mutation in 0..<20 {
                let token = Self.signed(header: header, claims: generator.mutate(claims), wrongKey: false)
                Self.compareVerifiers(token, now: F.now, verifier: F.verifier, "\(refusal.name), mutation \(mutation)")
            }
        }
    }

    /// A verifier with no default key, no issuer and no audience.
    static let kidOnlyVerifier = JWTVerifier(keys: try! JWTKeySet(defaultKey: nil, keys: ["2025-02": F.rotatedKey]))

    /// Signs with the key the header names (`2025-02`, escaped or not, selects the rotated key).
    static func signed(header: [UInt8], claims: [UInt8], wrongKey: Bool) -> [UInt8] {
        let text = String(decoding: header, as: UTF8.self)
        let key = text.contains("2025-02") || text.contains(#"2025\u002d02"#) ? F.rotatedKey : F.key
        return Array(F.token(headerBytes: header, claimsBytes: claims, key: wrongKey ? F.otherKey : key).utf8)
    }

    /// What a verification gave, compared exactly (Principal's == would equate canonically equivalent strings), with
    /// the 403 that the analytics privilege check then raises, if any.
    enum Outcome: Equatable {
        case principal(sub: [UInt8], role: [UInt8], permissions: [[UInt8]], privilege: AuthError?)
        case refused(AuthError)
    }

    static func outcome(
        _ token: [UInt8], now: Double, verifier: JWTVerifier, reading: JWTVerifier.JSONReading
    ) -> Outcome {
        do {
            let principal = try verifier.verify(token, now: now, reading: reading)
            var privilege: AuthError?
            do { try principal.requireAnalyticsPrivilege() } catch { privilege = error }
            return .principal(
                sub: Array(principal.sub.utf8), role: Array(principal.role.utf8),
                permissions: principal.permissions.map { Array($0.utf8) }, privilege: privilege)
        } catch {
            return .refused(error)
        }
    }

    @discardableResult
    static func compareVerifiers(_ token: [UInt8], now: Double, verifier: JWTVerifier, _ name: String) -> Outcome {
        let flat = outcome(token, now: now, verifier: verifier, reading: .flatFirst)
        let reference = outcome(token, now: now, verifier: verifier, reading: .janssonOnly)
        #expect(flat == reference, "\(name): \(String(decoding: token, as: UTF8.self))")
        return reference
    }

    static func compareReaders(_ text: [UInt8], seed: UInt64, index: Int, _ tally: inout Tally) {
        tally.cases += 1
        var members: [ExactMember] = []
        let accepted = text.withUnsafeBytes { bytes in
            FlatJSONReader.readObject(bytes) { members.append(ExactMember(name: Array($0), value: ExactValue($1))) }
        }
        let reference: JSONValue
        do {
            reference = try JSONParser.parse(text, limits: JWTVerifier.tokenLimits)
        } catch {
            tally.janssonRefused += 1
            #expect(
                !accepted, "flat reader accepted what jansson refuses (\(error)), case \(index): \(Hex.encode(text))")
            return
        }
        guard accepted else {
            if case .object = reference { tally.janssonOnlyAccepted += 1 }
            return
        }
        tally.flatAccepted += 1
        guard case .object(let object) = reference else {
            Issue.record("flat reader accepted a non-object, case \(index): \(Hex.encode(text))")
            return
        }
        let expected = object.members.map { ExactMember(name: Array($0.key.utf8), value: ExactValue($0.value)) }
        #expect(members == expected, "seed \(seed) case \(index): \(Hex.encode(text))")
    }
}

/// A JSON value compared exactly: strings as their bytes, reals by bit pattern.
indirect enum ExactValue: Equatable {
    case string([UInt8])
    case integer(Int64)
    case real(UInt64)
    case bool(Bool)
    case null
    case array([ExactValue])
    case object([ExactMember])

    init(_ value: JSONValue) {
        switch value {
        case .string(let text): self = .string(Array(text.utf8))
        case .integer(let number): self = .integer(number)
        case .real(let number): self = .real(number.bitPattern)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .array(let items): self = .array(items.map(ExactValue.init))
        case .object(let object):
            self = .object(object.members.map { ExactMember(name: Array($0.key.utf8), value: ExactValue($0.value)) })
        }
    }

    init(_ value: FlatJSONValue) {
        switch value {
        case .string(let bytes): self = .string(Array(bytes))
        case .integer(let number): self = .integer(number)
        case .real(let number): self = .real(number.bitPattern)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .array(let items): self = .array(items.map(ExactValue.init))
        }
    }
}

struct ExactMember: Equatable {
    let name: [UInt8]
    let value: ExactValue
}
