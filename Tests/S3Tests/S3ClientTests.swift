import Foundation
import Testing
import Transfer

@testable import S3

@Suite("S3 client against a real Ceph RGW over loopback")
struct S3ClientTests {
    @Test("put, get, ranged get, head, list and delete of a small object")
    func roundTrip() async throws {
        try await withS3Client { s3, _ in
            let bytes = testBytes(count: 100_000, seed: 1)
            let put = try await s3.putObject(key: "recordings/2025/01/06/a.mp3", bytes: bytes, contentType: "audio/mpeg", metadata: ["call-id": "42"])
            #expect(put.size == 100_000)
            #expect(put.sha256 == sha256Hex(bytes))
            #expect(put.partCount == 0)

            let whole = ByteCollector()
            let info = try await s3.getObject(key: "recordings/2025/01/06/a.mp3") { whole.append($0) }
            #expect(whole.bytes == bytes)
            #expect(info.size == 100_000)
            #expect(info.etag == put.etag)

            let part = ByteCollector()
            let ranged = try await s3.getObject(key: "recordings/2025/01/06/a.mp3", range: 10...99) { part.append($0) }
            #expect(part.bytes == Array(bytes[10...99]))
            #expect(ranged.size == 100_000)

            let head = try #require(try await s3.headObject(key: "recordings/2025/01/06/a.mp3"))
            #expect(head.size == 100_000)
            #expect(head.etag == put.etag)
            #expect(head.contentType == "audio/mpeg")
            #expect(head.sha256 == sha256Hex(bytes))
            #expect(head.metadata["call-id"] == "42")

            let listed = try await s3.listAllObjects(prefix: "recordings/")
            #expect(listed.map(\.key) == ["recordings/2025/01/06/a.mp3"])
            #expect(listed.first?.size == 100_000)
            #expect(listed.first?.etag == put.etag)

            try await s3.deleteObject(key: "recordings/2025/01/06/a.mp3")
            #expect(try await s3.headObject(key: "recordings/2025/01/06/a.mp3") == nil)
            #expect(try await s3.listAllObjects().isEmpty)
        }
    }

    @Test("a file larger than the part size goes up in parts, verified, and reads back exactly")
    func multipartUpload() async throws {
        // 12 MiB + 5 bytes with 5 MiB parts: three parts, the last one short.
        let bytes = testBytes(count: 12 * 1024 * 1024 + 5, seed: 2)
        let digest = sha256Hex(bytes)
        try await withS3Client { s3, _ in
            try await withTemporaryFile(bytes) { path in
                let put = try await s3.putObject(key: "big.wav", file: path, sha256: digest, contentType: "audio/wav")
                #expect(put.partCount == 3)
                #expect(put.etag.hasSuffix("-3"))
                #expect(put.size == Int64(bytes.count))
                #expect(put.sha256 == digest)
            }
            let head = try #require(try await s3.headObject(key: "big.wav"))
            #expect(head.size == Int64(bytes.count))
            #expect(head.sha256 == digest)
            #expect(head.contentType == "audio/wav")

            let whole = ByteCollector()
            try await s3.getObject(key: "big.wav") { whole.append($0) }
            #expect(whole.bytes.count == bytes.count)
            #expect(sha256Hex(whole.bytes) == digest)

            // A range across the first part boundary.
            let boundary = Int64(5 * 1024 * 1024)
            let part = ByteCollector()
            try await s3.getObject(key: "big.wav", range: (boundary - 10)...(boundary + 9)) { part.append($0) }
            #expect(part.bytes == Array(bytes[Int(boundary - 10)...Int(boundary + 9)]))
        }
    }

    @Test("a single-request file upload is verified and streamed from disk")
    func singleFileUpload() async throws {
        let bytes = testBytes(count: 3 * 1024 * 1024 + 1, seed: 3)
        try await withS3Client { s3, _ in
            try await withTemporaryFile(bytes) { path in
                let put = try await s3.putObject(key: "one.mp3", file: path, sha256: sha256Hex(bytes))
                #expect(put.partCount == 0)
                #expect(!put.etag.contains("-"))
            }
            #expect(try await s3.getObject(key: "one.mp3") == bytes)
        }
    }

    @Test("a file that does not match the expected SHA-256 is refused before anything is uploaded")
    func localChecksumMismatch() async throws {
        let bytes = testBytes(count: 1000, seed: 4)
        try await withS3Client { s3, _ in
            try await withTemporaryFile(bytes) { path in
                let wrong = String(repeating: "0", count: 64)
                let error = try await #require(throws: S3Error.self) { try await s3.putObject(key: "bad.mp3", file: path, sha256: wrong) }
                #expect(error.code == .checksumMismatch)
                #expect(!error.isRetryable)
            }
            #expect(try await s3.headObject(key: "bad.mp3") == nil)
        }
    }

