import Essentials
public import JobQueue
import PostgresNIO

extension PostgresQueueStore {
    /// Applies finished outcomes and claims new jobs, in one transaction.
    ///
    /// Kinds with a concurrency limit or a rate-limit key that have due jobs are claimed first,
    /// each within its free slots and tokens, under the locks that make those limits hold across
    /// machines; then the unconstrained kinds fill what is left, in one statement.
    public func completeAndClaim(_ completions: [JobCompletion], claim: ClaimRequest, now: Int64) async throws -> ClaimResult {
        let channel = self.channel
        let result = try await pool.transaction { connection -> ClaimResult in
            let (fenced, released) = try await Self.apply(completions, connection: connection, now: now)
            if released { try await connection.run("NOTIFY \(unescaped: channel)") }
            guard claim.limit > 0, !claim.plan.isEmpty else {
                return ClaimResult(claimed: [], fencedOff: fenced, nextTokenAt: nil)
            }
            var (claimed, nextTokenAt) = try await Self.claim(connection: connection, claim: claim, now: now)
            claimed.sort { ($0.priority, $0.runAt, $0.id) < ($1.priority, $1.runAt, $1.id) }
            return ClaimResult(claimed: claimed, fencedOff: fenced, nextTokenAt: nextTokenAt)
        }
        return result
    }

    /// Records outcomes; returns the ids whose fence failed and whether a job was released.
    static func apply(_ completions: [JobCompletion], connection: PostgresConnection, now: Int64) async throws
        -> (fenced: [Int64], released: Bool)
    {
        guard !completions.isEmpty else { return ([], false) }
        var applied = Set<Int64>()
        var released = false
        // Plain completions, the common case, in one statement.
        let plain = completions.filter { $0.outcome == .completed && $0.note == nil }
        if !plain.isEmpty {
            let ids = plain.map(\.jobId)
            let tokens = plain.map(\.leaseToken)
            for row in try await connection.all(
                """
                UPDATE jobs SET state = 'completed', finished_at = \(now), updated_at = \(now), lease_until = NULL,
                    lease_token = NULL
                FROM unnest(\(ids)::bigint[], \(tokens)::bigint[]) AS c (id, token)
                WHERE jobs.id = c.id AND jobs.lease_token = c.token AND jobs.state = 'running'
                RETURNING jobs.id
                """)
            {
                applied.insert(try row.decode(Int64.self))
            }
        }
        for completion in completions where !(completion.outcome == .completed && completion.note == nil) {
            let id = completion.jobId
            let token = completion.leaseToken
            let query: PostgresQuery
            switch completion.outcome {
            case .completed:
                query = """
                    UPDATE jobs SET state = 'completed', finished_at = \(now), updated_at = \(now), lease_until = NULL,
                        lease_token = NULL, last_error = coalesce(\(completion.note)::text, last_error)
                    WHERE id = \(id) AND lease_token = \(token) AND state = 'running'
                    RETURNING id
                    """
            case .failed(let message, let retryAt):
                query = """
                    UPDATE jobs SET state = CASE WHEN \(retryAt)::bigint IS NULL THEN 'dead' ELSE 'retryable' END,
                        run_at = coalesce(\(retryAt)::bigint, run_at),
                        finished_at = CASE WHEN \(retryAt)::bigint IS NULL THEN \(now)::bigint END,
                        last_error = \(message)::text,
                        errors = errors || jsonb_build_array(jsonb_build_object('attempt', attempt, 'at', \(now)::bigint,
                            'error', \(message)::text)),
                        updated_at = \(now), lease_until = NULL, lease_token = NULL, worker = NULL
                    WHERE id = \(id) AND lease_token = \(token) AND state = 'running'
                    RETURNING id
                    """
            case .snoozed(let until, let message):
                query = """
                    UPDATE jobs SET state = 'scheduled', run_at = \(until), attempt = attempt - 1,
                        snooze_count = snooze_count + 1, last_error = \(message), updated_at = \(now),
                        lease_until = NULL, lease_token = NULL, worker = NULL
                    WHERE id = \(id) AND lease_token = \(token) AND state = 'running'
                    RETURNING id
                    """
            case .released:
                query = """
                    UPDATE jobs SET state = 'available', run_at = \(now), attempt = attempt - 1, updated_at = \(now),
                        lease_until = NULL, lease_token = NULL, worker = NULL
                    WHERE id = \(id) AND lease_token = \(token) AND state = 'running'
                    RETURNING id
                    """
            }
            if try await connection.first(query) != nil {
                applied.insert(id)
                if completion.outcome == .released { released = true }
            }
        }
        return (completions.map(\.jobId).filter { !applied.contains($0) }, released)
    }

