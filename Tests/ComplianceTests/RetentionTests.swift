import Archive
import Compliance
import Essentials
import Foundation
import JobQueue
import SQLiteStore
import Testing
import TestSupport
import Transcripts

@Suite("Retention and erasure")
struct RetentionTests {
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    /// 2025-03-09 07:00:00Z: 02:00 in New York jumps to 03:00 (daylight saving starts).
    static let dstChange: Int64 = 1_741_503_600_000

    @Test(arguments: BackendKind.all) func retentionSelectsByCallInstantAcrossADaylightSavingChange(_ kind: BackendKind) async throws {
        // Folders in New York time; now is exactly 30 days after the change.
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        let fixture = try await ComplianceFixture.make(kind, now: Self.dstChange + 30 * Self.day, timeZone: zone)
        defer { fixture.remove() }
        // One second before and after the cutoff, and an hour either side (01:59:59 EST and 03:00:00 EDT local).
        let starts: [String: Int64] = [
            "before-1h": Self.dstChange - Self.hour, "before-1s": Self.dstChange - 1_000, "at": Self.dstChange,
            "after-1s": Self.dstChange + 1_000, "after-1h": Self.dstChange + Self.hour,
        ]
        for (id, start) in starts { try await fixture.builder.add(recordingId: id, callStart: start, lines: ["hello \(id)"]) }
        #expect(try fixture.builder.treeFiles().contains { $0.hasPrefix("recordings/2025/03/09/") })

        let plan = try await fixture.eraser().planRetention(olderThanDays: 30)
        #expect(plan.selected.map(\.recordingId) == ["before-1h", "before-1s"])
        #expect(plan.cutoffMillis == Self.dstChange)
        // Fractions of a day: 30 days less 30 minutes reaches back to 06:30Z.
        let half = try await fixture.eraser().planRetention(olderThanDays: 30 - 1.0 / 48)
        #expect(half.selected.map(\.recordingId) == ["before-1h", "before-1s", "at", "after-1s"])
    }

    @Test(arguments: BackendKind.all) func aDryRunReportsExactlyWhatTheRealRunDeletes(_ kind: BackendKind) async throws {
        let fixture = try await ComplianceFixture.make(kind)
        defer { fixture.remove() }
        let now = fixture.clock.nowMillis()
        for index in 0..<6 {
            try await fixture.builder.add(
                recordingId: "r\(index)", callStart: now - Int64(index) * 10 * Self.day - Self.hour, lines: ["line \(index)"], original: index == 4)
        }
        try await fixture.backend.compliance.addHold(recordingId: "r3", phone: nil, reason: "Case 7", createdBy: "test", at: now)
        let eraser = fixture.eraser(batchSize: 2)
        let before = try fixture.builder.treeFiles()
        let dry = try await eraser.preview(try await eraser.planRetention(olderThanDays: 15))
        #expect(try fixture.builder.treeFiles() == before)
        #expect(try await fixture.recordingIds().count == 6)

        let real = try await eraser.execute(try await eraser.planRetention(olderThanDays: 15), actor: "test")
        #expect(dry.recordings == ["r5", "r4", "r2"])
        #expect(real.recordings == dry.recordings)
        #expect(real.count == dry.count)
        #expect(real.bytes == dry.bytes)
        #expect(real.oldestCall == dry.oldestCall)
        #expect(real.newestCall == dry.newestCall)
        #expect(real.held == dry.held)
        #expect(real.held.map(\.recordingId) == ["r3"])
        #expect(real.held.first?.refusal.contains("Case 7") == true)
        #expect(dry.dryRun && !real.dryRun)

        #expect(try await fixture.recordingIds() == ["r0", "r1", "r3"])
        let tree = try fixture.builder.treeFiles()
        #expect(tree.count == 3 * 3)
        #expect(!tree.contains { $0.contains("_recording_r5.") || $0.contains("_recording_r4.") || $0.contains("_recording_r2.") })
        #expect(try await fixture.verify().isClean)
        #expect(try await fixture.backend.rows("calls", orderBy: "id").count == 3)
        #expect(try await fixture.backend.rows("transcript_segments", orderBy: "id").count == 3)
        let search = try await fixture.backend.transcripts.search(SearchRequest(query: SearchQuery.parse("line")))
        #expect(Set(search.results.map(\.recordingId)) == ["r0", "r1", "r3"])
        let audit = try await fixture.backend.audit.entries(AuditQuery(action: "retention."))
        #expect(audit.map(\.event.recordingId) == ["r5", "r4", "r2"])
    }

