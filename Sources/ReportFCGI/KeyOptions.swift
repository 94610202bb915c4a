import ArgumentParser
import Auth
import Glibc

/// Where the JWT keys come from: flags, else `REPORT_JWT_SECRET`, `REPORT_JWT_SECRET_FILE`, `REPORT_JWT_KEYS`.
struct KeyOptions: ParsableArguments {
    @Option(name: .customLong("jwt-secret"), help: "HS256 secret, at least 32 bytes (env REPORT_JWT_SECRET).")
    var secret: String?

    @Option(name: .customLong("jwt-secret-file"), help: "File holding the secret (env REPORT_JWT_SECRET_FILE).")
    var secretFile: String?

    @Option(
        name: .customLong("jwt-keys"),
        help: "Extra keys for rotation: comma-separated kid=secret pairs (env REPORT_JWT_KEYS).")
    var keys: String?

    @Option(name: .customLong("jwt-issuer"), help: "Required `iss` claim, if set (env REPORT_JWT_ISSUER).")
    var issuer: String?

    @Option(name: .customLong("jwt-audience"), help: "Required `aud` claim, if set (env REPORT_JWT_AUDIENCE).")
    var audience: String?

    var resolvedIssuer: String? { issuer ?? Environment.value("REPORT_JWT_ISSUER") }
    var resolvedKeys: String? { keys ?? Environment.value("REPORT_JWT_KEYS") }
    var resolvedAudience: String? { audience ?? Environment.value("REPORT_JWT_AUDIENCE") }

    /// The secret from the flag, the environment, or the file (one trailing newline dropped).
    func resolvedSecret() throws -> String? {
        if let secret = secret ?? Environment.value("REPORT_JWT_SECRET") { return secret }
        guard let path = secretFile ?? Environment.value("REPORT_JWT_SECRET_FILE") else { return nil }
        guard let contents = readFile(path) else { throw ValidationError("cannot read JWT secret file \(path)") }
        var text = contents
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    /// The key set, refusing any key under 32 bytes with a message that names it.
    func keySet() throws -> JWTKeySet {
        do {
            return try JWTKeySet.parse(secret: try resolvedSecret(), keys: resolvedKeys)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > 65536 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
