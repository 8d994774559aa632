import Foundation
import GRDB
import JobQueue
import Testing
@testable import Archive

@Suite struct CatalogTests {
    @Test func callUpsertReportsInsertedUpdatedUnchanged() async throws {
        let fixture = try ArchiveFixture()
        let catalog = fixture.catalog
        var call = TestAudio.call()
        #expect(try await fixture.upsert(call) == .inserted)
        #expect(try await fixture.upsert(call) == .unchanged)
        let firstSeen = try await fixture.rows("calls")[0]["first_seen_at"]
        call.toName = "Robert"
        call.recordJSON = #"{"id":"c1","changed":true}"#
        #expect(try await fixture.upsert(call) == .updated)
        let stored = try await catalog.call("c1")
        #expect(stored == call)
        #expect(try await fixture.rows("calls")[0]["first_seen_at"] == firstSeen)
        #expect(try await catalog.call("nope") == nil)
    }

    @Test func recordingUpsertNeverDowngradesState() async throws {
        let fixture = try ArchiveFixture()
        let catalog = fixture.catalog
        let recording = TestAudio.recording()
        let outcomes = try await fixture.database.write { db in
            [
                try catalog.upsertCall(TestAudio.call(), in: db),
                try catalog.upsertRecording(recording, in: db),
                try catalog.upsertRecording(recording, in: db),
            ]
        }
        #expect(outcomes == [.inserted, .inserted, .unchanged])
        #expect(try await catalog.recording("r1") == recording)

        // Downloaded, then offered again as pending by a sync: stays downloaded.
        try await fixture.database.write { db in
            try catalog.markDownloaded("r1", tmpPath: "/h/tmp/r1.part", contentType: "audio/mpeg", bytes: 42, sha256: "ab", in: db)
        }
        #expect(try await fixture.upsert(recording) == .unchanged)
        var current = try #require(try await catalog.recording("r1"))
        #expect(current.state == .downloaded)
        #expect(current.receivedBytes == 42)
        #expect(current.tmpPath == "/h/tmp/r1.part")

        // Archived: a pending upsert refreshes the URI but keeps the state; failures do not touch it.
        var archived = current
        archived.state = .archived
        archived.tmpPath = nil
        #expect(try await fixture.upsert(archived) == .updated)
        var refreshed = recording
        refreshed.contentUri = "https://media.example/new-uri"
        #expect(try await fixture.upsert(refreshed) == .updated)
        try await fixture.database.write { db in
            try catalog.markFailed("r1", error: "late failure", in: db)
            try catalog.markDownloaded("r1", tmpPath: "/x", contentType: nil, bytes: 1, sha256: "cd", in: db)
        }
        current = try #require(try await catalog.recording("r1"))
        #expect(current.state == .archived)
        #expect(current.contentUri == "https://media.example/new-uri")
        #expect(current.receivedSHA256 == "ab")
        #expect(current.lastError == nil)
        #expect(try await fixture.database.read { try catalog.isArchived("r1", in: $0) })

        // A failed recording is not reset by a pending upsert, but a download moves it on.
        let other = TestAudio.recording(id: "r2")
        try await fixture.database.write { db in
            _ = try catalog.upsertRecording(other, in: db)
            try catalog.markFailed("r2", error: "HTTP 500", in: db)
            #expect(try catalog.upsertRecording(other, in: db) == .unchanged)
            #expect(try catalog.recording("r2", in: db)?.state == .failed)
            try catalog.markDownloaded("r2", tmpPath: "/t", contentType: nil, bytes: 3, sha256: "ef", in: db)
            #expect(try catalog.recording("r2", in: db)?.state == .downloaded)
            #expect(try catalog.recording("r2", in: db)?.lastError == nil)
            #expect(try !catalog.isArchived("r2", in: db))
        }
        await #expect(throws: ArchiveError.self) {
            try await fixture.database.write { try catalog.markFailed("missing", error: "x", in: $0) }
        }
    }

    @Test func catalogWriteAndEnqueueRollBackTogether() async throws {
        let fixture = try ArchiveFixture()
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        let queue = JobQueue(database: fixture.database, registry: registry)
        let catalog = fixture.catalog
        struct Abort: Error {}

        await #expect(throws: Abort.self) {
            try await fixture.database.write { db in
                _ = try catalog.upsertCall(TestAudio.call(), in: db)
                _ = try catalog.upsertRecording(TestAudio.recording(), in: db)
                _ = try queue.enqueue(JobRequest(kind: NoopJob.kind, idempotencyKey: "download:r1"), in: db)
                throw Abort()
            }
        }
        #expect(try await catalog.call("c1") == nil)
        #expect(try await catalog.recording("r1") == nil)
        #expect(try await fixture.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM jobs") } == 0)

        let job = try await fixture.database.write { db in
            _ = try catalog.upsertCall(TestAudio.call(), in: db)
            _ = try catalog.upsertRecording(TestAudio.recording(), in: db)
            return try queue.enqueue(JobRequest(kind: NoopJob.kind, idempotencyKey: "download:r1"), in: db)
        }
        #expect(job.inserted)
        #expect(try await catalog.recording("r1") != nil)
        #expect(try await queue.job(job.id) != nil)
    }
}
