import Foundation
public import GRDB

/// Opens the one SQLite file that holds the queue (and, through `migrations`, the catalog).
///
/// Every connection gets WAL, the configured `synchronous` level and a busy timeout; GRDB's pool has
/// one writer connection, so all writes of a process are serialized, and write transactions begin
/// `IMMEDIATE`, so a lock conflict with another process waits in the busy handler instead of failing.
public enum QueueDatabase {
    /// Opens (creating if needed) the database at `path` and applies every migration.
    ///
    /// - Parameters:
    ///   - path: The database file.
    ///   - configuration: Durability and locking settings.
    ///   - migrations: Registers further migrations (for example the archive catalog) after the queue's.
    /// - Throws: ``JobQueueError`` with a message that names the file and says what to do.
    public static func open(
        path: String,
        configuration: DatabaseConfiguration = DatabaseConfiguration(),
        migrations: (inout DatabaseMigrator) -> Void = { _ in }
    ) throws -> DatabasePool {
        let directory = (path as NSString).deletingLastPathComponent
        try checkWritable(directory: directory.isEmpty ? "." : directory, file: path)
        try checkSQLiteHeader(path)

        var config = Configuration()
        config.busyMode = .timeout(configuration.busyTimeoutSeconds)
        config.maximumReaderCount = configuration.maximumReaderCount
        config.label = "callvault"
        let synchronous = configuration.synchronous.rawValue
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB sets NORMAL on the writer while enabling WAL, after `prepareDatabase`: set ours last.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        } catch let error as DatabaseError {
            throw describe(error, path: path)
        }
        var migrator = DatabaseMigrator()
        JobQueueSchema.register(in: &migrator)
        migrations(&migrator)
        do {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw JobQueueError(
                    .schemaTooNew,
                    "\(path) was written by a newer callvault; upgrade callvault before using it"
                )
            }
            try migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw describe(error, path: path)
        }
        return pool
    }

    /// A clear message for an SQLite failure while opening.
    static func describe(_ error: DatabaseError, path: String) -> JobQueueError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return JobQueueError(
                .notADatabase,
                "\(path) is not an SQLite database (\(error.message ?? "file is not a database")); "
                    + "it was left untouched: move it aside or point CALLVAULT_HOME elsewhere"
            )
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return JobQueueError(
                .notWritable,
                "cannot open \(path) for writing (\(error.message ?? "read-only")); "
                    + "set CALLVAULT_HOME to a writable directory"
            )
        default:
            return JobQueueError(.openFailed, "cannot open \(path): \(error.message ?? "\(error.resultCode)")")
        }
    }

    private static func checkWritable(directory: String, file: String) throws {
        if access(directory, W_OK) != 0 {
            throw JobQueueError(
                .notWritable,
                "\(directory) is not writable (\(String(cString: strerror(errno)))); "
                    + "set CALLVAULT_HOME to a writable directory"
            )
        }
        if FileManager.default.fileExists(atPath: file), access(file, W_OK) != 0 {
            throw JobQueueError(.notWritable, "\(file) is read-only; make it writable or set CALLVAULT_HOME elsewhere")
        }
    }

    /// Refuses a non-empty file without SQLite's magic header before SQLite touches it.
    private static func checkSQLiteHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
            throw JobQueueError(
                .notADatabase,
                "\(path) is not an SQLite database (its first bytes are not the SQLite header); "
                    + "it was left untouched: move it aside or point CALLVAULT_HOME elsewhere"
            )
        }
    }
}
