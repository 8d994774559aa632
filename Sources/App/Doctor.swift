import Archive
public import Foundation
import Media
import RingCentral
import S3
import PostgresStore
import SQLiteStore
import Transfer

/// `callvault doctor`: checks that this deployment can work, and says what to fix.
///
/// It never changes anything beyond what opening the database does (creating the home and the
/// schema), prints no secret, and reports every problem it finds rather than stopping at the first.
public enum Doctor {
    /// Runs every check.
    /// - Parameter environment: The process environment.
    public static func run(environment: [String: String] = ProcessInfo.processInfo.environment) async -> DoctorReport {
        var checks: [DoctorReport.Check] = []
        func add(_ name: String, _ status: DoctorReport.Check.Status, _ detail: String, _ advice: String? = nil) {
            checks.append(DoctorReport.Check(name: name, status: status, detail: detail, advice: advice))
        }

        let configuration: CallvaultConfiguration
        do {
            configuration = try await CallvaultConfiguration.load(environment: environment)
            add("configuration", .ok, "every setting is valid", nil)
        } catch {
            add("configuration", .failed, "\(error)", "fix the variable named above")
            return DoctorReport(configuration: [], checks: checks)
        }
        let settings = configuration.redactedValues.map {
            DoctorReport.Setting(name: $0.key.name, value: $0.value, source: $0.source)
        }

        checks.append(checkHome(configuration.home))
        add("libraries", .ok, "\(HTTPClient.libraryVersion); \(MediaLibrary.versions)", nil)
        if !MediaLibrary.hasMP3Encoder {
            add("mp3 encoder", .failed, "libavcodec has no libmp3lame encoder", "install an FFmpeg build with libmp3lame (Debian's libavcodec has it)")
        }

        let app: CallvaultApplication
        do {
            app = try await CallvaultApplication.build(configuration)
        } catch {
            add("database", .failed, "\(error)", "fix the cause above; the file is left untouched")
            return DoctorReport(configuration: settings, checks: checks)
        }
        await checkDatabase(app, add)
        await checkStorage(app, add)
        await checkRingCentral(app, add)
        await app.shutdown()
        return DoctorReport(configuration: settings, checks: checks)
    }

    private typealias Add = (String, DoctorReport.Check.Status, String, String?) -> Void

    private static func checkDatabase(_ app: CallvaultApplication, _ add: Add) async {
        switch app.backend {
        case .sqlite(let backend): await checkSQLite(backend, app.configuration, add)
        case .postgres(let backend): await checkPostgres(backend, add)
        }
    }

    private static func checkSQLite(_ backend: SQLiteBackend, _ configuration: CallvaultConfiguration, _ add: Add) async {
        do {
            let diagnostics = try await backend.diagnostics()
            if diagnostics.quickCheck == ["ok"] {
                add("database", .ok, "\(configuration.databasePath): quick_check ok, SQLite \(diagnostics.sqliteVersion), \(diagnostics.journalMode) journal", nil)
            } else {
                add("database", .failed, "quick_check: \(diagnostics.quickCheck.prefix(3).joined(separator: "; "))",
                    "restore callvault.sqlite from a backup, or move it aside and run `callvault reindex` to rebuild the catalog from the sidecars")
            }
            if diagnostics.hasFTS5 {
                add("search engine", .ok, "SQLite FTS5 available", nil)
            } else {
                add("search engine", .failed, "this SQLite has no FTS5", "install a SQLite built with FTS5 (Debian's libsqlite3-0 has it)")
            }
        } catch {
            add("database", .failed, "\(error)", "fix the cause above")
        }
    }

    private static func checkStorage(_ app: CallvaultApplication, _ add: Add) async {
        guard let objectStore = app.configuration.objectStore else {
            add("storage", .ok, "the local tree under \(app.configuration.home)", nil)
            return
        }
        do {
            try await app.checkObjectStore()
            add("storage", .ok, "\(app.storage.location) at \(objectStore.endpoint) (\(objectStore.addressingStyle.rawValue)-style): reachable", nil)
        } catch {
            add(
                "storage", .failed, "\(app.storage.location) at \(objectStore.endpoint): \(error)",
                "check CALLVAULT_STORAGE_URL, CALLVAULT_S3_ENDPOINT, CALLVAULT_S3_REGION, CALLVAULT_S3_ADDRESSING and the AWS_* credentials")
        }
    }