    private static func claim(connection: PostgresConnection, claim: ClaimRequest, now: Int64) async throws
        -> ([ClaimedJob], Int64?)
    {
        var remaining = claim.limit
        var claimed: [ClaimedJob] = []
        var nextTokenAt: Int64?
        let constrained = try await dueConstrainedKinds(claim.plan.constrained, connection: connection, now: now)
        if !constrained.isEmpty {
            // Locks in one global order (kinds, then budget keys), so two claims never deadlock.
            for definition in constrained where definition.concurrency != nil {
                try await connection.run(
                    "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':kind:' || \(definition.kind), 0))")
            }
            let keys = Array(Set(constrained.compactMap(\.rateLimitKey))).sorted()
            var budgets: [String: PostgresBudgetRow] = [:]
            if !keys.isEmpty {
                for row in try await connection.all(
                    """
                    SELECT key, limit_count, window_ms, paused_until, grants FROM rate_limits
                    WHERE key = ANY(\(keys)::text[]) ORDER BY key FOR UPDATE
                    """)
                {
                    let budget = try PostgresBudgetRow(row: row)
                    budgets[budget.key] = budget
                }
            }
            var running: [String: Int] = [:]
            let limitedKinds = constrained.filter { $0.concurrency != nil }.map(\.kind)
            if !limitedKinds.isEmpty {
                for row in try await connection.all(
                    """
                    SELECT kind, count(*) FROM jobs WHERE state = 'running' AND kind = ANY(\(limitedKinds)::text[])
                    GROUP BY kind
                    """)
                {
                    let (kind, count) = try row.decode((String, Int).self)
                    running[kind] = count
                }
            }
            var granted: [String: Int] = [:]
            for definition in constrained where remaining > 0 {
                var allowed = remaining
                if let concurrency = definition.concurrency {
                    allowed = min(allowed, concurrency - running[definition.kind, default: 0])
                }
                if let key = definition.rateLimitKey, let budget = budgets[key] {
                    allowed = min(allowed, budget.status(now: now, extraGrants: granted[key, default: 0]).available)
                }
                guard allowed > 0 else { continue }
                let jobs = try await claimStatement(
                    connection: connection, kinds: [definition.kind], limit: allowed, claim: claim, now: now)
                if let key = definition.rateLimitKey, budgets[key] != nil, !jobs.isEmpty {
                    granted[key, default: 0] += jobs.count
                }
                remaining -= jobs.count
                claimed += jobs
            }
            for (key, count) in granted {
                try await connection.run(
                    """
                    UPDATE rate_limits SET grants = (SELECT coalesce(array_agg(g ORDER BY g), '{}') FROM unnest(grants) AS g
                            WHERE g > \(now)::bigint - window_ms) || array_fill(\(now)::bigint, ARRAY[\(count)::int]),
                        updated_at = \(now)
                    WHERE key = \(key)
                    """)
            }
            for key in keys {
                guard let budget = budgets[key] else { continue }
                let status = budget.status(now: now, extraGrants: granted[key, default: 0])
                if status.available <= 0 { nextTokenAt = min(nextTokenAt ?? status.nextTokenAt, status.nextTokenAt) }
            }
        }
        if remaining > 0 && !claim.plan.free.isEmpty {
            claimed += try await claimStatement(connection: connection, kinds: claim.plan.free, limit: remaining, claim: claim, now: now)
        }
        return (claimed, nextTokenAt)
    }

    /// The constrained kinds of the plan that have a due job, in the plan's order: only they take locks.
    private static func dueConstrainedKinds(
        _ constrained: [ClaimPlan.Constrained], connection: PostgresConnection, now: Int64
    ) async throws -> [ClaimPlan.Constrained] {
        guard !constrained.isEmpty else { return [] }
        let kinds = constrained.map(\.kind)
        var due = Set<String>()
        for row in try await connection.all(
            """
            SELECT k FROM unnest(\(kinds)::text[]) AS k
            WHERE EXISTS (SELECT 1 FROM jobs WHERE state IN \(unescaped: PostgresSchema.waitingStates)
                AND run_at <= \(now) AND kind = k)
            """)
        {
            due.insert(try row.decode(String.self))
        }
        return constrained.filter { due.contains($0.kind) }
    }

    /// The claim statement itself: one `UPDATE` over a `FOR UPDATE SKIP LOCKED` sub-select in
    /// priority order, returning the leased rows.
    private static func claimStatement(
        connection: PostgresConnection, kinds: [String], limit: Int, claim: ClaimRequest, now: Int64
    ) async throws -> [ClaimedJob] {
        let rows = try await connection.all(
            """
            UPDATE jobs SET state = 'running', attempt = jobs.attempt + 1, lease_until = \(claim.leaseUntil),
                lease_token = nextval('lease_tokens'), worker = \(claim.worker), attempted_at = \(now), updated_at = \(now)
            FROM (
                SELECT id FROM jobs
                WHERE state IN \(unescaped: PostgresSchema.waitingStates) AND run_at <= \(now) AND kind = ANY(\(kinds)::text[])
                ORDER BY priority, run_at, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            ) AS picked
            WHERE jobs.id = picked.id
            RETURNING jobs.id, jobs.kind, jobs.payload, jobs.attempt, jobs.max_attempts, jobs.lease_token, jobs.priority,
                jobs.run_at, jobs.rescue_count, jobs.idempotency_key, jobs.snooze_count
            """)
        return try rows.map { row in
            let (id, kind, payload, attempt, maxAttempts, token, priority, runAt, rescues, key, snoozes) = try row.decode(
                (Int64, String, String, Int, Int, Int64, Int, Int64, Int, String?, Int).self)
            return ClaimedJob(
                id: id, kind: kind, payload: payload, attempt: attempt, maxAttempts: maxAttempts, leaseToken: token,
                priority: priority, runAt: runAt, rescueCount: rescues, idempotencyKey: key, snoozeCount: snoozes)
        }
    }
}
