import Domain
import Glibc
import Testing

@testable import ReportFCGI

@Suite struct WorkerTests {
    @Test(arguments: [
        ("HTTP_IDEMPOTENCY_KEY", "idempotency-key"), ("HTTP_AUTHORIZATION", "authorization"),
        ("HTTP_IF_MATCH", "if-match"), ("HTTP_X_A1_B", "x-a1-b"),
    ])
    func headerParametersMapToLowercaseHyphenatedNames(_ parameter: String, _ header: String) {
        #expect(Worker.headerName(parameter: parameter) == header)
    }

    @Test func systemErrorsNameTheCallAndTheCause() {
        #expect(SystemError("chmod(/x)", code: ENOENT).description == "chmod(/x): No such file or directory (errno 2)")
        #expect(throws: SystemError("open()", code: EACCES)) {
            errno = EACCES
            try SystemError.check("open()", Int32(-1))
        }
        #expect((try? SystemError.check("read()", 5)) == 5)
    }
}