    @Test("the server detects bodies that do not match their signed SHA-256 or their Content-MD5")
    func serverChecksumMismatch() async throws {
        try await withS3Client { s3, http in
            let body = Array("the bytes that are really sent".utf8)
            let full = try s3.fullKey("tampered.bin")

            // Signed payload hash of other bytes: XAmzContentSHA256Mismatch.
            var signed = s3.request(.put, fullKey: full, payloadHash: sha256Hex(Array("other bytes".utf8)))
            signed.body = HTTPBody(bytes: body, contentType: "application/octet-stream")
            let signedResponse = try await http.send(signed)
            let signedError = S3Client.error(from: signedResponse, key: "tampered.bin")
            #expect(signedResponse.status == 400)
            #expect(signedError.code == .checksumMismatch)
            #expect(signedError.serverCode == "XAmzContentSHA256Mismatch")

            // Content-MD5 of other bytes: BadDigest.
            var md5Request = s3.request(
                .put, fullKey: full, headers: ["Content-MD5": "AAAAAAAAAAAAAAAAAAAAAA=="], payloadHash: sha256Hex(body)
            )
            md5Request.body = HTTPBody(bytes: body, contentType: "application/octet-stream")
            let md5Response = try await http.send(md5Request)
            let md5Error = S3Client.error(from: md5Response, key: "tampered.bin")
            #expect(md5Response.status == 400)
            #expect(md5Error.code == .checksumMismatch)
            #expect(md5Error.serverCode == "BadDigest")

            #expect(try await s3.headObject(key: "tampered.bin") == nil)
        }
    }

