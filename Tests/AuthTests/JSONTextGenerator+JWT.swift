/// Headers and claims sets shaped like real ones, each member drawn from values that pass or break one rule, so that
/// the verifier's rules run on both readers' output and not only the parse.
extension JSONTextGenerator {
    static let claimVariants: [(name: String, values: [String])] = [
        (
            "exp",
            [
                "1700003600", "1700003600", "1699999941", "1699999940", "1699999940.5", "1699999939.5", "1.7000036e9",
                #""1700003600""#, "null", "true", "[1700003600]", "9223372036854775807", "1e309", "-1",
                "17000036000000000000000", "1700003600.0",
            ]
        ),
        ("nbf", ["1699999000", "1700000060", "1700000061", "1700000060.5", #""0""#, "null", "1e2"]),
        ("iat", ["1699999990", "1700000060", "1700000061", "1699999990.25", "true", #""x""#, "-0"]),
        (
            "iss",
            [
                #""https://auth.example""#, #""https://auth.example""#, #""https:\/\/auth.example""#,
                #""https://auth.exam""#, #""https://auth.example/""#, "1", "null", #"["https://auth.example"]"#,
            ]
        ),
        (
            "aud",
            [
                #""report-fcgi""#, #""report-fcgi""#, #"["other","report-fcgi"]"#, #"["report-fcgi",1]"#, "[]",
                #"{"report-fcgi":true}"#, #""report\u002dfcgi""#, #""report""#, #"[["report-fcgi"]]"#, "null",
                "[" + Array(repeating: #""a""#, count: 255).joined(separator: ",") + #","report-fcgi"]"#,
                "[" + Array(repeating: #""a""#, count: 256).joined(separator: ",") + #","report-fcgi"]"#,
            ]
        ),
        (
            "sub",
            [
                #""user-42""#, #""user-42""#, #""""#, #""alice\u0000x""#, "42", "null", "\"jos\u{00e9}\"",
                "\"jose\u{0301}\"", "\"" + String(repeating: "\u{00e9}", count: 128) + "\"",
                "\"" + String(repeating: "\u{00e9}", count: 129) + "\"",
                "\"" + String(repeating: "x", count: 129) + "\"",
                #""user\u002d42""#, #""\ud83d\ude00""#,
            ]
        ),
        (
            "role",
            [
                #""admin""#, #""admin""#, #""super_admin""#, #""Admin""#, #""admin ""#, #"["admin"]"#, "null",
                #""adm\u0069n""#, #""user""#,
            ]
        ),
        (
            "permissions",
            [
                #"["reports:read","analytics:dashboard"]"#, #"["reports:read","analytics:dashboard"]"#,
                #"["analytics:dashboard",1]"#, #""analytics:dashboard""#, "[]", "null",
                #"["analytics\u003adashboard"]"#, #"["Analytics:dashboard"]"#, #"[["analytics:dashboard"]]"#,
                #"["analytics:dashboard",null,true]"#,
            ]
        ),
    ]

    /// A claims set: the known claims in a random order, each usually present with a random variant, plus extras.
    mutating func claimsText() -> [UInt8] {
        var members: [String] = []
        for (name, values) in Self.claimVariants where !chance(4) {
            members.append("\"\(name)\":" + (chance(85) ? values[0] : pick(values)))
            if chance(2) { members.append("\"\(name)\":" + pick(values)) }
        }
        for _ in 0..<(chance(20) ? number(in: 1...4) : 0) {
            var extra = [0x22] + memberName() + Array("\":".utf8)
            value(&extra, depth: 2)
            members.append(String(decoding: extra, as: UTF8.self))
        }
        members.shuffle(using: &randomSource)
        let separator = chance(80) ? "," : pick([", ", " ,\n", "\r\n,\t"])
        return Array(("{" + members.joined(separator: separator) + "}").utf8)
    }

    /// A header, usually `{"alg":"HS256","typ":"JWT"}` in some order, with `kid`, forbidden members or extras.
    mutating func headerText() -> [UInt8] {
        var members = [
            "\"alg\":"
                + (chance(85) ? #""HS256""# : pick([#""none""#, #""hs256""#, "256", "null", #""HS\u0032\u00356""#]))
        ]
        if chance(15) { members.removeAll() }
        if chance(70) { members.append("\"typ\":" + pick([#""JWT""#, #""JWT""#, #""jwt""#, #""JWS""#, "1"])) }
        if chance(40) {
            members.append("\"kid\":" + pick([#""2025-02""#, #""2025-02""#, #""2024-12""#, "1", #""2025\u002d02""#]))
        }
        for _ in 0..<(chance(10) ? number(in: 1...2) : 0) {
            members.append("\"\(pick(["crit", "jku", "x5u", "jwk", "x5c"]))\":" + pick(["[]", #""x""#, "null"]))
        }
        if chance(10) { members.append(#""cty":"x""#) }
        if chance(2), let first = members.first { members.append(first) }
        members.shuffle(using: &randomSource)
        return Array(("{" + members.joined(separator: ",") + "}").utf8)
    }
}
