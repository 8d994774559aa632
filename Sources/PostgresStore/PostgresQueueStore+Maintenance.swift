import Essentials
public import JobQueue
import PostgresNIO

extension PostgresQueueStore {
    public func renewLeases(_ leases: [JobLease], until: Int64) async throws -> [Int64] {
        guard !leases.isEmpty else { return [] }
        let ids = leases.map(\.id)
        let tokens = leases.map(\.token)
        let renewed = try await pool.transaction { connection in
            try await connection.all(
                """
                UPDATE jobs SET lease_until = \(until)
                FROM unnest(\(ids)::bigint[], \(tokens)::bigint[]) AS l (id, token)
                WHERE jobs.id = l.id AND jobs.lease_token = l.token AND jobs.state = 'running'
                RETURNING jobs.id
                """
            ).map { try $0.decode(Int64.self) }
        }
        let kept = Set(renewed)
        return ids.filter { !kept.contains($0) }
    }

    public func rescueExpiredLeases(now: Int64) async throws -> Int {
        let channel = self.channel
        return try await pool.transaction { connection -> Int in
            let rescued = try await connection.all(
                """
                UPDATE jobs SET
                    state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'available' END,
                    finished_at = CASE WHEN attempt >= max_attempts THEN \(now)::bigint END,
                    rescue_count = rescue_count + 1, run_at = \(now), updated_at = \(now),
                    last_error = 'lease expired: worker ' || coalesce(worker, '?') || ' stopped renewing it',
                    errors = errors || jsonb_build_array(jsonb_build_object('attempt', attempt, 'at', \(now)::bigint,
                        'error', 'lease expired: worker ' || coalesce(worker, '?') || ' stopped renewing it')),
                    lease_until = NULL, lease_token = NULL, worker = NULL
                WHERE state = 'running' AND lease_until < \(now)
                RETURNING id
                """
            ).count
            if rescued > 0 { try await connection.run("NOTIFY \(unescaped: channel)") }
            return rescued
        }
    }

    public func installSchedules(_ schedules: [RecurringSchedule], now: Int64) async throws {
        guard !schedules.isEmpty else { return }
        try await pool.transaction { connection in
            for schedule in schedules {
                try await connection.run(
                    """
                    INSERT INTO schedules (name, spec, kind, payload, priority, next_run_at, updated_at)
                    VALUES (\(schedule.name), \(schedule.cadence.spec), \(schedule.kind), \(schedule.payload),
                        \(schedule.priority), \(schedule.firstRun(after: now)), \(now))
                    ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, payload = excluded.payload,
                        priority = excluded.priority, updated_at = excluded.updated_at,
                        next_run_at = CASE WHEN schedules.spec != excluded.spec THEN excluded.next_run_at
                            ELSE schedules.next_run_at END,
                        spec = excluded.spec
                    """)
            }
        }
    }

    /// Due schedules are locked `FOR UPDATE SKIP LOCKED`: a machine firing one holds it until its
    /// job and its next time commit, and every other machine skips it, then finds it not due.
    public func fireDueSchedules(
        _ schedules: [RecurringSchedule], job: @Sendable (RecurringSchedule) -> JobRequest, now: Int64
    ) async throws -> [String] {
        guard !schedules.isEmpty else { return [] }
        let byName = Dictionary(schedules.map { ($0.name, ($0, job($0))) }, uniquingKeysWith: { $1 })
        let channel = self.channel
        let fired = try await pool.transaction { connection -> [String] in
            let due = try await connection.all(
                """
                SELECT name, next_run_at FROM schedules WHERE next_run_at <= \(now)
                ORDER BY next_run_at, name FOR UPDATE SKIP LOCKED
                """
            ).map { try $0.decode((String, Int64).self) }
            var fired: [String] = []
            for (name, nextRunAt) in due {
                guard let (schedule, request) = byName[name] else { continue }
                var next = nextRunAt
                while next <= now { next = schedule.cadence.next(after: next) }
                let result = try await Self.insert([request], connection: connection, now: now)[0]
                if result.inserted {
                    try await connection.run("UPDATE jobs SET schedule = \(name) WHERE id = \(result.id)")
                }
                try await connection.run(
                    "UPDATE schedules SET next_run_at = \(next), last_fired_at = \(now), updated_at = \(now) WHERE name = \(name)")
                fired.append(name)
            }
            if !fired.isEmpty { try await connection.run("NOTIFY \(unescaped: channel)") }
            return fired
        }
        if !fired.isEmpty { wakeup.signal() }
        return fired
    }

    public func prune(finishedBefore: Int64, deadBefore: Int64?) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await pool.transaction { connection in
                try await connection.all(
                    """
                    DELETE FROM jobs WHERE id IN (
                        SELECT id FROM jobs WHERE state IN ('completed','dead','cancelled') AND finished_at < \(finishedBefore)
                            AND (state != 'dead' OR finished_at < \(deadBefore ?? Int64.min))
                        LIMIT 5000)
                    RETURNING id
                    """
                ).count
            }
            total += deleted
            if deleted < 5000 { return total }
        }
    }

    public func hasPendingWork(kinds: [String], dueBy: Int64) async throws -> Bool {
        try await pool.read { connection in
            try await connection.first(
                """
                SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'running')
                    OR EXISTS (SELECT 1 FROM jobs WHERE state IN \(unescaped: PostgresSchema.waitingStates)
                        AND run_at <= \(dueBy) AND kind = ANY(\(kinds)::text[]))
                """
            )?.decode(Bool.self) ?? false
        }
    }
}
