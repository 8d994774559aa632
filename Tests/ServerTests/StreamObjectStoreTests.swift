import App
import Archive
import Foundation
import Media
import TestSupport
import Testing
import Transfer

/// Streams and the pipeline with the archive in a real object store (Ceph RGW of
/// `scripts/s3-server`): ranges relayed from the store, a 302 to a presigned URL with
/// `CALLVAULT_S3_REDIRECT=1`, and the whole pipeline from the simulator into the bucket.
@Suite("Stream and pipeline with an object store")
struct StreamObjectStoreTests {
    @Test func aRedirectLeadsToAPresignedURLThatServesRanges() async throws {
        var environment = try await TestStorage.s3.environment()
        environment["CALLVAULT_S3_REDIRECT"] = "1"
        try await StreamFixture.with(environment: environment) { f in
            let (_, bytes) = try await f.file(id: "6001", format: .mp3(bitRate: 32_000), seconds: 10)
            #expect(f.app.storage.localPath(of: "recordings") == nil)
            var request = Transfer.HTTPRequest(
                method: .get, url: f.base + "/recordings/6001/stream",
                headers: ["Authorization": "Bearer \(StreamFixture.apiToken)"])
            request.maximumRedirects = 0
            let redirect = try await f.http.send(request)
            #expect(redirect.status == 302)
            #expect(redirect.header("Cache-Control") == "private, no-store")
            let location = try #require(redirect.header("Location"))
            #expect(location.contains("X-Amz-Signature="))
            // Without the token the redirect is refused like the stream.
            #expect(try await f.request("/recordings/6001/stream", bearer: false).status == 401)

            // The player follows the link and seeks with Range against the store.
            let ranged = try await f.http.send(Transfer.HTTPRequest(method: .get, url: location, headers: ["Range": "bytes=100-1099"]))
            #expect(ranged.status == 206)
            #expect(ranged.body == Array(bytes[100...1099]))
            // HEAD is answered by the server itself.
            let head = try await f.request("/recordings/6001/stream", method: .head)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(bytes.count))
        }
    }

    @Test func aMissingObjectIsA404NotACutBody() async throws {
        try await StreamFixture.with(environment: try await TestStorage.s3.environment()) { f in
            let (stored, bytes) = try await f.file(id: "6002", format: .mp3(bitRate: 32_000), seconds: 6)
            let ranged = try await f.request("/recordings/6002/stream", headers: [("Range", "bytes=-300")])
            #expect(ranged.status == 206)
            #expect(ranged.body == Array(bytes.suffix(300)))
            try await f.app.storage.delete(key: stored.relativePath)
            let missing = try await f.request("/recordings/6002/stream")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "file-missing")
        }
    }

    @Test func thePipelineArchivesIntoTheBucketAndServesFromIt() async throws {
        let environment = try await TestStorage.s3.environment()
        try await withServer(calls: APITests.calls(), environment: environment) { h in
            try await APITests.archive(h)
            #expect(h.app.storage.location == environment["CALLVAULT_STORAGE_URL"])
            let keys = try await h.app.storage.list(prefix: "recordings")
            for index in 0..<5 {
                let id = String(990_000 + index)
                #expect(try await h.app.catalog.recording(id)?.state == .archived, "recording \(id)")
                let files = try await h.app.catalog.files(recordingId: id)
                #expect(!files.isEmpty)
                for file in files {
                    #expect(keys.contains(file.relativePath), "\(file.relativePath) is not in the bucket")
                }
            }
            // Nothing went to the local tree; the catalog and the bucket agree.
            let localRecordings = h.home.path("recordings")
            #expect(!FileManager.default.fileExists(atPath: localRecordings))
            let report = try await Verifier(catalog: h.app.catalog, transcripts: h.app.transcripts, storage: h.app.storage).run()
            #expect(report.isClean, "\(report.issues)")
            #expect(keys.contains { $0.hasSuffix(".transcript.json") })

            // Streamed from the bucket with a range.
            let audio = try #require(try await h.app.catalog.files(recordingId: "990000").first { $0.role == .audio })
            let stored = try await h.app.storage.readAll(key: audio.relativePath)
            let ranged = try await h.get("/recordings/990000/stream", headers: ["Range": "bytes=10-2009"])
            #expect(ranged.status == 206)
            #expect(ranged.body == Array(stored[10...2009]))
        }
    }
}
