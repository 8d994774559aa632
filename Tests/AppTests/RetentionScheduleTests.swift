import App
import Archive
import Compliance
import Essentials
import Foundation
import JobQueue
import SQLiteStore
import TestSupport
import Testing
import Transcripts

/// `CALLVAULT_RETENTION_DAYS` makes retention a nightly schedule of the queue, and the
/// `retention` job deletes what the command would.
@Suite("Retention schedule")
struct RetentionScheduleTests {
    @Test func theSettingSchedulesANightlyRetentionJobThatDeletesOldRecordings() async throws {
        let home = try TemporaryDirectory("retention-schedule")
        defer { home.remove() }
        let environment = [
            "CALLVAULT_HOME": home.path, "CALLVAULT_RETENTION_DAYS": "30.5", "CALLVAULT_TIMEZONE": "Europe/Paris",
            "CALLVAULT_LOG_LEVEL": "error",
        ]
        let app = try await CallvaultApplication.build(try await CallvaultConfiguration.load(environment: environment))
        let schedule = try #require(app.queue.registry.schedules.first { $0.name == RetentionJob.kind })
        #expect(schedule.cadence == .daily(hour: 3, minute: 0, timeZone: "Europe/Paris"))
        #expect(schedule.payload.contains("30.5"))

        let builder = ArchiveBuilder(backend: try await SQLiteBackend.open(path: app.configuration.databasePath), home: home.path)
        let now = app.clock.nowMillis()
        try await builder.add(recordingId: "old", callStart: now - 31 * 86_400_000, lines: ["an old call"])
        try await builder.add(recordingId: "new", callStart: now - 30 * 86_400_000, lines: ["a newer call"])
        let job = try await app.queue.enqueue(schedule.request(maxAttempts: 5))
        try await app.worker(JobProcessorConfiguration(workers: 1, drain: true, drainHorizonMillis: 0, runSchedules: false)).run()
        let record = try #require(try await app.queue.job(job.id))
        #expect(record.state == .completed)
        #expect(record.lastError?.contains("deleted 1 recording") == true)
        #expect(try await app.catalog.recording("old") == nil)
        #expect(try await app.catalog.recording("new") != nil)
        #expect(try await app.audit.entries(AuditQuery(action: "retention.delete")).map(\.event.actor) == ["job:retention"])
        await app.shutdown()
    }

    @Test func badSettingsSayWhatToSet() async throws {
        for (name, value) in [("CALLVAULT_RETENTION_DAYS", "0"), ("CALLVAULT_RETENTION_DAYS", "forever"), ("CALLVAULT_REDACT", "iban"),
            ("CALLVAULT_PHONE_COUNTRY", "XX")]
        {
            await #expect(throws: ConfigurationError.self) { _ = try await CallvaultConfiguration.load(environment: [name: value]) }
        }
        let configuration = try await CallvaultConfiguration.load(environment: ["CALLVAULT_REDACT": "cards,ssn", "CALLVAULT_PHONE_COUNTRY": "gb"])
        #expect(configuration.redaction == [.cards, .ssn])
        #expect(configuration.phoneCountry.code == "GB")
    }
}
