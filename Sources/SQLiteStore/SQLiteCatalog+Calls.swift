import Archive
import GRDB

extension SQLiteCatalog {
    /// Inserts a call, or updates it when any field changed (`first_seen_at` is kept).
    static func upsertCall(_ call: CallEntry, in db: Database, now: Int64) throws -> UpsertOutcome {
        if let existing = try self.call(call.id, in: db) {
            if existing == call { return .unchanged }
            try db.execute(
                sql: """
                    UPDATE calls SET session_id = ?, telephony_session_id = ?, start_time = ?, duration_seconds = ?,
                        direction = ?, from_number = ?, from_name = ?, to_number = ?, to_name = ?, result = ?,
                        qualification = ?, deciding_leg = ?, record_json = ?, updated_at = ?, from_digits = ?, to_digits = ?
                    WHERE id = ?
                    """,
                arguments: [
                    call.sessionId, call.telephonySessionId, call.startTimeMillis, call.durationSeconds, call.direction,
                    call.fromNumber, call.fromName, call.toNumber, call.toName, call.result, call.qualification,
                    call.decidingLeg, call.recordJSON, now, CallEntry.digits(of: call.fromNumber), CallEntry.digits(of: call.toNumber), call.id,
                ])
            return .updated
        }
        try insertCall(call, firstSeenAt: now, updatedAt: now, in: db)
        return .inserted
    }

    /// Inserts or replaces a call with explicit timestamps (reindexing).
    static func insertCall(_ call: CallEntry, firstSeenAt: Int64, updatedAt: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO calls (id, session_id, telephony_session_id, start_time, duration_seconds, direction,
                    from_number, from_name, to_number, to_name, result, qualification, deciding_leg, record_json,
                    first_seen_at, updated_at, from_digits, to_digits)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id,
                    telephony_session_id = excluded.telephony_session_id, start_time = excluded.start_time,
                    duration_seconds = excluded.duration_seconds, direction = excluded.direction,
                    from_number = excluded.from_number, from_name = excluded.from_name, to_number = excluded.to_number,
                    to_name = excluded.to_name, result = excluded.result, qualification = excluded.qualification,
                    deciding_leg = excluded.deciding_leg, record_json = excluded.record_json,
                    first_seen_at = excluded.first_seen_at, updated_at = excluded.updated_at,
                    from_digits = excluded.from_digits, to_digits = excluded.to_digits
                """,
            arguments: [
                call.id, call.sessionId, call.telephonySessionId, call.startTimeMillis, call.durationSeconds,
                call.direction, call.fromNumber, call.fromName, call.toNumber, call.toName, call.result,
                call.qualification, call.decidingLeg, call.recordJSON, firstSeenAt, updatedAt, CallEntry.digits(of: call.fromNumber),
                CallEntry.digits(of: call.toNumber),
            ])
    }

    /// The call with that id, or `nil`.
    static func call(_ id: String, in db: Database) throws -> CallEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM calls WHERE id = ?", arguments: [id]).map(CallEntry.init(row:))
    }

    /// `first_seen_at` and `updated_at` of a call.
    static func callTimestamps(_ id: String, in db: Database) throws -> (firstSeenAt: Int64, updatedAt: Int64)? {
        try Row.fetchOne(db, sql: "SELECT first_seen_at, updated_at FROM calls WHERE id = ?", arguments: [id])
            .map { row in (firstSeenAt: row["first_seen_at"] as Int64, updatedAt: row["updated_at"] as Int64) }
    }
}

extension CallEntry {
    init(row: Row) {
        self.init(
            id: row["id"], sessionId: row["session_id"], telephonySessionId: row["telephony_session_id"],
            startTimeMillis: row["start_time"], durationSeconds: row["duration_seconds"], direction: row["direction"],
            fromNumber: row["from_number"], fromName: row["from_name"], toNumber: row["to_number"],
            toName: row["to_name"], result: row["result"], qualification: row["qualification"],
            decidingLeg: row["deciding_leg"], recordJSON: row["record_json"])
    }
}
