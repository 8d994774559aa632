import Essentials
import GRDB
public import JobQueue

extension SQLiteQueueStore {
    public func renewLeases(_ leases: [JobLease], until: Int64) async throws -> [Int64] {
        guard !leases.isEmpty else { return [] }
        return try await write { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_token = ? AND state = 'running'"
            )
            var lost: [Int64] = []
            for lease in leases {
                try statement.execute(arguments: [until, lease.id, lease.token])
                if db.changesCount == 0 { lost.append(lease.id) }
            }
            return lost
        }
    }

    public func rescueExpiredLeases(now: Int64) async throws -> Int {
        try await write { db -> Int in
            try db.execute(
                sql: """
                    UPDATE jobs SET
                        state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'available' END,
                        finished_at = CASE WHEN attempt >= max_attempts THEN ?1 END,
                        rescue_count = rescue_count + 1, run_at = ?1, updated_at = ?1,
                        last_error = 'lease expired: worker ' || coalesce(worker, '?') || ' stopped renewing it',
                        errors = json_insert(errors, '$[#]', json_object('attempt', attempt, 'at', ?1,
                            'error', 'lease expired: worker ' || coalesce(worker, '?') || ' stopped renewing it')),
                        lease_until = NULL, lease_token = NULL, worker = NULL
                    WHERE state = 'running' AND lease_until < ?1
                    """,
                arguments: [now]
            )
            return db.changesCount
        }
    }

    public func installSchedules(_ schedules: [RecurringSchedule], now: Int64) async throws {
        guard !schedules.isEmpty else { return }
        try await write { db in
            for schedule in schedules {
                try db.execute(
                    sql: """
                        INSERT INTO schedules (name, spec, kind, payload, priority, next_run_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        ON CONFLICT (name) DO UPDATE SET kind = ?3, payload = ?4, priority = ?5, updated_at = ?7,
                            next_run_at = CASE WHEN spec != ?2 THEN ?6 ELSE next_run_at END, spec = ?2
                        """,
                    arguments: [schedule.name, schedule.cadence.spec, schedule.kind, schedule.payload,
                                schedule.priority, schedule.firstRun(after: now), now]
                )
            }
        }
    }

    public func fireDueSchedules(
        _ schedules: [RecurringSchedule], job: @Sendable (RecurringSchedule) -> JobRequest, now: Int64
    ) async throws -> [String] {
        guard !schedules.isEmpty else { return [] }
        let byName = Dictionary(schedules.map { ($0.name, ($0, job($0))) }, uniquingKeysWith: { $1 })
        let fired = try await write { db -> [String] in
            let due = try Row.fetchAll(
                db, sql: "SELECT name, next_run_at FROM schedules WHERE next_run_at <= ? ORDER BY next_run_at",
                arguments: [now]
            )
            var fired: [String] = []
            for row in due {
                let name: String = row[0]
                guard let (schedule, request) = byName[name] else { continue }
                var next: Int64 = row[1]
                while next <= now { next = schedule.cadence.next(after: next) }
                let result = try Self.insert(request, db: db, now: now)
                if result.inserted {
                    try db.execute(sql: "UPDATE jobs SET schedule = ? WHERE id = ?", arguments: [name, result.id])
                }
                try db.execute(
                    sql: "UPDATE schedules SET next_run_at = ?, last_fired_at = ?, updated_at = ? WHERE name = ?",
                    arguments: [next, now, now, name]
                )
                fired.append(name)
            }
            return fired
        }
        if !fired.isEmpty { wakeup.signal() }
        return fired
    }

    public func prune(finishedBefore: Int64, deadBefore: Int64?) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await write { db -> Int in
                try db.execute(
                    sql: """
                        DELETE FROM jobs WHERE id IN (
                            SELECT id FROM jobs WHERE state IN ('completed','dead','cancelled') AND finished_at < ?
                            AND (state != 'dead' OR finished_at < ?) LIMIT 5000)
                        """,
                    arguments: [finishedBefore, deadBefore ?? Int64.min]
                )
                return db.changesCount
            }
            total += deleted
            if deleted < 5000 { return total }
        }
    }

    public func hasPendingWork(kinds: [String], dueBy: Int64) async throws -> Bool {
        try await database.read { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'running')") ?? false {
                return true
            }
            guard !kinds.isEmpty else { return false }
            let placeholders = Array(repeating: "?", count: kinds.count).joined(separator: ",")
            var arguments: StatementArguments = [dueBy]
            arguments += StatementArguments(kinds)
            return try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM jobs WHERE state IN \(SQLiteQueueSchema.waitingStates)
                        AND run_at <= ? AND kind IN (\(placeholders)))
                    """,
                arguments: arguments
            ) ?? false
        }
    }
}
