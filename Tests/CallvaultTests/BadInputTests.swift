import Foundation
import TestSupport
import Testing

/// What a person typing the wrong thing sees: clear messages, exit codes 1 and 2, nothing damaged.
@Suite("CLI bad input")
struct BadInputTests {
    @Test(arguments: [
        (["jobs", "enqueue", "no-such-kind"], "unknown job kind"),
        (["jobs", "enqueue", "noop", "--payload", "{oops"], "not valid JSON"),
        (["jobs", "enqueue", "noop", "--payload", "[1,2]"], "JSON object"),
        (["jobs", "enqueue", "noop", "--payload", #"{"sleep_ms": -1}"#], "sleep_ms"),
        (["jobs", "enqueue", "noop", "--run-at", "tomorrow"], "ISO 8601"),
        (["jobs", "show", "abc"], "invalid"),
        (["jobs", "frobnicate"], "help"),
        (["work", "--workers", "0"], "at least 1"),
    ])
    func badUsageExitsTwoWithAHint(arguments: [String], expected: String) async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        let output = try await cli.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.localizedCaseInsensitiveContains(expected), "stderr: \(output.stderr)")
    }

    @Test func failuresExitOne() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        let missing = try await cli.run(["jobs", "show", "999"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no job with id 999"))
        let enqueued = try await cli.run(["jobs", "enqueue", "noop"])
        #expect(enqueued.status == 0)
        let id = try #require(enqueued.stdout.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(try await cli.run(["jobs", "cancel", id]).status == 0)
        let again = try await cli.run(["jobs", "cancel", id])
        #expect(again.status == 1)
        #expect(again.stderr.contains("cancelled"))
    }

    @Test func aFileThatIsNotSQLiteIsReportedAndLeftAlone() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        let garbage = Data("PK\u{03}\u{04} definitely a zip file, not SQLite".utf8) + Data(repeating: 0x5A, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: cli.databasePath))
        for arguments in [["jobs", "stats"], ["jobs", "enqueue", "noop"], ["work", "--drain"]] {
            let output = try await cli.run(arguments)
            #expect(output.status == 1)
            #expect(output.stderr.contains("is not an SQLite database"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)) == garbage)
    }

    @Test func aReadOnlyHomeIsAConfigurationError() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanup() }
        #expect(try await cli.run(["jobs", "enqueue", "noop"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.databasePath))
        let readOnly = try ReadOnlyDirectory(copying: cli.home)
        defer { readOnly.remove() }
        let reader = try CLIRunner(home: readOnly.url)
        for arguments in [["jobs", "stats"], ["jobs", "enqueue", "noop"]] {
            let output = try await reader.run(arguments)
            #expect(output.status == 2, "stderr: \(output.stderr)")
            #expect(output.stderr.contains("CALLVAULT_HOME"))
        }
        #expect(try Data(contentsOf: readOnly.url.appendingPathComponent("callvault.sqlite")) == before)
    }
}

/// A directory nobody can write to: a read-only tmpfs mount when running as root (root ignores
/// permission bits), else a copy with mode 0555.
struct ReadOnlyDirectory {
    let url: URL
    let mounted: Bool

    init(copying source: URL) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callvault-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if getuid() == 0 {
            try Self.shell("mount -t tmpfs -o size=16m tmpfs '\(url.path)' && cp -a '\(source.path)/.' '\(url.path)/' && mount -o remount,ro '\(url.path)'")
            mounted = true
        } else {
            try Self.shell("cp -a '\(source.path)/.' '\(url.path)/' && chmod 0444 '\(url.path)'/* && chmod 0555 '\(url.path)'")
            mounted = false
        }
    }

    func remove() {
        if mounted { try? Self.shell("umount '\(url.path)'") } else { try? Self.shell("chmod -R u+w '\(url.path)'") }
        try? FileManager.default.removeItem(at: url)
    }

    static func shell(_ command: String) throws {
        let result = try ChildProcess.runBlocking("/bin/sh", ["-c", command])
        guard result.status == 0 else {
            throw CLIRunnerError(message: "`\(command)` failed with status \(result.status): \(result.stderr)")
        }
    }
}