    @Test("a missing key: HEAD is nil, GET and ranged GET are notFound, DELETE succeeds")
    func missingKey() async throws {
        try await withS3Client { s3, _ in
            #expect(try await s3.headObject(key: "nothing/here.mp3") == nil)
            let error = try await #require(throws: S3Error.self) {
                try await s3.getObject(key: "nothing/here.mp3") { _ in Issue.record("no bytes expected") }
            }
            #expect(error.code == .notFound)
            #expect(error.serverCode == "NoSuchKey")
            #expect(error.status == 404)
            #expect(!error.isRetryable)
            let ranged = try await #require(throws: S3Error.self) { try await s3.getObject(key: "nothing/here.mp3", range: 0...9) }
            #expect(ranged.code == .notFound)
            try await s3.deleteObject(key: "nothing/here.mp3")
        }
    }

    @Test("a range beyond the end is invalidRange")
    func rangeBeyondEnd() async throws {
        try await withS3Client { s3, _ in
            try await s3.putObject(key: "short.bin", bytes: [1, 2, 3])
            let error = try await #require(throws: S3Error.self) {
                try await s3.getObject(key: "short.bin", range: 10...20) { _ in }
            }
            #expect(error.code == .invalidRange)
            #expect(error.status == 416)
        }
    }

    @Test("wrong credentials are a 403 invalidCredentials error that never shows the secret")
    func wrongCredentials() async throws {
        let secret = "WrongSecret\(UUID().uuidString.prefix(8))"
        let badSecret = try await S3TestServer.shared.configuration(secret: secret)
        try await withS3Client(badSecret) { s3, _ in
            let error = try await #require(throws: S3Error.self) { try await s3.putObject(key: "x.bin", bytes: [1]) }
            #expect(error.status == 403)
            #expect(error.code == .invalidCredentials)
            #expect(error.serverCode == "SignatureDoesNotMatch")
            #expect(!"\(error)".contains(secret))
            #expect(!"\(s3.configuration)".contains(secret))
        }
        let badKey = try await S3TestServer.shared.configuration(accessKey: "NOSUCHKEY0000000000")
        try await withS3Client(badKey) { s3, _ in
            let error = try await #require(throws: S3Error.self) { try await s3.listObjects() }
            #expect(error.status == 403)
            #expect(error.code == .invalidCredentials)
            #expect(error.serverCode == "InvalidAccessKeyId")
        }
    }

    @Test("a bucket that does not exist is noSuchBucket")
    func noSuchBucket() async throws {
        let base = try await S3TestServer.shared.configuration()
        let missing = try S3Configuration(
            endpoint: base.endpoint, region: base.region, bucket: "no-such-bucket-\(UUID().uuidString.prefix(8).lowercased())",
            credentials: base.credentials
        )
        try await withS3Client(missing) { s3, _ in
            let error = try await #require(throws: S3Error.self) { try await s3.listObjects() }
            #expect(error.code == .noSuchBucket)
            #expect(error.status == 404)
        }
    }

    @Test("listing pages through continuation tokens, rolls up prefixes, and round-trips odd keys")
    func listing() async throws {
        try await withS3Client { s3, _ in
            let keys = (0..<7).map { "calls/2025/\($0)/r.mp3" } + ["odd/a b+c ü%.mp3", "odd/x&y=z?.mp3"]
            for key in keys { try await s3.putObject(key: key, bytes: Array(key.utf8)) }

            var pages = 0
            var token: String?
            var seen: [String] = []
            repeat {
                let page = try await s3.listObjects(prefix: "calls/", continuationToken: token, maximumKeys: 3)
                seen += page.objects.map(\.key)
                token = page.continuationToken
                pages += 1
            } while token != nil
            #expect(pages == 3)
            #expect(seen == (0..<7).map { "calls/2025/\($0)/r.mp3" })

            let all = try await s3.listAllObjects()
            #expect(Set(all.map(\.key)) == Set(keys))

            let rolled = try await s3.listObjects(prefix: "calls/2025/", delimiter: "/")
            #expect(rolled.objects.isEmpty)
            #expect(rolled.commonPrefixes == (0..<7).map { "calls/2025/\($0)/" })

            for key in keys where key.hasPrefix("odd/") {
                #expect(try await s3.getObject(key: key) == Array(key.utf8))
            }
        }
    }

    @Test("virtual-hosted addressing works (bucket in the host name)")
    func virtualHosted() async throws {
        let path = try await S3TestServer.shared.configuration()
        let port = path.endpoint.split(separator: ":").last.map(String.init) ?? "80"
        let configuration = try await S3TestServer.shared.configuration(
            addressingStyle: .virtualHosted, endpoint: "http://s3.localhost:\(port)"
        )
        try await withS3Client(configuration) { s3, _ in
            try await s3.putObject(key: "v/hosted.bin", bytes: [9, 8, 7])
            #expect(try await s3.getObject(key: "v/hosted.bin") == [9, 8, 7])
            #expect(try await s3.listAllObjects().map(\.key) == ["v/hosted.bin"])
            #expect(try s3.presignedGetURL(key: "v/hosted.bin", expiresIn: .seconds(60)).hasPrefix("http://\(configuration.bucket).s3.localhost:"))
        }
    }

    @Test("cancelling a streamed GET stops the transfer; the client keeps working")
    func cancellation() async throws {
        let bytes = testBytes(count: 8 * 1024 * 1024, seed: 5)
        try await withS3Client { s3, _ in
            try await s3.putObject(key: "cancel.bin", bytes: bytes)
            let (firstChunk, firstChunkContinuation) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                try await s3.getObject(key: "cancel.bin") { _ in
                    firstChunkContinuation.yield()
                    // A slow consumer: the download waits for it (bounded memory).
                    try await Task.sleep(for: .seconds(30))
                }
            }
            var iterator = firstChunk.makeAsyncIterator()
            _ = await iterator.next()
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await s3.getObject(key: "cancel.bin", range: 0...3) == Array(bytes[0...3]))
        }
    }

    @Test("a sink that throws ends the download with its error")
    func sinkError() async throws {
        struct Stop: Error {}
        try await withS3Client { s3, _ in
            try await s3.putObject(key: "stop.bin", bytes: testBytes(count: 2 * 1024 * 1024, seed: 6))
            await #expect(throws: Stop.self) { try await s3.getObject(key: "stop.bin") { _ in throw Stop() } }
        }
    }

    @Test("createBucket makes a new bucket and is idempotent for its owner")
    func createBucket() async throws {
        let base = try await S3TestServer.shared.configuration()
        let configuration = try S3Configuration(
            endpoint: base.endpoint, region: base.region, bucket: "cv-\(UUID().uuidString.prefix(8).lowercased())",
            credentials: base.credentials
        )
        try await withS3Client(configuration) { s3, _ in
            try await s3.createBucket()
            try await s3.createBucket()
            try await s3.putObject(key: "first.bin", bytes: [42])
            #expect(try await s3.listAllObjects().map(\.key) == ["first.bin"])
            try await s3.deleteObject(key: "first.bin")
        }
    }

    @Test("UNSIGNED-PAYLOAD uploads (single and multipart) still carry Content-MD5 and read back exactly")
    func unsignedPayload() async throws {
        let base = try await S3TestServer.shared.configuration()
        let configuration = try S3Configuration(
            endpoint: base.endpoint, region: base.region, bucket: base.bucket, prefix: base.prefix, addressingStyle: .path,
            credentials: base.credentials, payloadSigning: .unsigned, multipartThreshold: 5 * 1024 * 1024,
            partSize: 5 * 1024 * 1024
        )
        let bytes = testBytes(count: 6 * 1024 * 1024, seed: 10)
        try await withS3Client(configuration) { s3, _ in
            try await s3.putObject(key: "unsigned-small.bin", bytes: Array(bytes[0..<1000]))
            #expect(try await s3.getObject(key: "unsigned-small.bin") == Array(bytes[0..<1000]))
            try await withTemporaryFile(bytes) { path in
                let put = try await s3.putObject(key: "unsigned-big.bin", file: path, sha256: sha256Hex(bytes))
                #expect(put.partCount == 2)
            }
            let whole = ByteCollector()
            try await s3.getObject(key: "unsigned-big.bin") { whole.append($0) }
            #expect(whole.bytes == bytes)
        }
    }
}
