import Foundation
import JobQueue
import TestSupport
import Testing
@testable import Archive

@Suite struct CatalogTests {
    @Test(arguments: BackendKind.all) func callUpsertReportsInsertedUpdatedUnchanged(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
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

    @Test(arguments: BackendKind.all) func recordingUpsertNeverDowngradesState(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let catalog = fixture.catalog
        let recording = TestAudio.recording()
        let outcomes = [
            try await catalog.upsertCall(TestAudio.call()),
            try await catalog.upsertRecording(recording),
            try await catalog.upsertRecording(recording),
        ]
        #expect(outcomes == [.inserted, .inserted, .unchanged])
        #expect(try await catalog.recording("r1") == recording)

        // Downloaded, then offered again as pending by a sync: stays downloaded.
        try await catalog.markDownloaded(
            "r1", tmpPath: "/h/tmp/r1.part", contentType: "audio/mpeg", bytes: 42, sha256: "ab", followUps: [])
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
        try await catalog.markFailed("r1", error: "late failure")
        try await catalog.markDownloaded("r1", tmpPath: "/x", contentType: nil, bytes: 1, sha256: "cd", followUps: [])
        current = try #require(try await catalog.recording("r1"))
        #expect(current.state == .archived)
        #expect(current.contentUri == "https://media.example/new-uri")
        #expect(current.receivedSHA256 == "ab")
        #expect(current.lastError == nil)

        // A failed recording is not reset by a pending upsert, but a download moves it on.
        let other = TestAudio.recording(id: "r2")
        _ = try await catalog.upsertRecording(other)
        try await catalog.markFailed("r2", error: "HTTP 500")
        #expect(try await catalog.upsertRecording(other) == .unchanged)
        #expect(try await catalog.recording("r2")?.state == .failed)
        try await catalog.markDownloaded("r2", tmpPath: "/t", contentType: nil, bytes: 3, sha256: "ef", followUps: [])
        #expect(try await catalog.recording("r2")?.state == .downloaded)
        #expect(try await catalog.recording("r2")?.lastError == nil)
        await #expect(throws: ArchiveError.self) { try await catalog.markFailed("missing", error: "x") }
    }

    @Test(arguments: BackendKind.all) func aRecordAndItsFollowUpJobsCommitTogetherOrNotAtAll(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let queue = fixture.backend.queue()
        let catalog = fixture.catalog
        let followUp = try queue.prepared(JobRequest(kind: NoopJob.kind, idempotencyKey: "normalize:r1"))

        // The record cannot be written (no such recording): its follow-up is not enqueued either.
        await #expect(throws: ArchiveError.self) {
            try await catalog.markDownloaded("r1", tmpPath: "/t", contentType: nil, bytes: 1, sha256: "ab", followUps: [followUp])
        }
        #expect(try await queue.stats().totals.isEmpty)

        _ = try await catalog.upsertCall(TestAudio.call())
        _ = try await catalog.upsertRecording(TestAudio.recording())
        try await catalog.markDownloaded("r1", tmpPath: "/t", contentType: nil, bytes: 1, sha256: "ab", followUps: [followUp])
        #expect(try await catalog.recording("r1")?.state == .downloaded)
        let jobs = try await queue.list(JobFilter())
        #expect(jobs.map(\.idempotencyKey) == ["normalize:r1"])
    }

    @Test(arguments: BackendKind.all) func aCallLogPageStoresCallsAndEnqueuesOneDownloadPerNewRecording(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        let queue = fixture.backend.queue()
        let catalog = fixture.catalog
        let record = CallRecord(call: TestAudio.call(), recordings: [TestAudio.recording(id: "r1"), TestAudio.recording(id: "r2")])
        func downloads() throws -> [String: JobRequest] {
            try Dictionary(uniqueKeysWithValues: ["r1", "r2"].map {
                ($0, try queue.prepared(JobRequest(kind: NoopJob.kind, idempotencyKey: "download:\($0)")))
            })
        }
        let preview = try await catalog.recordCalls([record], downloads: try downloads(), dryRun: true)
        #expect(preview == [CallRecordOutcome(call: .inserted, recordings: [.enqueued, .enqueued])])
        #expect(try await catalog.call("c1") == nil)

        let first = try await catalog.recordCalls([record], downloads: try downloads(), dryRun: false)
        #expect(first == [CallRecordOutcome(call: .inserted, recordings: [.enqueued, .enqueued])])
        try await catalog.markFailed("r2", error: "gone")
        let again = try await catalog.recordCalls([record], downloads: try downloads(), dryRun: false)
        #expect(again == [CallRecordOutcome(call: .unchanged, recordings: [.alreadyKnown, .knownFailure])])
        #expect(try await catalog.recordCalls([record], downloads: try downloads(), dryRun: true)
            == [CallRecordOutcome(call: .unchanged, recordings: [.alreadyKnown, .knownFailure])])
        #expect(try await queue.list(JobFilter()).count == 2)
    }

    @Test(arguments: BackendKind.all) func watermarksAreKeptByName(_ kind: BackendKind) async throws {
        let fixture = try await ArchiveFixture.make(kind)
        defer { fixture.backend.remove() }
        #expect(try await fixture.catalog.watermark("call-log") == nil)
        try await fixture.catalog.setWatermark("call-log", to: 42)
        try await fixture.catalog.setWatermark("call-log", to: 43)
        try await fixture.catalog.setWatermark("other", to: 7)
        #expect(try await fixture.catalog.watermark("call-log") == 43)
        #expect(try await fixture.catalog.watermark("other") == 7)
    }
}
