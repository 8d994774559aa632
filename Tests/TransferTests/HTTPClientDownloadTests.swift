import Foundation
import Testing
import Transfer

@Suite("HTTPClient downloads against a live local server")
struct HTTPClientDownloadTests {
    let payload = TestServer.payload

    @Test("a fresh download's SHA-256 equals that of the served bytes")
    func freshDownload() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    let reports = ProgressLog()
                    let result = try await client.download(.get(server.url("/file")), to: path, resume: false) { progress in
                        reports.append(progress)
                    }
                    #expect(result.status == 200)
                    #expect(result.sha256 == TestServer.payloadSHA256)
                    #expect(result.bytesWritten == Int64(payload.count))
                    #expect(result.fileSize == Int64(payload.count))
                    #expect(result.contentLength == Int64(payload.count))
                    #expect(result.isComplete)
                    #expect(result.resumedFrom == 0)
                    #expect(try fileBytes(path) == payload)
                    #expect(reports.last?.bytesOnDisk == Int64(payload.count))
                    #expect(server.log.entries(for: "/file").first?.range == nil)
                }
            }
        }
    }

    @Test("a download cut short fails with partialTransfer; resume sends Range and completes the file")
    func resumeAfterTruncation() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    do {
                        _ = try await client.download(.get(server.url("/flaky")), to: path, resume: true)
                        Issue.record("expected the first attempt to fail")
                    } catch let error as TransferError {
                        #expect(error.code == .partialTransfer)
                        #expect(error.curlCode == 18)  // CURLE_PARTIAL_FILE
                    }
                    let partial = try fileBytes(path)
                    #expect(partial.count > 0)
                    #expect(partial.count < payload.count)
                    #expect(partial[...] == payload[0..<partial.count])

                    let result = try await client.download(.get(server.url("/flaky")), to: path, resume: true)
                    #expect(result.status == 206)
                    #expect(result.resumedFrom == Int64(partial.count))
                    #expect(result.bytesWritten == Int64(payload.count - partial.count))
                    #expect(result.sha256 == TestServer.payloadSHA256)
                    #expect(result.isComplete)
                    #expect(result.expectedSize == Int64(payload.count))
                    #expect(try fileBytes(path) == payload)

                    let requests = server.log.entries(for: "/flaky")
                    #expect(requests.count == 2)
                    #expect(requests.first?.range == nil)
                    #expect(requests.last?.range == "bytes=\(partial.count)-")
                }
            }
        }
    }

    @Test("a server that ignores Range (200) makes the download start over from zero")
    func serverIgnoresRange() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    // A prefix that does not even match: it must be discarded, not hashed.
                    try writeFile(path, [UInt8](repeating: 0xFF, count: 1000))
                    let result = try await client.download(.get(server.url("/norange")), to: path, resume: true)
                    #expect(result.status == 200)
                    #expect(result.restarted)
                    #expect(result.resumedFrom == 0)
                    #expect(result.sha256 == TestServer.payloadSHA256)
                    #expect(try fileBytes(path) == payload)
                    #expect(server.log.entries(for: "/norange").map(\.range) == ["bytes=1000-"])
                }
            }
        }
    }

    @Test("a 206 whose Content-Range does not start at the file's end restarts without Range")
    func wrongContentRange() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    try writeFile(path, payload[0..<1000])
                    let result = try await client.download(.get(server.url("/badrange")), to: path, resume: true)
                    #expect(result.status == 200)
                    #expect(result.restarted)
                    #expect(result.sha256 == TestServer.payloadSHA256)
                    #expect(try fileBytes(path) == payload)
                    #expect(server.log.entries(for: "/badrange").map(\.range) == ["bytes=1000-", nil])
                }
            }
        }
    }

    @Test("resuming a complete file gets 416 and reports it complete with the right hash")
    func alreadyComplete() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    try writeFile(path, payload)
                    let result = try await client.download(.get(server.url("/file")), to: path, resume: true)
                    #expect(result.status == 416)
                    #expect(result.isComplete)
                    #expect(result.bytesWritten == 0)
                    #expect(result.fileSize == Int64(payload.count))
                    #expect(result.sha256 == TestServer.payloadSHA256)
                    #expect(server.log.entries(for: "/file").map(\.range) == ["bytes=\(payload.count)-"])
                }
            }
        }
    }

    @Test("a file larger than the resource is downloaded again after the 416")
    func partialLargerThanResource() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    try writeFile(path, payload + [1, 2, 3])
                    let result = try await client.download(.get(server.url("/file")), to: path, resume: true)
                    #expect(result.status == 200)
                    #expect(result.restarted)
                    #expect(result.sha256 == TestServer.payloadSHA256)
                    #expect(try fileBytes(path) == payload)
                }
            }
        }
    }

    @Test("an HTTP error status leaves the partial file untouched")
    func errorStatusKeepsFile() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    try writeFile(path, payload[0..<1000])
                    let result = try await client.download(.get(server.url("/status/503")), to: path, resume: true)
                    #expect(result.status == 503)
                    #expect(result.sha256 == nil)
                    #expect(!result.isComplete)
                    #expect(String(decoding: result.errorBody, as: UTF8.self) == "error 503")
                    #expect(try fileBytes(path)[...] == payload[0..<1000])
                }
            }
        }
    }

    @Test("an HTTP error status for a new download leaves no file behind")
    func errorStatusCreatesNoFile() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    let result = try await client.download(.get(server.url("/status/404")), to: path, resume: true)
                    #expect(result.status == 404)
                    #expect(!FileManager.default.fileExists(atPath: path))
                }
            }
        }
    }

    @Test("cancelling a slow download throws CancellationError and keeps the partial file for a resume")
    func cancellation() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
                    let url = server.url("/slow")
                    let task = Task {
                        try await client.download(.get(url), to: path, resume: true) { progress in
                            if progress.bytesOnDisk >= 64 * 1024 { startedContinuation.yield() }
                        }
                    }
                    var iterator = started.makeAsyncIterator()
                    _ = await iterator.next()
                    task.cancel()
                    await #expect(throws: CancellationError.self) { try await task.value }

                    let partial = try fileBytes(path)
                    #expect(partial.count >= 64 * 1024)
                    #expect(partial[...] == payload[0..<partial.count])

                    // The slow route serves a prefix of the payload, so /file can finish the job.
                    let result = try await client.download(.get(server.url("/file")), to: path, resume: true)
                    #expect(result.status == 206)
                    #expect(result.resumedFrom == Int64(partial.count))
                    #expect(result.sha256 == TestServer.payloadSHA256)
                }
            }
        }
    }

    @Test("the low-speed limit aborts a stalled download with curl's timeout code")
    func lowSpeedTimeout() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    var request = HTTPRequest.get(server.url("/slow"))
                    request.timeouts = TransferTimeouts(connect: .seconds(5), lowSpeedLimit: 1000, lowSpeedTime: .seconds(1))
                    do {
                        _ = try await client.download(request, to: path, resume: false)
                        Issue.record("expected a timeout")
                    } catch let error as TransferError {
                        #expect(error.code == .timedOut)
                        #expect(error.curlCode == 28)  // CURLE_OPERATION_TIMEDOUT
                    }
                }
            }
        }
    }

    @Test("a download to an unwritable path is a fileSystem error")
    func unwritablePath() async throws {
        try await TestServer.with { server in
            try await withTestClient { client in
                await #expect {
                    try await client.download(.get(server.url("/file")), to: "/nonexistent-dir/x/y.part", resume: false)
                } throws: { error in
                    (error as? TransferError)?.code == .fileSystem
                }
            }
        }
    }

    @Test("concurrent downloads all complete with correct hashes")
    func concurrentDownloads() async throws {
        try await TestServer.with { server in
            try await withTestClient(HTTPClient.Configuration(maximumConcurrentTransfers: 3, syncDownloadsToDisk: true)) { client in
                try await withTemporaryPath { path in
                    try await withThrowingTaskGroup(of: String?.self) { group in
                        for index in 0..<6 {
                            group.addTask {
                                try await client.download(.get(server.url("/file")), to: path + ".\(index)", resume: false).sha256
                            }
                        }
                        for try await digest in group {
                            #expect(digest == TestServer.payloadSHA256)
                        }
                    }
                }
            }
        }
    }

    @Test("a download of many blocks plus a partial one hashes exactly what coreutils' sha256sum reads from disk")
    func digestMatchesIndependentHash() async throws {
        // 9 MiB + 7 bytes: several of the writer's 1 MiB blocks, then a partial block, in chunks
        // of whatever size libcurl hands over.
        let size = 9 * 1024 * 1024 + 7
        try await TestServer.with { server in
            try await withTestClient { client in
                try await withTemporaryPath { path in
                    let result = try await client.download(.get(server.url("/big?size=\(size)")), to: path, resume: false)
                    #expect(result.fileSize == Int64(size))
                    let independent = try sha256sum(path)
                    #expect(result.sha256 == independent)
                    #expect(independent == TestServer.sha256Hex([UInt8](repeating: 0x61, count: size)))
                }
            }
        }
    }
}
