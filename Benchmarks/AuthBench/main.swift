// Measures the Auth module in release mode: SHA-256 throughput against `openssl speed`, and one HS256 verify.
import Auth
import Crypto
import Glibc

let goals = "goal: verify <= 3 us, SHA-256 >= 300 MB/s on 1 MiB"
let runs = 7
let secondsPerRun = 0.5

/// Seconds on the monotonic clock.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Seconds per call of `body`, median and best: each of `runs` runs lasts about `secondsPerRun`.
func secondsPerCall(_ body: () -> Void) -> (median: Double, best: Double) {
    var calls = 1
    while true {
        let start = now()
        for _ in 0..<calls { body() }
        let elapsed = now() - start
        if elapsed >= 0.05 {
            calls = max(1, Int(Double(calls) * secondsPerRun / elapsed))
            break
        }
        calls *= 2
    }
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = now()
        for _ in 0..<calls { body() }
        samples.append((now() - start) / Double(calls))
    }
    samples.sort()
    return (samples[runs / 2], samples[0])
}

/// OpenSSL's figure in MB/s for one block size, or nil when openssl is missing or its output is not understood.
/// `openssl speed` prints thousands of bytes per second, e.g. "sha256  1366294.53k".
func opensslMegabytesPerSecond(bytes: Int, environment: String = "") -> Double? {
    let command = "\(environment) openssl speed -bytes \(bytes) -seconds 1 sha256 2>/dev/null"
    guard let pipe = popen(command, "r") else { return nil }
    var output = ""
    var buffer = [CChar](repeating: 0, count: 4096)
    while fgets(&buffer, Int32(buffer.count), pipe) != nil {
        output += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    guard pclose(pipe) == 0 else { return nil }
    let line = output.split(separator: "\n").last { $0.hasPrefix("sha256") }
    guard let field = line?.split(separator: " ").last, field.hasSuffix("k") else { return nil }
    return Double(field.dropLast()).map { $0 / 1000 }
}

func format(_ value: Double?, width: Int, digits: Int = 0) -> String {
    guard let value else { return String(repeating: " ", count: width - 3) + "n/a" }
    var scaled = value
    for _ in 0..<digits { scaled *= 10 }
    var text = String(Int(scaled.rounded()))
    if digits > 0 {
        while text.count <= digits { text = "0" + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    }
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

var sink: UInt8 = 0

print("auth-bench: single thread, release build; \(goals)")
print("ours: median (best) of \(runs) runs of ~\(secondsPerRun) s; openssl: `openssl speed -bytes N -seconds 1 sha256`")
print("openssl uses the SHA-NI instructions when the CPU has them; the last columns mask them (OPENSSL_ia32cap)")
print("")
print("SHA-256     ours MB/s (best)  openssl MB/s  ours/openssl  openssl no-SHA-NI  ours/that")
var megabytesFor1MiB = 0.0
for (label, size) in [("64 B", 64), ("1 KiB", 1024), ("1 MiB", 1 << 20)] {
    let input = [UInt8](repeating: 0x61, count: size)
    let seconds = secondsPerCall { sink ^= SHA256.hash(input)[0] }
    let ours = Double(size) / seconds.median / 1e6
    if size == 1 << 20 { megabytesFor1MiB = ours }
    let openssl = opensslMegabytesPerSecond(bytes: size)
    let software = opensslMegabytesPerSecond(bytes: size, environment: "OPENSSL_ia32cap=:~0x20000000")
    let line =
        label + String(repeating: " ", count: 10 - label.count) + format(ours, width: 11)
        + " (" + format(Double(size) / seconds.best / 1e6, width: 4) + ")"
        + format(openssl, width: 14) + format(openssl.map { ours / $0 }, width: 14, digits: 2)
        + format(software, width: 19) + format(software.map { ours / $0 }, width: 11, digits: 2)
    print(line)
}

let issuedAt = 1_700_000_000.0
let signer = try JWTSigner(key: Array("benchmark-secret-0123456789abcdef-0123".utf8))
let token = signer.token(
    sub: "user-42", role: "admin", permissions: ["reports:read", "analytics:dashboard"], issuedAt: issuedAt,
    expiresAt: issuedAt + 3600, issuer: "https://auth.example", audience: "report-fcgi")
let verifier = JWTVerifier(
    keys: try JWTKeySet(defaultKey: Array("benchmark-secret-0123456789abcdef-0123".utf8)),
    issuer: "https://auth.example", audience: "report-fcgi")
_ = try verifier.verify(token, now: issuedAt + 10)
let verifySeconds = secondsPerCall {
    if let principal = try? verifier.verify(token, now: issuedAt + 10) { sink ^= UInt8(principal.sub.utf8.count) }
}

print("")
let verifyLine = "verify (HS256 admin token, \(token.utf8.count) bytes, claims checked, principal built): "
print(
    verifyLine
        + "\(format(verifySeconds.median * 1e9, width: 0)) ns median (best \(format(verifySeconds.best * 1e9, width: 0)))"
)
let verifyVerdict = verifySeconds.median <= 3e-6 ? "met" : "NOT met"
let hashVerdict = megabytesFor1MiB >= 300 ? "met" : "NOT met"
print("\(goals) -> verify \(verifyVerdict), SHA-256 \(hashVerdict)  (sink \(sink))")
