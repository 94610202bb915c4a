import ArgumentParser
import Auth
import Domain
import Handlers

/// `report-fcgi token`: mints a signed admin token from the configured secret, for developers and admin tooling.
struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a signed HS256 admin token made with the configured secret.")

    enum Role: String, ExpressibleByArgument, CaseIterable {
        case admin
        case superAdmin = "super_admin"
    }

    @OptionGroup var keyOptions: KeyOptions

    @Option(help: "The subject: the admin's id, the owner id of the dashboards they create.")
    var sub: String

    @Option(help: "admin or super_admin.")
    var role: Role

    @Option(name: .customLong("permission"), help: "A permission to grant (repeatable), e.g. analytics:dashboard.")
    var permissions: [String] = []

    @Option(help: "Lifetime in seconds.")
    var ttl: Int = 3600

    @Option(help: "Sign with this kid from --jwt-keys / REPORT_JWT_KEYS instead of the default secret.")
    var kid: String?

    func validate() throws {
        guard !sub.isEmpty, sub.unicodeScalars.count <= 128 else {
            throw ValidationError("--sub must be 1 to 128 characters")
        }
        guard (1...31_536_000).contains(ttl) else { throw ValidationError("--ttl must be 1 to 31536000 seconds") }
    }

    func run() throws {
        let key: [UInt8]
        if let kid {
            let pairs = try JWTKeySet.secrets(fromPairs: keyOptions.resolvedKeys ?? "")
            guard let secret = pairs[kid] else { throw ValidationError("no key with kid \(kid) is configured") }
            key = secret
        } else {
            guard let secret = try keyOptions.resolvedSecret() else {
                throw ValidationError("no JWT secret: set REPORT_JWT_SECRET or REPORT_JWT_SECRET_FILE")
            }
            key = Array(secret.utf8)
        }
        let signer = try JWTSigner(key: key, kid: kid)
        let now = Timestamp.now().rounded(.down)
        print(
            signer.token(
                sub: sub, role: role.rawValue, permissions: permissions, issuedAt: now, expiresAt: now + Double(ttl),
                issuer: keyOptions.resolvedIssuer, audience: keyOptions.resolvedAudience))
    }
}
