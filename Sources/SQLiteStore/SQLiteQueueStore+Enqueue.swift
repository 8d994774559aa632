import Essentials
import GRDB
import GRDBSQLite
public import JobQueue

extension SQLiteQueueStore {
    public func enqueue(_ requests: [JobRequest], now: Int64) async throws -> [EnqueueResult] {
        let results = try await write { db in try Self.insert(requests, db: db, now: now) }
        wakeup.signal()
        return results
    }

    /// Inserts one validated request inside the caller's transaction; other stores of the same
    /// file (the catalog) use it to commit a record and its follow-up job together.
    static func insert(_ request: JobRequest, db: Database, now: Int64) throws -> EnqueueResult {
        try insert([request], db: db, now: now)[0]
    }

    /// Inserts validated requests, in order, inside the caller's transaction; one result per request.
    ///
    /// Requests are taken in runs of the same kind of row, each run written by multi-row
    /// `INSERT … VALUES (…), (…)` statements of at most ``EnqueueStatements/maximumRows`` rows
    /// (prepared once per size, sizes being powers of two), so SQLite's per-statement work
    /// (the `AUTOINCREMENT` counter, the program's start and end) is paid once per chunk, not
    /// once per job:
    /// - rows without an idempotency key cannot conflict; their ids are read back without a
    ///   `RETURNING` clause (see ``insertUnkeyed(_:db:now:)``);
    /// - rows with a key use `ON CONFLICT … DO NOTHING RETURNING id, idempotency_key` against the
    ///   partial unique index over the live states; a key that inserted nothing (held by a live job,
    ///   or by an earlier request of the same batch) returns that live job.
    static func insert(_ requests: [JobRequest], db: Database, now: Int64) throws -> [EnqueueResult] {
        var results: [EnqueueResult] = []
        results.reserveCapacity(requests.count)
        var start = requests.startIndex
        while start < requests.endIndex {
            let keyed = requests[start].idempotencyKey != nil
            var end = start + 1
            while end < requests.endIndex && (requests[end].idempotencyKey != nil) == keyed { end += 1 }
            if keyed {
                try insertKeyed(requests[start..<end], db: db, now: now, into: &results)
            } else {
                try insertUnkeyed(requests[start..<end], db: db, now: now, into: &results)
            }
            start = end
        }
        return results
    }

    /// Rows without a key, chunk by chunk.
    ///
    /// `jobs.id` is `AUTOINCREMENT`: every new id is larger than any id the table ever held, so the
    /// ids of one statement's rows increase in the order of its `VALUES`, all above `base` (the
    /// largest id ever used before the chunk, read once per run) and at most
    /// `last_insert_rowid()`. When exactly as many ids fit in between as rows were inserted, they
    /// are `base + 1 … base + n`; otherwise (never seen) they are read back by range, which holds
    /// only this chunk's rows because this transaction is the only writer.
    private static func insertUnkeyed(
        _ requests: ArraySlice<JobRequest>, db: Database, now: Int64, into results: inout [EnqueueResult]
    ) throws {
        var base: Int64?
        var start = requests.startIndex
        while start < requests.endIndex {
            let rows = EnqueueStatements.chunkRows(remaining: requests.endIndex - start)
            if rows > 1 && base == nil { base = try largestIdEver(db) }
            let statement = try db.cachedStatement(sql: EnqueueStatements.unkeyed(rows: rows))
            bind(requests[start..<start + rows], keyed: false, now: now, to: statement)
            try statement.execute()
            let last = db.lastInsertedRowID
            guard db.changesCount == rows else {
                throw JobQueueError(.invalidState, "enqueue inserted \(db.changesCount) of \(rows) jobs")
            }
            if rows == 1 {
                results.append(EnqueueResult(id: last, inserted: true))
            } else if let first = base, last - first == Int64(rows) {
                for offset in 1...Int64(rows) { results.append(EnqueueResult(id: first + offset, inserted: true)) }
            } else {
                let ids = try Int64.fetchAll(
                    db.cachedStatement(sql: "SELECT id FROM jobs WHERE id > ? AND id <= ? ORDER BY id"),
                    arguments: [base ?? 0, last]
                )
                guard ids.count == rows else {
                    throw JobQueueError(.invalidState, "enqueue found \(ids.count) of its \(rows) new jobs")
                }
                results += ids.map { EnqueueResult(id: $0, inserted: true) }
            }
            base = last
            start += rows
        }
    }

    /// Rows with a key, chunk by chunk; see ``insert(_:db:now:)``.
    private static func insertKeyed(
        _ requests: ArraySlice<JobRequest>, db: Database, now: Int64, into results: inout [EnqueueResult]
    ) throws {
        var start = requests.startIndex
        while start < requests.endIndex {
            let rows = EnqueueStatements.chunkRows(remaining: requests.endIndex - start)
            let chunk = requests[start..<start + rows]
            let statement = try db.cachedStatement(sql: EnqueueStatements.keyed(rows: rows))
            bind(chunk, keyed: true, now: now, to: statement)
            // Keys are unique among inserted rows (the index), so they identify them whatever
            // order RETURNING uses.
            var inserted: [String: Int64] = [:]
            let returned = try Row.fetchCursor(statement)
            while let row = try returned.next() { inserted[row[1]] = row[0] }
            for request in chunk {
                let key = request.idempotencyKey!
                if let id = inserted.removeValue(forKey: key) {
                    results.append(EnqueueResult(id: id, inserted: true))
                } else {
                    results.append(EnqueueResult(id: try liveJob(key: key, kind: request.kind, db: db), inserted: false))
                }
            }
            start += rows
        }
    }

