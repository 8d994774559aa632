import Essentials
import GRDB
public import JobQueue

extension SQLiteQueueStore {
    /// Applies finished outcomes and claims new jobs, in one IMMEDIATE transaction.
    ///
    /// Claims follow `ORDER BY priority, run_at, id` with one
    /// `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING …` per group of kinds: kinds with a
    /// concurrency limit or a rate-limit key are claimed first, each within its free slots and tokens
    /// (tokens are spent in the same transaction), then the unconstrained kinds fill what is left.
    public func completeAndClaim(_ completions: [JobCompletion], claim: ClaimRequest, now: Int64) async throws -> ClaimResult {
        try await write { db -> ClaimResult in
            let fenced = try Self.apply(completions, db: db, now: now)
            guard claim.limit > 0, !claim.plan.isEmpty else {
                return ClaimResult(claimed: [], fencedOff: fenced, nextTokenAt: nil)
            }
            var (claimed, nextTokenAt) = try self.claim(db: db, claim: claim, now: now)
            claimed.sort { ($0.priority, $0.runAt, $0.id) < ($1.priority, $1.runAt, $1.id) }
            return ClaimResult(claimed: claimed, fencedOff: fenced, nextTokenAt: nextTokenAt)
        }
    }

    /// Records outcomes; returns the ids whose fence failed.
    static func apply(_ completions: [JobCompletion], db: Database, now: Int64) throws -> [Int64] {
        var fenced: [Int64] = []
        for completion in completions {
            let statement: Statement
            let arguments: StatementArguments
            switch completion.outcome {
            case .completed:
                statement = try db.cachedStatement(
                    sql: """
                        UPDATE jobs SET state = 'completed', finished_at = ?1, updated_at = ?1,
                            lease_until = NULL, lease_token = NULL, last_error = coalesce(?4, last_error)
                        WHERE id = ?2 AND lease_token = ?3 AND state = 'running'
                        """
                )
                arguments = [now, completion.jobId, completion.leaseToken, completion.note]
            case .failed(let message, let retryAt):
                statement = try db.cachedStatement(
                    sql: """
                        UPDATE jobs SET state = CASE WHEN ?1 IS NULL THEN 'dead' ELSE 'retryable' END,
                            run_at = coalesce(?1, run_at), finished_at = CASE WHEN ?1 IS NULL THEN ?2 END,
                            last_error = ?3,
                            errors = json_insert(errors, '$[#]', json_object('attempt', attempt, 'at', ?2, 'error', ?3)),
                            updated_at = ?2, lease_until = NULL, lease_token = NULL, worker = NULL
                        WHERE id = ?4 AND lease_token = ?5 AND state = 'running'
                        """
                )
                arguments = [retryAt, now, message, completion.jobId, completion.leaseToken]
            case .snoozed(let until, let message):
                statement = try db.cachedStatement(
                    sql: """
                        UPDATE jobs SET state = 'scheduled', run_at = ?1, attempt = attempt - 1,
                            snooze_count = snooze_count + 1, last_error = ?2, updated_at = ?3,
                            lease_until = NULL, lease_token = NULL, worker = NULL
                        WHERE id = ?4 AND lease_token = ?5 AND state = 'running'
                        """
                )
                arguments = [until, message, now, completion.jobId, completion.leaseToken]
            case .released:
                statement = try db.cachedStatement(
                    sql: """
                        UPDATE jobs SET state = 'available', run_at = ?1, attempt = attempt - 1, updated_at = ?1,
                            lease_until = NULL, lease_token = NULL, worker = NULL
                        WHERE id = ?2 AND lease_token = ?3 AND state = 'running'
                        """
                )
                arguments = [now, completion.jobId, completion.leaseToken]
            }
            try statement.execute(arguments: arguments)
            if db.changesCount == 0 { fenced.append(completion.jobId) }
        }
        return fenced
    }

    private func claim(db: Database, claim: ClaimRequest, now: Int64) throws -> ([ClaimedJob], Int64?) {
        let constrained = claim.plan.constrained
        let free = claim.plan.free
        let worker = claim.worker
        let leaseUntil = claim.leaseUntil

        var remaining = claim.limit
        var claimed: [ClaimedJob] = []
        var nextTokenAt: Int64?
        if !constrained.isEmpty {
            let running = constrained.contains { $0.concurrency != nil } ? try runningCounts(db) : [:]
            var tokens: [String: Int] = [:]
            for definition in constrained where remaining > 0 {
                var allowed = remaining
                if let concurrency = definition.concurrency {
                    allowed = min(allowed, concurrency - running[definition.kind, default: 0])
                }
                if let key = definition.rateLimitKey {
                    if tokens[key] == nil {
                        let status = try Self.rateLimitStatus(key, db: db, now: now)
                        tokens[key] = status?.available ?? Int.max
                    }
                    allowed = min(allowed, tokens[key]!)
                }
                guard allowed > 0 else { continue }
                let jobs = try claimStatement(
                    db: db, sql: claimStatementSQL(kindCount: 1), kinds: [definition.kind], limit: allowed, worker: worker,
                    leaseUntil: leaseUntil, now: now
                )
                if let key = definition.rateLimitKey, !jobs.isEmpty {
                    try Self.recordGrants(key, count: jobs.count, db: db, now: now)
                    tokens[key]! -= jobs.count
                }
                remaining -= jobs.count
                claimed += jobs
            }
            for (key, left) in tokens where left <= 0 {
                if let next = try Self.rateLimitStatus(key, db: db, now: now)?.nextTokenAt {
                    nextTokenAt = min(nextTokenAt ?? next, next)
                }
            }
        }
        if remaining > 0 && !free.isEmpty {
            claimed += try claimStatement(
                db: db, sql: claimStatementSQL(kindCount: free.count), kinds: free, limit: remaining, worker: worker, leaseUntil: leaseUntil, now: now
            )
        }
        return (claimed, nextTokenAt)
    }

    private func runningCounts(_ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT kind, count(*) FROM jobs WHERE state = 'running' GROUP BY kind")
        )
        while let row = try rows.next() { counts[row[0]] = row[1] }
        return counts
    }

    /// The claim statement itself: one UPDATE over a LIMITed sub-select, returning the leased rows.
    private func claimStatement(
        db: Database, sql: String, kinds: [String], limit: Int, worker: String, leaseUntil: Int64, now: Int64
    ) throws -> [ClaimedJob] {
        let statement = try db.cachedStatement(sql: sql)
        var arguments: StatementArguments = [leaseUntil, worker, now, now, now]
        arguments += StatementArguments(kinds)
        arguments += [limit]
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(limit)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            jobs.append(
                ClaimedJob(
                    id: row[0], kind: row[1], payload: row[2], attempt: row[3], maxAttempts: row[4],
                    leaseToken: row[5], priority: row[6], runAt: row[7], rescueCount: row[8], idempotencyKey: row[9],
                    snoozeCount: row[10]
                )
            )
        }
        return jobs
    }
}
