import Foundation
import RingCentralSimulator
import TestSupport
import Testing

/// The command line with the archive in a real object store (Ceph RGW of `scripts/s3-server`):
/// a local archive made by the pipeline, copied by `migrate` (a second run copies nothing), then
/// verified against the bucket; `doctor` reaching the bucket without printing the secret.
@Suite("callvault with an object store")
struct ObjectStoreCLITests {
    @Test func migrateCopiesALocalArchiveThatThenVerifiesAgainstTheBucket() async throws {
        try await withSimulatorFixture(SimulatorFixture.configuration(calls: SimulatorFixture.calls(3))) { sim in
            let cli = try CLIRunner()
            defer { cli.cleanup() }
            #expect(try await cli.run(["sync"], environment: sim.environment).status == 0)
            let work = try await cli.run(["work", "--drain", "--workers", "2"], environment: sim.environment, timeoutSeconds: 180)
            #expect(work.status == 0, "\(work.stderr.suffix(2_000))")

            let s3 = try await TestStorage.s3.environment()
            let url = try #require(s3["CALLVAULT_STORAGE_URL"])
            var store = s3
            store["CALLVAULT_STORAGE_URL"] = nil
            let first = try await cli.run(["migrate", "--storage", url], environment: store)
            #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
            #expect(first.stdout.contains("0 already in \(url)"), "\(first.stdout)")
            #expect(first.stdout.contains("CALLVAULT_STORAGE_URL=\(url)"))
            #expect(!first.stdout.contains("copied 0 file(s)"))
            let again = try await cli.run(["migrate", "--storage", url, "--json"], environment: store)
            #expect(again.status == 0)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            #expect(report["filesCopied"] as? Int == 0)
            #expect((report["filesPresent"] as? Int ?? 0) > 0)

            // Switched over: the catalog and the bucket agree; the local tree is still whole.
            let verify = try await cli.run(["verify"], environment: s3)
            #expect(verify.status == 0, "\(verify.stdout)")
            #expect(try await cli.run(["verify"]).status == 0)

            let doctor = try await cli.run(["doctor"], environment: s3)
            #expect(doctor.stdout.contains("ok   storage"), "\(doctor.stdout)")
            #expect(doctor.stdout.contains(#/AWS_SECRET_ACCESS_KEY +<set>/#))
            let secret = try #require(s3["AWS_SECRET_ACCESS_KEY"])
            #expect(!doctor.stdout.contains(secret) && !doctor.stderr.contains(secret))

            let notPostgres = try await cli.run(["migrate", "--storage", url, "--database", "mysql://db/callvault"], environment: store)
            #expect(notPostgres.status == 2)
            #expect(notPostgres.stderr.contains("postgres://"))
            let nothing = try await cli.run(["migrate"], environment: store)
            #expect(nothing.status == 2)
            #expect(nothing.stderr.contains("--storage") && nothing.stderr.contains("--database"))
        }
    }

    @Test func aBucketThatRefusesTheCredentialsFailsTheDoctor() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        var s3 = try await TestStorage.s3.environment()
        s3["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-value-123"
        let doctor = try await cli.run(["doctor"], environment: s3)
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("FAIL storage"), "\(doctor.stdout)")
        #expect(!doctor.stdout.contains("wrong-secret-value-123"))
    }
}
