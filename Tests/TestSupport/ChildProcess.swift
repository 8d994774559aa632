public import Foundation
import Synchronization

/// Every program the tests start (`callvault` itself, `ffprobe`, `unzip`, `sqlite3`, `mount`, the
/// object store's scripts, `socat`), started with `posix_spawn` rather than Foundation's `Process`:
/// - `Process.run()` crashes now and then on Linux: looking for the highest open descriptor, it
///   copies each `/proc/self/fd` entry's name as a whole 256-byte field and reads past glibc's
///   buffer when an entry sits at its end (swiftlang/swift-corelibs-foundation#5472, fixed after
///   this toolchain). A fresh-clone CI run crashed there, in `CLIRunner`.
/// - Its termination handler and `waitUntilExit` were seen never to return once the child had
///   started daemons or forked (s3-server, socat).
///
/// Like `Process`, a child starts with every signal at its default action and none blocked, with
/// standard input from `/dev/null`, and without the test process's other descriptors. Output goes
/// to files, never pipes, so a daemon left running holds no pipe of ours open.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let processIdentifier: pid_t
    /// The exit status once the child has been reaped.
    private let status = Mutex<Int32?>(nil)

    private init(processIdentifier: pid_t) {
        self.processIdentifier = processIdentifier
    }

    /// Starts `executable` with `arguments`.
    /// - Parameters:
    ///   - environment: The child's whole environment; this process's when `nil`.
    ///   - stdout: A file that receives standard output (created or truncated); `/dev/null` when `nil`.
    ///   - stderr: A file that receives standard error; `/dev/null` when `nil`.
    /// - Throws: ``CLIRunnerError`` when the program cannot be started.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, stdout: String? = nil,
        stderr: String? = nil
    ) throws -> ChildProcess {
        ChildProcess(
            processIdentifier: try launch(
                executable, arguments, environment: environment, stdout: stdout ?? "/dev/null", stderr: stderr ?? "/dev/null"))
    }

    /// Starts `path arguments` with standard output to `output` and standard error to `/dev/null`
    /// when `quiet`, else to ours; for daemons and relays that the caller reaps with `waitpid`.
    /// - Returns: The child's process id.
    static func spawn(_ path: String, _ arguments: [String], output: String, quiet: Bool) throws -> pid_t {
        try launch(path, arguments, environment: nil, stdout: output, stderr: quiet ? "/dev/null" : nil)
    }

    /// `posix_spawn` with the settings above; `stderr` `nil` keeps ours.
    private static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String]?, stdout: String, stderr: String?
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let stderr { posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
        _ = closeFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw CLIRunnerError(message: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Runs `executable` to its end (killed after `timeoutSeconds`, status -1) and returns its
    /// status and what it wrote.
    public static func run(
        _ executable: String, _ arguments: [String], timeoutSeconds: Double = 600
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let (child, outputs) = try startCapturing(executable, arguments)
        defer { outputs.remove() }
        let status = await child.wait(timeoutSeconds: timeoutSeconds)
        return (status, try outputs.read("out"), try outputs.read("err"))
    }

    /// ``run(_:_:timeoutSeconds:)`` for synchronous callers: blocks the calling thread until the
    /// program ends, however long that takes.
    public static func runBlocking(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let (child, outputs) = try startCapturing(executable, arguments)
        defer { outputs.remove() }
        let status = child.reap(blocking: true) ?? -1
        return (status, try outputs.read("out"), try outputs.read("err"))
    }

    /// Starts `executable` with its output going to files `out` and `err` of a new directory.
    private static func startCapturing(_ executable: String, _ arguments: [String]) throws -> (ChildProcess, TemporaryDirectory) {
        let outputs = try TemporaryDirectory("child-process")
        do {
            return (try start(executable, arguments, stdout: outputs.path("out"), stderr: outputs.path("err")), outputs)
        } catch {
            outputs.remove()
            throw error
        }
    }

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// The exit code, or the number of the signal that ended the child; `nil` while it runs.
    public var terminationStatus: Int32? { reap(blocking: false) }

    /// Sends `signal` to the child (nothing once it has been reaped).
    public func kill(_ signal: Int32) {
        status.withLock { status in
            if status == nil { _ = Glibc.kill(processIdentifier, signal) }
        }
    }

    /// Waits for the child to exit; after `timeoutSeconds` it is killed and -1 returned.
    public func wait(timeoutSeconds: Double) async -> Int32 {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while isRunning && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if let status = terminationStatus { return status }
        kill(SIGKILL)
        _ = reap(blocking: true)
        return -1
    }

    /// The child's status once it has exited, reaping it exactly once.
    private func reap(blocking: Bool) -> Int32? {
        status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(processIdentifier, &raw, blocking ? 0 : WNOHANG)
            } while result == -1 && errno == EINTR
            guard result == processIdentifier else { return nil }
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
            let signal = raw & 0x7f
            status = signal == 0 ? (raw >> 8) & 0xff : signal
            return status
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later; not exported to Swift).
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}
