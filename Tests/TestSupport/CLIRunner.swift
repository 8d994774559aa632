public import SQLiteStore
public import Foundation

/// Runs the built `callvault` binary as a real child process with its own `CALLVAULT_HOME`.
public struct CLIRunner: Sendable {
    /// The binary next to the test bundle (built by `swift build` before `swift test`).
    public static let binary: String = {
        if let override = ProcessInfo.processInfo.environment["CALLVAULT_BIN"] { return override }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("callvault").path
    }()

    public let home: URL

    public init(home: URL? = nil) throws {
        self.home = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("callvault-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.home, withIntermediateDirectories: true)
    }

    public var databasePath: String { home.appendingPathComponent("callvault.sqlite").path }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// A started process whose output goes to files in the temporary directory, removed when
    /// the last reference to it goes.
    public final class Running: Sendable {
        /// The child process.
        public let child: ChildProcess
        let stdoutURL: URL
        let stderrURL: URL

        init(child: ChildProcess, stdoutURL: URL, stderrURL: URL) {
            self.child = child
            self.stdoutURL = stdoutURL
            self.stderrURL = stderrURL
        }

        deinit {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }

        public var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
        public var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

        public func kill(_ signal: Int32) { child.kill(signal) }

        /// Waits for exit, killing the process after `timeoutSeconds` (then -1).
        public func wait(timeoutSeconds: Double) async -> Int32 { await child.wait(timeoutSeconds: timeoutSeconds) }
    }

    /// Starts `callvault arguments`; with `launcher`, starts `launcher.path launcher.arguments
    /// callvault arguments` instead (a program that runs the binary in another setting, such as
    /// `ip netns exec NAME`, and replaces itself with it).
    public func start(
        _ arguments: [String], environment extra: [String: String] = [:], launcher: (path: String, arguments: [String])? = nil
    ) throws -> Running {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw CLIRunnerError(message: "\(Self.binary) is missing: run `swift build` before `swift test`")
        }
        let command = launcher.map { ($0.path, $0.arguments + [Self.binary] + arguments) } ?? (Self.binary, arguments)
        var environment = ProcessInfo.processInfo.environment
        environment["CALLVAULT_HOME"] = home.path
        for (key, value) in extra { environment[key] = value }
        let id = UUID().uuidString
        let stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("cv-\(id).out")
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("cv-\(id).err")
        let child = try ChildProcess.start(
            command.0, command.1, environment: environment, stdout: stdoutURL.path, stderr: stderrURL.path)
        return Running(child: child, stdoutURL: stdoutURL, stderrURL: stderrURL)
    }

    public func run(_ arguments: [String], environment: [String: String] = [:], timeoutSeconds: Double = 60) async throws -> Output {
        let running = try start(arguments, environment: environment)
        let status = await running.wait(timeoutSeconds: timeoutSeconds)
        return Output(status: status, stdout: running.stdout, stderr: running.stderr)
    }

    public func cleanup() {
        try? FileManager.default.removeItem(at: home)
    }
}

public struct CLIRunnerError: Error, CustomStringConvertible {
    public var message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension CLIRunner {
    /// The database of this home, opened as another process would (for checking what the
    /// commands did; the schema is already there).
    public func backend() async throws -> SQLiteBackend {
        try await SQLiteBackend.open(path: databasePath)
    }

    /// Every row of a table in this home's database, as text.
    public func rows(_ table: String, orderBy: String = "1, 2", excluding: Set<String> = []) async throws -> [[String: String]] {
        try await backend().rows(table, orderBy: orderBy, excluding: excluding)
    }
}
