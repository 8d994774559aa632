import Archive
import Foundation
import Hummingbird
import JobQueue

/// `GET /healthz` (the process answers) and `GET /readyz` (the database answers and the
/// archive's disk has room), both without authentication and without customer data.
struct HealthController: Sendable {
    let dependencies: ServerDependencies
    /// Below this many free bytes the server is not ready (a full disk stops archiving).
    static let minimumFreeBytes: Int64 = 64 << 20

    func register(on router: Router<ServerContext>) {
        router.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("/readyz") { _, _ in try await self.ready() }
    }

    func ready() async throws -> Response {
        var checks: [String: String] = [:]
        var ready = true
        do {
            _ = try await dependencies.queue.stats()
            checks["database"] = "ok"
        } catch {
            checks["database"] = "failed"
            ready = false
        }
        if let path = dependencies.storage.localPath(of: ArchiveLayout.recordingsFolder) {
            let directory = (path as NSString).deletingLastPathComponent
            var stats = statvfs()
            if statvfs(directory, &stats) == 0 {
                let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
                checks["disk"] = free >= Self.minimumFreeBytes ? "ok" : "low"
                if free < Self.minimumFreeBytes { ready = false }
            } else {
                checks["disk"] = "unknown"
            }
        } else {
            checks["disk"] = "remote"
        }
        struct Readiness: Encodable {
            var status: String
            var checks: [String: String]
        }
        return try JSONResponse.make(
            Readiness(status: ready ? "ready" : "not-ready", checks: checks), status: ready ? .ok : .serviceUnavailable)
    }
}
