import Essentials
import Logging
import GRDB

extension JobQueue {
    /// Extends the leases of jobs a worker still runs; returns the ids whose lease moved on
    /// (rescued, cancelled or finished elsewhere), whose handlers should stop.
    public func renewLeases(_ leases: [(id: Int64, token: Int64)], leaseMillis: Int64) async throws -> [Int64] {
        guard !leases.isEmpty else { return [] }
        return try await write { db in
            let now = Millis.now()
            let statement = try db.cachedStatement(
                sql: "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_token = ? AND state = 'running'"
            )
            var lost: [Int64] = []
            for lease in leases {
                try statement.execute(arguments: [now + leaseMillis, lease.id, lease.token])
                if db.changesCount == 0 { lost.append(lease.id) }
            }
            return lost
        }
    }

    /// Gives jobs whose lease expired back to the queue (or marks them dead when they have used every
    /// attempt), counting the rescue on the job. Returns how many were rescued.
    @discardableResult
    public func rescueExpiredLeases() async throws -> Int {
        let count = try await write { db -> Int in
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
                arguments: [Millis.now()]
            )
            return db.changesCount
        }
        if count > 0 {
            logger.warning("rescued jobs whose lease expired", metadata: ["count": "\(count)"])
            wakeup.signal()
        }
        return count
    }

    /// Stores the registry's schedules. A new schedule (or one whose cadence changed) fires at once
    /// when it repeats every N seconds, at its next time of day when daily; an unchanged one keeps
    /// its next firing time, so a restart neither loses nor repeats an occurrence.
    public func installSchedules(_ schedules: [RecurringSchedule]) async throws {
        guard !schedules.isEmpty else { return }
        try await write { db in
            let now = Millis.now()
            for schedule in schedules {
                let first: Int64
                switch schedule.cadence {
                case .every: first = now
                case .daily: first = schedule.cadence.next(after: now)
                }
                try db.execute(
                    sql: """
                        INSERT INTO schedules (name, spec, kind, payload, priority, next_run_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        ON CONFLICT (name) DO UPDATE SET kind = ?3, payload = ?4, priority = ?5, updated_at = ?7,
                            next_run_at = CASE WHEN spec != ?2 THEN ?6 ELSE next_run_at END, spec = ?2
                        """,
                    arguments: [schedule.name, schedule.cadence.spec, schedule.kind, schedule.payload,
                                schedule.priority, first, now]
                )
            }
        }
    }

    /// Enqueues one job for every schedule that is due and moves its next firing forward, in one
    /// transaction. Missed occurrences collapse into one. Returns the names that fired.
    @discardableResult
    public func fireDueSchedules(_ schedules: [RecurringSchedule]) async throws -> [String] {
        guard !schedules.isEmpty else { return [] }
        let byName = Dictionary(schedules.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let fired = try await write { db -> [String] in
            let now = Millis.now()
            let due = try Row.fetchAll(
                db, sql: "SELECT name, next_run_at FROM schedules WHERE next_run_at <= ? ORDER BY next_run_at",
                arguments: [now]
            )
            var fired: [String] = []
            for row in due {
                let name: String = row[0]
                guard let schedule = byName[name] else { continue }
                var next: Int64 = row[1]
                while next <= now { next = schedule.cadence.next(after: next) }
                var request = JobRequest(
                    kind: schedule.kind, payload: schedule.payload, idempotencyKey: "schedule:\(name)",
                    priority: schedule.priority
                )
                request.runAt = now
                let result = try self.insert(request, db: db, now: now)
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

    /// Deletes completed and cancelled jobs that finished before `olderThanMillis` ago, and dead jobs
    /// only when `deadOlderThanMillis` is given. Returns how many rows went.
    @discardableResult
    public func prune(olderThanMillis: Int64, deadOlderThanMillis: Int64? = nil) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await write { db -> Int in
                let now = Millis.now()
                try db.execute(
                    sql: """
                        DELETE FROM jobs WHERE id IN (
                            SELECT id FROM jobs WHERE state IN ('completed','dead','cancelled') AND finished_at < ?
                            AND (state != 'dead' OR finished_at < ?) LIMIT 5000)
                        """,
                    arguments: [now - olderThanMillis, deadOlderThanMillis.map { now - $0 } ?? Int64.min]
                )
                return db.changesCount
            }
            total += deleted
            if deleted < 5000 { return total }
        }
    }

    /// Whether work remains for a drain: a job running anywhere, or a waiting job of a registered
    /// kind due within `horizonMillis` (rate-limited and backing-off jobs included).
    public func hasPendingWork(horizonMillis: Int64) async throws -> Bool {
        let kinds = registry.kinds
        return try await database.read { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'running')") ?? false {
                return true
            }
            guard !kinds.isEmpty else { return false }
            let placeholders = Array(repeating: "?", count: kinds.count).joined(separator: ",")
            var arguments: StatementArguments = [Millis.now() + horizonMillis]
            arguments += StatementArguments(kinds)
            return try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM jobs WHERE state IN \(JobQueueSchema.waitingStates)
                        AND run_at <= ? AND kind IN (\(placeholders)))
                    """,
                arguments: arguments
            ) ?? false
        }
    }
}
