import Foundation
import Glibc
import Logging
import Testing

@testable import ReportFCGI

@Suite struct LineLogHandlerTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }

    /// Logs through a LineLogHandler appending to a fresh temporary file and returns the file's lines.
    private func lines(_ body: (inout Logger) -> Void) throws -> [String] {
        var template = Array("/tmp/line-log-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        try #require(fd >= 0)
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        _ = fcntl(fd, F_SETFL, O_APPEND)
        var logger = Logger(label: "report-fcgi") { LineLogHandler(label: $0, fileDescriptor: fd, logLevel: .info) }
        body(&logger)
        close(fd)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func writesStreamLogHandlersLineFormatWithMetadataSortedByKey() throws {
        let output = try lines { logger in
            logger[metadataKey: "worker"] = "3"
            logger.info("request", metadata: ["http.status": "200", "duration.ms": .stringConvertible(0.25)])
        }
        #expect(output.count == 2 && output[1] == "")
        let line = output[0]
        let pattern =
            #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4} info report-fcgi: (.*) \[ReportFCGITests\] request$/#
        let match = try #require(line.wholeMatch(of: pattern))
        #expect(match.1 == "duration.ms=0.25 http.status=200 worker=3")
    }

    @Test func explicitMetadataWinsAndErrorsAddTheirMessageAndType() throws {
        let output = try lines { logger in
            logger[metadataKey: "worker"] = "1"
            logger.error("failed", error: Failure(), metadata: ["worker": "2", "list": ["a", "b"]])
        }
        let line = output[0]
        #expect(line.contains(" error report-fcgi: "))
        #expect(line.contains("error.message=disk on fire error.type=ReportFCGITests.LineLogHandlerTests.Failure"))
        #expect(line.contains(#"list=["a", "b"] worker=2 ["#))
        #expect(line.hasSuffix("[ReportFCGITests] failed"))
    }

    @Test func belowTheLevelNothingIsWrittenAndWithoutMetadataNoneIsShown() throws {
        let output = try lines { logger in
            logger.debug("hidden")
            logger.notice("shown")
        }
        #expect(output.count == 2)
        #expect(output[0].hasSuffix(" notice report-fcgi: [ReportFCGITests] shown"))
    }

    @Test func controlCharactersAreEscapedSoEveryEntryIsOneLine() throws {
        let output = try lines { logger in
            logger.warning(
                "lost\nforged line", metadata: ["db.error": "server closed\n\tthe connection\r\u{1b}[31m", "ok": "é"])
        }
        #expect(output.count == 2)
        #expect(output[0].contains(#"db.error=server closed\n\tthe connection\r\x1b[31m ok=é ["#))
        #expect(output[0].hasSuffix(#"[ReportFCGITests] lost\nforged line"#))
    }

    @Test func concurrentLinesStayWhole() throws {
        let output = try lines { logger in
            let shared = logger
            DispatchQueue.concurrentPerform(iterations: 8) { thread in
                for index in 0..<200 {
                    shared.info(
                        "line",
                        metadata: [
                            "thread": "\(thread)", "index": "\(index)", "pad": "\(String(repeating: "x", count: 100))",
                        ])
                }
            }
        }
        #expect(output.count == 8 * 200 + 1)
        #expect(output.dropLast().allSatisfy { $0.hasSuffix("[ReportFCGITests] line") && $0.contains(" index=") })
    }
}
