import Foundation
import TestSupport

/// A small tmpfs mounted for one test (needs root with CAP_SYS_ADMIN), unmounted on `unmount()`.
struct TmpfsMount {
    let path: String

    /// Whether this process may mount a tmpfs (tries once, on a throwaway directory).
    static let isPermitted: Bool = {
        guard let probe = try? TmpfsMount(sizeBytes: 64 * 1024) else { return false }
        probe.unmount()
        return true
    }()

    init(sizeBytes: Int) throws {
        var template = Array((NSTemporaryDirectory() + "/callvault-tmpfs-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: created)
        let status = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeBytes)", "tmpfs", path])
        guard status == 0 else {
            rmdir(path)
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    func unmount() {
        _ = Self.run("/bin/umount", [path])
        rmdir(path)
    }

    /// Free bytes on the mount.
    func freeBytes() -> Int64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Writes a file of `bytes` zeros.
    func fill(_ name: String, bytes: Int64) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path + "/" + name, isDirectory: false).creatingIfNeeded())
        defer { try? handle.close() }
        let chunk = Data(count: 4096)
        var written: Int64 = 0
        while written < bytes {
            let n = Int(min(Int64(chunk.count), bytes - written))
            try handle.write(contentsOf: chunk.prefix(n))
            written += Int64(n)
        }
        try handle.synchronize()
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        (try? ChildProcess.runBlocking(tool, arguments).status) ?? -1
    }
}

extension URL {
    fileprivate func creatingIfNeeded() -> URL {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        return self
    }
}