    /// The live job holding `key`.
    private static func liveJob(key: String, kind: String, db: Database) throws -> Int64 {
        let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM jobs WHERE idempotency_key = ? AND state IN \(SQLiteQueueSchema.liveStates)"),
            arguments: [key]
        )
        guard let existing else {
            throw JobQueueError(.invalidState, "enqueue of \(kind) inserted nothing and found no live job")
        }
        return existing
    }

    /// The largest id `jobs` ever held (`AUTOINCREMENT` keeps it in `sqlite_sequence`).
    private static func largestIdEver(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: EnqueueStatements.largestIdEver)) ?? 0
    }

    /// Binds `now` and every row's values, in the order of ``EnqueueStatements``' tuples, straight
    /// through SQLite's C API: a chunk binds up to 897 values, and building GRDB's
    /// `StatementArguments` for them costs more than SQLite's own work.
    ///
    /// GRDB is first told the statement has (no) valid arguments, so its `execute()` and cursors
    /// only reset the statement, which keeps these bindings.
    private static func bind(_ chunk: ArraySlice<JobRequest>, keyed: Bool, now: Int64, to statement: Statement) {
        statement.setUncheckedArguments(StatementArguments())
        let handle = statement.sqliteStatement
        let columns = keyed ? EnqueueStatements.keyedColumns : EnqueueStatements.unkeyedColumns
        sqlite3_bind_int64(handle, 1, now)
        var index: Int32 = 2
        for request in chunk {
            let runAt = request.runAt ?? now
            let state: JobState = runAt > now ? .scheduled : .available
            bindText(request.kind, handle, index)
            bindText(request.payload, handle, index + 1)
            bindText(state.rawValue, handle, index + 2)
            sqlite3_bind_int64(handle, index + 3, Int64(request.priority))
            sqlite3_bind_int64(handle, index + 4, runAt)
            sqlite3_bind_int64(handle, index + 5, Int64(request.maxAttempts ?? 10))
            if keyed {
                if let key = request.idempotencyKey { bindText(key, handle, index + 6) } else { sqlite3_bind_null(handle, index + 6) }
            }
            index += Int32(columns)
        }
    }

    /// Binds a copy of `text` (SQLite keeps its own until the next binding).
    private static func bindText(_ text: String, _ handle: OpaquePointer, _ index: Int32) {
        var text = text
        let code = text.withUTF8 { bytes -> Int32 in
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, transient) }
            return sqlite3_bind_text(
                handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
        }
        precondition(code == SQLITE_OK, "binding enqueue parameter \(index) failed (\(code))")
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound bytes.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}

/// The SQL of the enqueue path, built once; `scripts/bench/queue`'s raw-SQLite baseline issues
/// exactly these statements (``SQLiteQueueStore/enqueueStatementsForBaseline``).
enum EnqueueStatements {
    /// The most rows one statement inserts.
    static let maximumRows = 128
    /// Values per row (the shared `now` is `?1`).
    static let unkeyedColumns = 6
    static let keyedColumns = 7

    /// The size of the next chunk: the largest power of two up to ``maximumRows`` that fits.
    static func chunkRows(remaining: Int) -> Int {
        var rows = maximumRows
        while rows > remaining { rows /= 2 }
        return rows
    }

    static let largestIdEver = """
        SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'jobs'), 0), \
        coalesce((SELECT max(id) FROM jobs), 0))
        """

    private static let sizes = Array(sequence(first: 1) { $0 < maximumRows ? $0 * 2 : nil })
    private static let unkeyedSQL = Dictionary(uniqueKeysWithValues: sizes.map { ($0, build(rows: $0, keyed: false)) })
    private static let keyedSQL = Dictionary(uniqueKeysWithValues: sizes.map { ($0, build(rows: $0, keyed: true)) })

    static func unkeyed(rows: Int) -> String { unkeyedSQL[rows]! }
    static func keyed(rows: Int) -> String { keyedSQL[rows]! }

    /// Every statement, one per line, for the baseline to compare against its own.
    static var all: [String] {
        sizes.map { unkeyed(rows: $0) } + sizes.map { keyed(rows: $0) } + [largestIdEver]
    }

    private static func build(rows: Int, keyed: Bool) -> String {
        let columns = keyed ? keyedColumns : unkeyedColumns
        let tuples = (0..<rows).map { row in
            let first = 2 + row * columns
            return "(" + (first..<first + columns).map { "?\($0)" }.joined(separator: ",") + ",?1,?1)"
        }
        let names = "kind, payload, state, priority, run_at, max_attempts" + (keyed ? ", idempotency_key" : "")
        var sql = "INSERT INTO jobs (\(names), created_at, updated_at) VALUES " + tuples.joined(separator: ",")
        if keyed {
            sql += " ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND state IN "
                + "\(SQLiteQueueSchema.liveStates) DO NOTHING RETURNING id, idempotency_key"
        }
        return sql
    }
}

extension SQLiteQueueStore {
    /// The enqueue path's SQL statements (the transaction's and the inserts'), one per element,
    /// for the raw-SQLite baseline of `scripts/bench/queue`, which checks that it runs exactly these.
    public static var enqueueStatementsForBaseline: [String] { [beginSQL, commitSQL] + EnqueueStatements.all }
}

