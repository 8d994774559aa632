import Essentials
import Foundation
public import GRDB

/// Opens the one SQLite file that holds the queue, the catalog and the rest, and brings its
/// schema up to date, safely under any number of processes starting at once.
///
/// Every connection gets WAL, the configured `synchronous` level, `secure_delete` and a busy timeout; GRDB's pool
/// has one writer connection, so all writes of a process are serialized, and write transactions
/// begin `IMMEDIATE`, so a lock conflict with another process waits in the busy handler instead
/// of failing.
///
/// Migrations run in ONE exclusive transaction that reads which migrations are applied only
/// after it holds the lock, so two processes opening a fresh file never both create a table.
/// Switching a new file to WAL can fail with `SQLITE_BUSY` without waiting (SQLite's deadlock
/// avoidance when two connections upgrade their locks at once); that open is retried until the
/// busy timeout passes.
public enum SQLiteDatabase {
    /// Opens (creating if needed) the database at `path` and applies `migrations`.
    ///
    /// Blocking: call it from ``BlockingExecutor`` (``SQLiteBackend/open(path:configuration:clock:logger:)``
    /// does).
    /// - Throws: ``SQLiteStoreError`` with a message that names the file and says what to do.
    public static func open(
        path: String, configuration: SQLiteConfiguration = SQLiteConfiguration(), migrations: [SQLiteMigration]
    ) throws -> DatabasePool {
        let directory = (path as NSString).deletingLastPathComponent
        try checkWritable(directory: directory.isEmpty ? "." : directory, file: path)
        try checkSQLiteHeader(path)

        var config = Configuration()
        config.busyMode = .timeout(configuration.busyTimeoutSeconds)
        config.maximumReaderCount = configuration.maximumReaderCount
        config.label = "callvault"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Deleted rows and freed pages are overwritten with zeros, so erased customer data
            // cannot be read back from the file (see SQLiteComplianceStore.purgeDeletedText).
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Transcript search ranks with its own FTS5 function, on whichever connection reads.
            try SQLiteSearchRanking.register(db)
        }
        let deadline = Date().addingTimeInterval(configuration.busyTimeoutSeconds)
        var delayMicros: UInt32 = 2_000
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: config)
                // GRDB sets NORMAL on the writer while enabling WAL, after `prepareDatabase`: set ours last.
                let synchronous = configuration.synchronous.rawValue
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
                try migrate(pool, migrations: migrations, path: path)
                return pool
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline
            {
                usleep(delayMicros + UInt32.random(in: 0...delayMicros))
                delayMicros = min(delayMicros * 2, 200_000)
            } catch let error as DatabaseError {
                throw describe(error, path: path)
            }
        }
    }

    /// Applies the missing migrations in one exclusive transaction, deciding what is missing only
    /// once the lock is held.
    static func migrate(_ pool: DatabasePool, migrations: [SQLiteMigration], path: String) throws {
        let known = Set(migrations.map(\.identifier))
        precondition(known.count == migrations.count, "two migrations share an identifier")
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.exclusive) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                if let unknown = applied.subtracting(known).sorted().first {
                    throw SQLiteStoreError(
                        .schemaTooNew,
                        "\(path) was written by a newer callvault (migration \(unknown)); upgrade callvault before using it")
                }
                for migration in migrations where !applied.contains(migration.identifier) {
                    try migration.apply(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
                }
                return .commit
            }
        }
    }

    /// A clear message for an SQLite failure while opening.
    static func describe(_ error: DatabaseError, path: String) -> SQLiteStoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return SQLiteStoreError(
                .notADatabase,
                "\(path) is not an SQLite database (\(error.message ?? "file is not a database")); "
                    + "it was left untouched: move it aside or point CALLVAULT_HOME elsewhere"
            )
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return SQLiteStoreError(
                .notWritable,
                "cannot open \(path) for writing (\(error.message ?? "read-only")); "
                    + "set CALLVAULT_HOME to a writable directory"
            )
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return SQLiteStoreError(
                .busy, "\(path) stayed locked by another process for longer than the busy timeout; retry")
        default:
            return SQLiteStoreError(.openFailed, "cannot open \(path): \(error.message ?? "\(error.resultCode)")")
        }
    }

    private static func checkWritable(directory: String, file: String) throws {
        if access(directory, W_OK) != 0 {
            throw SQLiteStoreError(
                .notWritable,
                "\(directory) is not writable (\(String(cString: strerror(errno)))); "
                    + "set CALLVAULT_HOME to a writable directory"
            )
        }
        if FileManager.default.fileExists(atPath: file), access(file, W_OK) != 0 {
            throw SQLiteStoreError(.notWritable, "\(file) is read-only; make it writable or set CALLVAULT_HOME elsewhere")
        }
    }

    /// Refuses a non-empty file without SQLite's magic header before SQLite touches it.
    private static func checkSQLiteHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
            throw SQLiteStoreError(
                .notADatabase,
                "\(path) is not an SQLite database (its first bytes are not the SQLite header); "
                    + "it was left untouched: move it aside or point CALLVAULT_HOME elsewhere"
            )
        }
    }
}
