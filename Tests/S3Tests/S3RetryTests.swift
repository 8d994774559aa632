import Testing
import Transfer

@testable import S3

@Suite("Retries and clean-up against a misbehaving endpoint")
struct S3RetryTests {
    func configuration(port: Int, attempts: Int) throws -> S3Configuration {
        try S3Configuration(
            endpoint: "http://127.0.0.1:\(port)", bucket: "stub-bucket",
            credentials: S3Credentials(accessKeyID: "AKIDSTUB", secretAccessKey: "stub-secret"),
            maximumAttempts: attempts, initialRetryDelay: .milliseconds(1), maximumRetryDelay: .milliseconds(5)
        )
    }

    @Test("503 SlowDown is retried up to the attempt limit, then surfaces as a retryable slowDown")
    func slowDown() async throws {
        try await StubS3Server.with { stub in
            try await withS3Client(try configuration(port: stub.port, attempts: 3)) { s3, _ in
                let error = try await #require(throws: S3Error.self) { try await s3.listObjects() }
                #expect(error.code == .slowDown)
                #expect(error.isRetryable)
                #expect(error.status == 503)
                #expect(error.serverCode == "SlowDown")
                #expect(stub.log.all.count == 3)
            }
        }
    }

    @Test("a multipart upload whose part keeps failing is aborted, so nothing lingers")
    func multipartAbort() async throws {
        try await StubS3Server.with { stub in
            try await withS3Client(try configuration(port: stub.port, attempts: 2)) { s3, _ in
                try await withTemporaryFile(testBytes(count: 70 * 1024 * 1024, seed: 8)) { path in
                    let error = try await #require(throws: S3Error.self) { try await s3.putObject(key: "k.wav", file: path) }
                    #expect(error.code == .serverError)
                    #expect(error.serverCode == "InternalError")
                }
                let requests = stub.log.all
                #expect(requests.first == "POST /stub-bucket/k.wav?uploads=")
                #expect(requests.last == "DELETE /stub-bucket/k.wav?uploadId=stub-upload")
                #expect(requests.contains { $0.hasPrefix("PUT /stub-bucket/k.wav?partNumber=1&uploadId=stub-upload") })
            }
        }
    }

    @Test("cancelling a multipart upload in flight reaches libcurl, throws CancellationError and aborts the upload")
    func cancelUpload() async throws {
        try await StubS3Server.with { stub in
            try await withS3Client(try configuration(port: stub.port, attempts: 1)) { s3, _ in
                try await withTemporaryFile(testBytes(count: 70 * 1024 * 1024, seed: 9)) { path in
                    let task = Task { try await s3.putObject(key: "slow.wav", file: path) }
                    while !stub.log.all.contains(where: { $0.hasPrefix("PUT ") }) { try await Task.sleep(for: .milliseconds(20)) }
                    task.cancel()
                    await #expect(throws: CancellationError.self) { try await task.value }
                }
                #expect(stub.log.all.last == "DELETE /stub-bucket/slow.wav?uploadId=stub-upload")
            }
        }
    }
}
