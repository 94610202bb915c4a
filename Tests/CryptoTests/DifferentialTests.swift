import Foundation
import SeededRandom
import Testing

@testable import Crypto

/// Compares SHA-256 and HMAC-SHA256 with Python's hashlib and hmac over seeded random keys and messages.
@Suite struct DifferentialTests {
    /// Reads "key-hex message-hex" lines from the file named by argv[1]; prints "sha-hex mac-hex" per line.
    private static let script = """
        import hashlib, hmac, sys
        for line in open(sys.argv[1]):
            key, message = (bytes.fromhex(part) for part in line.split(" "))
            print(hashlib.sha256(message).hexdigest(), hmac.new(key, message, hashlib.sha256).hexdigest())
        """

    @Test
    func matchesPythonOnRandomInputs() throws {
        var generator = SplitMix64(seed: 0x5eed_2026)
        var cases: [(key: [UInt8], message: [UInt8])] = []
        for index in 0..<1200 {
            // Every message length from 0 to 300 appears, then random ones; keys span the 64-byte block boundary.
            let messageCount = index <= 300 ? index : Int.random(in: 0...300, using: &generator)
            let keyCount = Int.random(in: 0...150, using: &generator)
            cases.append((generator.bytes(keyCount), generator.bytes(messageCount)))
        }
        let input = cases.map { Hex.encode($0.key) + " " + Hex.encode($0.message) }.joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("auth-differential-\(getpid()).txt")
        try Data((input + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let lines = try Self.runPython(arguments: [file.path])
        try #require(lines.count == cases.count)
        for (index, (line, sample)) in zip(lines, cases).enumerated() {
            let parts = line.split(separator: " ").map(String.init)
            #expect(Hex.encode(SHA256.hash(sample.message)) == parts[0], "SHA-256 case \(index), seed 0x5eed2026")
            #expect(Hex.encode(HMACSHA256(key: sample.key).mac(sample.message)) == parts[1], "HMAC case \(index)")
        }
    }

    private static func runPython(arguments: [String]) throws -> [Substring] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
    }
}
