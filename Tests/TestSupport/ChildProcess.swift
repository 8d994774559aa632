import Foundation

/// Starts helper programs with `posix_spawn` rather than Foundation's `Process`, whose
/// termination handler and `waitUntilExit` were seen never to return once the child had started
/// daemons or forked (s3-server, socat). Standard input is `/dev/null`; standard output goes to
/// a file, never a pipe, so a daemon left running holds no pipe of ours open.
enum ChildProcess {
    /// Starts `path arguments` with standard output to `output` (created or truncated) and
    /// standard error to `/dev/null` when `quiet`, else to ours.
    /// - Returns: The child's process id; reap it with `waitpid`.
    /// - Throws: ``CLIRunnerError`` when the program cannot be started.
    static func spawn(_ path: String, _ arguments: [String], output: String, quiet: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if quiet { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard status == 0 else { throw CLIRunnerError(message: "cannot run \(path): \(String(cString: strerror(status)))") }
        return pid
    }
}
