import Foundation

/// Runs the built `callvault` binary as a real child process with its own `CALLVAULT_HOME`.
struct CLIRunner {
    /// The binary next to the test bundle (built by `swift build` before `swift test`).
    static let binary: String = {
        if let override = ProcessInfo.processInfo.environment["CALLVAULT_BIN"] { return override }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("callvault").path
    }()

    let home: URL

    init(home: URL? = nil) throws {
        self.home = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("callvault-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.home, withIntermediateDirectories: true)
    }

    var databasePath: String { home.appendingPathComponent("callvault.sqlite").path }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A started process whose output goes to files.
    final class Running: @unchecked Sendable {
        let process: Process
        let stdoutURL: URL
        let stderrURL: URL

        init(process: Process, stdoutURL: URL, stderrURL: URL) {
            self.process = process
            self.stdoutURL = stdoutURL
            self.stderrURL = stderrURL
        }

        var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

        func kill(_ signal: Int32) { Foundation.kill(process.processIdentifier, signal) }

        /// Waits for exit, killing the process after `timeoutSeconds`.
        func wait(timeoutSeconds: Double) async -> Int32 {
            let deadline = Date().addingTimeInterval(timeoutSeconds)
            while process.isRunning && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if process.isRunning {
                kill(SIGKILL)
                process.waitUntilExit()
                return -1
            }
            return process.terminationStatus
        }
    }

    func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Running {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw CLIRunnerError(message: "\(Self.binary) is missing: run `swift build` before `swift test`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CALLVAULT_HOME"] = home.path
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let id = UUID().uuidString
        let stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("cv-\(id).out")
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("cv-\(id).err")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, stdoutURL: stdoutURL, stderrURL: stderrURL)
    }

    func run(_ arguments: [String], environment: [String: String] = [:], timeoutSeconds: Double = 60) async throws -> Output {
        let running = try start(arguments, environment: environment)
        let status = await running.wait(timeoutSeconds: timeoutSeconds)
        return Output(status: status, stdout: running.stdout, stderr: running.stderr)
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: home)
    }
}

struct CLIRunnerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