    @Test(arguments: BackendKind.all) func erasureMatchesANumberWrittenThreeWaysAndSparesHeldRecordings(_ kind: BackendKind) async throws {
        let fixture = try await ComplianceFixture.make(kind)
        defer { fixture.remove() }
        let now = fixture.clock.nowMillis()
        try await fixture.builder.add(recordingId: "a", callStart: now - 3 * Self.day, from: "+16505550100", lines: ["first call"])
        try await fixture.builder.add(recordingId: "b", callStart: now - 2 * Self.day, to: "+16505550100", lines: ["second call"])
        try await fixture.builder.add(recordingId: "c", callStart: now - Self.day, from: "(650) 555-0100", lines: ["third call"])
        try await fixture.builder.add(recordingId: "held", callStart: now - Self.day, from: "+16505550100", lines: ["held call"])
        try await fixture.builder.add(recordingId: "other", callStart: now - Self.day, from: "+16505550199", lines: ["other call"])
        try await fixture.backend.compliance.addHold(recordingId: "held", phone: nil, reason: "Smith v. Northwind", createdBy: "test", at: now)
        let eraser = fixture.eraser()
        for written in ["+1 (650) 555-0100", "16505550100", "650-555-0100"] {
            let plan = try await eraser.planErasure(phone: written)
            #expect(plan.selected.map(\.recordingId) == ["a", "b", "c"], "\(written)")
            #expect(plan.held.map(\.recordingId) == ["held"])
        }
        let report = try await eraser.execute(try await eraser.planErasure(phone: "650.555.0100"), actor: "test")
        #expect(report.recordings == ["a", "b", "c"])
        #expect(try await fixture.recordingIds() == ["held", "other"])
        #expect(try await fixture.verify().isClean)

        // The audit names no number: only its keyed hash, the same for any way of writing it.
        let entries = try await fixture.backend.audit.entries(AuditQuery(action: "erase"))
        let digest = try #require(entries.first { $0.event.action == .erase }?.event.details["phone"])
        #expect(digest == PhoneDigest(key: Array(repeating: 1, count: 32)).digest(e164: "+16505550100"))
        for entry in entries { #expect(!"\(entry.event.details)".contains("5550100")) }
        #expect(try await fixture.backend.audit.entries(AuditQuery(action: "refused")).first?.event.details["reason"] == "Smith v. Northwind")
    }

    @Test(arguments: BackendKind.all) func aPhoneHoldCoversCurrentAndFutureRecordingsUntilRemoved(_ kind: BackendKind) async throws {
        let fixture = try await ComplianceFixture.make(kind)
        defer { fixture.remove() }
        let now = fixture.clock.nowMillis()
        let store = fixture.backend.compliance
        try await fixture.builder.add(recordingId: "old", callStart: now - 400 * Self.day, to: "+16505550100")
        let hold = try await store.addHold(recordingId: nil, phone: "+16505550100", reason: "Matter 12", createdBy: "test", at: now)
        try await fixture.builder.add(recordingId: "later", callStart: now - 500 * Self.day, from: "16505550100")
        try await fixture.builder.add(recordingId: "free", callStart: now - 500 * Self.day, from: "+14155550000")
        let eraser = fixture.eraser()
        let report = try await eraser.execute(try await eraser.planRetention(olderThanDays: 365), actor: "test")
        #expect(report.recordings == ["free"])
        #expect(Set(report.held.map(\.recordingId)) == ["old", "later"])
        #expect(report.held.allSatisfy { $0.holdId == hold.id && $0.byPhone && $0.reason == "Matter 12" })
        let erase = try await eraser.execute(try await eraser.planErasure(recordingIds: ["old", "nope"]), actor: "test")
        #expect(erase.count == 0)
        #expect(erase.held.map(\.recordingId) == ["old"])
        #expect(erase.notFound == ["nope"])

        #expect(try await store.removeHolds(phone: "+16505550100").map(\.id) == [hold.id])
        let after = try await eraser.execute(try await eraser.planRetention(olderThanDays: 365), actor: "test")
        #expect(after.recordings == ["later", "old"])
        #expect(try await fixture.recordingIds().isEmpty)
        #expect(try await fixture.verify().isClean)
    }

    @Test(arguments: BackendKind.all) func aHoldPlacedAfterPlanningIsHonouredWhenMarking(_ kind: BackendKind) async throws {
        let fixture = try await ComplianceFixture.make(kind)
        defer { fixture.remove() }
        let now = fixture.clock.nowMillis()
        try await fixture.builder.add(recordingId: "x", callStart: now - 40 * Self.day)
        try await fixture.builder.add(recordingId: "y", callStart: now - 40 * Self.day)
        let eraser = fixture.eraser()
        let plan = try await eraser.planRetention(olderThanDays: 30)
        try await fixture.backend.compliance.addHold(recordingId: "y", phone: nil, reason: "late hold", createdBy: "test", at: now)
        let report = try await eraser.execute(plan, actor: "test")
        #expect(report.recordings == ["x"])
        #expect(report.held.map(\.reason) == ["late hold"])
        #expect(try await fixture.recordingIds() == ["y"])
    }

    @Test(arguments: BackendKind.all) func jobsWaitingForADeletedRecordingAndItsFinishedJobsGoOthersStay(_ kind: BackendKind) async throws {
        let fixture = try await ComplianceFixture.make(kind)
        defer { fixture.remove() }
        let now = fixture.clock.nowMillis()
        try await fixture.builder.add(recordingId: "old", callStart: now - 40 * Self.day)
        try await fixture.builder.add(recordingId: "new", callStart: now - Self.day)
        let queue = fixture.backend.queue(TestBackend.registry([JobDefinition(kind: "download-recording") { _ in }]))
        func enqueue(_ payload: String, kind: String = "download-recording") async throws -> String {
            String(try await queue.enqueue(JobRequest(kind: kind, payload: payload)).id)
        }
        let waiting = try await enqueue(#"{"recordingId":"old"}"#)
        let finished = try await enqueue(#"{"recordingId":"old"}"#)
        let other = try await enqueue(#"{"recordingId":"new"}"#)
        let unrelated = try await enqueue("{}", kind: "noop")
        try await fixture.backend.execute("UPDATE jobs SET state = 'completed', finished_at = 1 WHERE id = \(Int64(finished)!)")
        let eraser = fixture.eraser()
        let report = try await eraser.execute(try await eraser.planRetention(olderThanDays: 30), actor: "test")
        #expect(report.recordings == ["old"])
        let left = try await fixture.backend.rows("jobs", orderBy: "id").compactMap { $0["id"] }
        #expect(left == [other, unrelated])
        #expect(!left.contains(waiting) && !left.contains(finished))
    }

    @Test(arguments: BackendKind.all) func badInputIsRefusedAndNothingChanges(_ kind: BackendKind) async throws {
        let fixture = try await ComplianceFixture.make(kind)
        defer { fixture.remove() }
        try await fixture.builder.add(recordingId: "k", callStart: fixture.clock.nowMillis() - Self.day)
        let eraser = fixture.eraser()
        await #expect(throws: ComplianceError.self) { try await eraser.planRetention(olderThanDays: -1) }
        await #expect(throws: ComplianceError.self) { try await eraser.planErasure(phone: "not a number") }
        await #expect(throws: ComplianceError.self) { try await eraser.planErasure(recordingIds: ["../etc"]) }
        await #expect(throws: ComplianceError.self) {
            try await fixture.backend.compliance.addHold(recordingId: "missing", phone: nil, reason: "r", createdBy: "t", at: 0)
        }
        #expect(try await fixture.recordingIds() == ["k"])
    }

    @Test(arguments: BackendKind.all) func retentionAndErasureRemoveTheirObjectsFromTheObjectStore(_ kind: BackendKind) async throws {
        let fixture = try await ComplianceFixture.make(kind, storage: .s3)
        defer { fixture.remove() }
        let now = fixture.clock.nowMillis()
        try await fixture.builder.add(recordingId: "old", callStart: now - 40 * Self.day, lines: ["old words"], original: true)
        try await fixture.builder.add(recordingId: "caller", callStart: now - Self.day, from: "+16505550100", lines: ["erase me"])
        try await fixture.builder.add(recordingId: "kept", callStart: now - Self.day, lines: ["kept words"])
        let before = try await fixture.builder.storedKeys()
        #expect(before.filter { $0.contains("_recording_old.") }.count == 4)
        #expect(try fixture.builder.treeFiles().isEmpty, "the files went to the object store, not the home")

        let eraser = fixture.eraser()
        #expect(try await eraser.execute(try await eraser.planRetention(olderThanDays: 30), actor: "test").recordings == ["old"])
        #expect(try await eraser.execute(try await eraser.planErasure(phone: "+1 650 555 0100"), actor: "test").recordings == ["caller"])

        let after = try await fixture.builder.storedKeys()
        #expect(after == before.filter { $0.contains("_recording_kept.") })
        #expect(after.count == 3)
        #expect(try await fixture.recordingIds() == ["kept"])
        #expect(try await fixture.verify().isClean)
    }
}
