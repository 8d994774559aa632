import Foundation
import TestSupport
import Testing

/// Processes that start at the same moment on an empty home (the service and the sync timer on a
/// first deploy, several workers, a command beside them) all open and migrate it, and all succeed;
/// on PostgreSQL they migrate one fresh schema together, under the migration lock.
@Suite("Processes starting together", .serialized)
struct ConcurrentStartTests {
    @Test(arguments: BackendKind.all) func everyProcessStartedAtOnceOnAnEmptyHomeSucceeds(_ kind: BackendKind) async throws {
        // Dummy RingCentral settings make the commands load (and so create) the token key file too.
        let ringCentral = [
            "RINGCENTRAL_SERVER_URL": "http://127.0.0.1:9", "RINGCENTRAL_CLIENT_ID": "id", "RINGCENTRAL_CLIENT_SECRET": "secret",
            "RINGCENTRAL_JWT": "jwt",
        ]
        for round in 0..<12 {
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            let database = kind == .postgres ? ["CALLVAULT_DATABASE_URL": TestBackend.freshPostgresURL()] : [:]
            var started: [(String, CLIRunner.Running)] = []
            for _ in 0..<3 { started.append(("work --drain", try cli.start(["work", "--drain"], environment: database))) }
            started.append(("jobs enqueue", try cli.start(["jobs", "enqueue", "noop"], environment: database)))
            for _ in 0..<2 {
                started.append(("jobs stats", try cli.start(["jobs", "stats"], environment: ringCentral.merging(database) { $1 })))
            }
            for (name, process) in started {
                let status = await process.wait(timeoutSeconds: 120)
                #expect(status == 0, "round \(round): \(name) exited \(status): \(process.stderr.suffix(500))")
                #expect(!process.stderr.contains("already exists"))
                #expect(!process.stderr.localizedCaseInsensitiveContains("database is locked"))
            }
            let key = try String(contentsOf: cli.home.appendingPathComponent("secret.key"), encoding: .utf8)
            #expect(Data(base64Encoded: key.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.home.path).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty)
            if let url = database["CALLVAULT_DATABASE_URL"] { try await TestBackend.dropSchema(of: url) }
        }
    }
}