    /// PostgreSQL: the connection, the server's version (13 or newer) and the search extensions.
    private static func checkPostgres(_ backend: PostgresBackend, _ add: Add) async {
        do {
            let diagnostics = try await backend.diagnostics()
            if diagnostics.serverVersionNumber >= 130_000 {
                add("database", .ok, "\(diagnostics.location): connected, PostgreSQL \(diagnostics.serverVersion), migrated", nil)
            } else {
                add("database", .failed, "\(diagnostics.location): PostgreSQL \(diagnostics.serverVersion) is too old",
                    "use PostgreSQL 13 or newer")
            }
            let missing = ["pg_trgm", "unaccent"].filter { !diagnostics.extensions.contains($0) }
            if missing.isEmpty {
                add("search engine", .ok, "PostgreSQL full text search with pg_trgm and unaccent", nil)
            } else {
                add("search engine", .failed, "missing extensions: \(missing.joined(separator: ", "))",
                    "install postgresql-contrib and CREATE EXTENSION them as a superuser")
            }
        } catch {
            add("database", .failed, "\(error)", "check CALLVAULT_DATABASE_URL and that the server is reachable")
        }
    }

    private static func checkRingCentral(_ app: CallvaultApplication, _ add: Add) async {
        let configuration = app.configuration
        if let client = app.client {
            do {
                let scopes = try await client.grantedScopes()
                let listed = scopes.sorted().joined(separator: " ")
                add("ringcentral", .ok, "token granted at \(configuration.ringCentral?.serverURL ?? "?"); scopes: \(listed)", nil)
                for needed in ["ReadCallLog", "ReadCallRecording"] where !scopes.contains(needed) {
                    add("scope \(needed)", .failed, "the token lacks \(needed)", "add the \(needed) permission to the RingCentral app")
                }
                if !scopes.contains("RingSense") && !scopes.contains("AI") {
                    add("transcripts", .warning, "the token has neither RingSense nor AI: transcripts are off",
                        "add the RingSense permission to the RingCentral app to archive transcripts")
                }
            } catch {
                add("ringcentral", .failed, "\(error)",
                    "check RINGCENTRAL_SERVER_URL, RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT")
            }
        } else if let problem = configuration.ringCentralProblem {
            add("ringcentral", .warning, "not configured: \(problem.message)", "sync and the pipeline need the RingCentral settings")
        }
    }

    /// The home: a writable directory with free space.
    static func checkHome(_ home: String) -> DoctorReport.Check {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: home, isDirectory: &isDirectory), !isDirectory.boolValue {
            return .init(name: "home", status: .failed, detail: "\(home) is a file", advice: "set CALLVAULT_HOME to a directory")
        }
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let probe = (home as NSString).appendingPathComponent(".doctor-\(getpid())")
        guard FileManager.default.createFile(atPath: probe, contents: Data("ok".utf8)) else {
            return .init(
                name: "home", status: .failed, detail: "\(home) is not writable by this user",
                advice: "make it writable or set CALLVAULT_HOME to a writable directory")
        }
        unlink(probe)
        var stats = statvfs()
        guard statvfs(home, &stats) == 0 else {
            return .init(name: "home", status: .warning, detail: "\(home) is writable; free space unknown", advice: nil)
        }
        let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        let text = ByteCountFormatter.string(fromByteCount: free, countStyle: .file)
        if free < 1 << 30 {
            return .init(
                name: "home", status: .warning, detail: "\(home) is writable; only \(text) free",
                advice: "free space: a full disk pauses archiving until space is back")
        }
        return .init(name: "home", status: .ok, detail: "\(home) is writable; \(text) free", advice: nil)
    }
}
