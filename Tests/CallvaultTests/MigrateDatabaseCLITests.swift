import Archive
import Foundation
import JobQueue
import PostgresStore
import SQLiteStore
import TestSupport
import Testing

/// `callvault migrate --database` from a home's SQLite file into a fresh PostgreSQL schema, as
/// real processes: the copy, a rerun that copies nothing new, the commands working on the copy,
/// and a target whose audit chain diverged.
@Suite("Database migration", .serialized, .enabled(if: BackendKind.postgresURL != nil))
struct MigrateDatabaseCLITests {
    static func run(_ cli: CLIRunner, _ arguments: [String], environment: [String: String] = [:], status: Int32 = 0) async throws -> CLIRunner.Output {
        try await ComplianceCLITests.run(cli, arguments, environment: environment, status: status)
    }

    static func ids(_ search: CLIRunner.Output) -> [String] {
        let results = ComplianceCLITests.json(search.stdout)["results"] as? [[String: Any]] ?? []
        return results.compactMap { $0["recordingId"] as? String }.sorted()
    }

    @Test func anEmbeddedCatalogMovesToPostgreSQLAndTheCommandsWorkOnTheCopy() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        let url = TestBackend.freshPostgresURL()
        let onPostgres = ["CALLVAULT_DATABASE_URL": url]
        do {
            try await Self.migrate(cli, url: url, onPostgres: onPostgres)
        } catch {
            try? await TestBackend.dropSchema(of: url)
            throw error
        }
        try await TestBackend.dropSchema(of: url)
    }

    static func migrate(_ cli: CLIRunner, url: String, onPostgres: [String: String]) async throws {
        // Eight archived recordings with transcripts, a hold (and its audit entry), a recording
        // still waiting for its download, and that download's job.
        _ = try await ComplianceCLITests.archive(cli)
        _ = try await run(cli, ["hold", "add", "r30", "--reason", "Case 42: keep"])
        let sqlite = try await cli.backend()
        let now = ComplianceCLITests.now()
        _ = try await sqlite.catalog.upsertCall(
            CallEntry(
                id: "call-p1", startTimeMillis: now - 3_600_000, durationSeconds: 12, direction: "Inbound", fromNumber: "+14155550999",
                toNumber: "+12125550188", result: "Accepted", qualification: "accepted", recordJSON: #"{"id":"call-p1"}"#))
        _ = try await sqlite.catalog.upsertRecording(
            RecordingEntry(id: "p1", callId: "call-p1", contentUri: "https://media.example/recording/p1/content", expectedDurationSeconds: 12))
        let source = JobQueue(store: sqlite.queue, registry: TestBackend.registry([JobDefinition(kind: "download-recording") { _ in }]))
        _ = try await source.enqueue(JobRequest(kind: "download-recording", payload: #"{"recordingId":"p1"}"#, idempotencyKey: "download:p1"))
        let sqliteSearch = Self.ids(try await run(cli, ["search", "words", "--json"]))
        #expect(sqliteSearch.count == 8)

        let first = try await run(cli, ["migrate", "--database", url, "--json"])
        let report = ComplianceCLITests.json(first.stdout)
        #expect(report["archivedRecordings"] as? Int == 8)
        #expect(report["otherRecordings"] as? Int == 1)
        #expect(report["transcripts"] as? Int == 8)
        #expect(report["holdsAdded"] as? Int == 1)
        #expect((report["auditEntries"] as? Int ?? 0) >= 2)
        #expect(report["jobsCopied"] as? Int == 1)
        #expect((report["mismatches"] as? [Any])?.isEmpty == true, "\(first.stdout)")
        #expect(!first.stdout.contains("password") && !first.stderr.contains(URLComponents(string: url)?.password ?? "never"))

        // A rerun resumes: nothing is added twice.
        let again = ComplianceCLITests.json(try await run(cli, ["migrate", "--database", url, "--json"]).stdout)
        #expect(again["holdsAdded"] as? Int == 0)
        #expect(again["jobsCopied"] as? Int == 0)
        #expect((again["mismatches"] as? [Any])?.isEmpty == true)

        // The commands on the copy: files check out, search finds the same calls, the audit
        // chain is intact and continues the SQLite one, the hold and the waiting job are there.
        let verify = try await run(cli, ["verify"], environment: onPostgres)
        #expect(verify.stdout.contains("clean"), "\(verify.stdout)")
        #expect(Self.ids(try await run(cli, ["search", "words", "--json"], environment: onPostgres)) == sqliteSearch)
        #expect(try await run(cli, ["audit", "verify"], environment: onPostgres).stdout.contains("intact"))
        #expect(try await run(cli, ["hold", "list"], environment: onPostgres).stdout.contains("Case 42: keep"))
        let postgres = try await PostgresBackend.open(configuration: PostgresConfiguration(url: url))
        let copied = try await JobQueue(store: postgres.queue, registry: TestBackend.registry()).list(JobFilter(kind: "download-recording"))
        #expect(copied.map(\.idempotencyKey) == ["download:p1"])
        #expect(try await postgres.catalog.recording("p1")?.state == .pending)
        await postgres.close()

        // Both chains grow on their own: the next copy refuses to graft one onto the other.
        _ = try await run(cli, ["hold", "add", "r40", "--reason", "Case 43"], environment: onPostgres)
        _ = try await run(cli, ["hold", "add", "r50", "--reason", "Case 44"])
        let diverged = try await run(cli, ["migrate", "--database", url], status: 1)
        #expect(diverged.stderr.contains("diverged"), "\(diverged.stdout) \(diverged.stderr)")
    }
}
