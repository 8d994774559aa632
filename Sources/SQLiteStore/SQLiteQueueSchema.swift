import GRDB
import JobQueue

/// The queue's tables and indexes.
enum SQLiteQueueSchema {
    static let waitingStates = JobState.sqlList(JobState.waiting)
    static let liveStates = JobState.sqlList(JobState.live)

    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            "jobqueue-v1",
            sql: """
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL DEFAULT '{}',
                    state TEXT NOT NULL CHECK (state IN
                        ('available','scheduled','retryable','running','completed','dead','cancelled')),
                    priority INTEGER NOT NULL DEFAULT 0,
                    run_at INTEGER NOT NULL,
                    attempt INTEGER NOT NULL DEFAULT 0,
                    max_attempts INTEGER NOT NULL,
                    idempotency_key TEXT,
                    lease_until INTEGER,
                    lease_token INTEGER,
                    worker TEXT,
                    rescue_count INTEGER NOT NULL DEFAULT 0,
                    snooze_count INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    errors TEXT NOT NULL DEFAULT '[]',
                    schedule TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    attempted_at INTEGER,
                    finished_at INTEGER
                );
                CREATE INDEX jobs_waiting ON jobs (priority, run_at, id)
                    WHERE state IN \(waitingStates);
                CREATE INDEX jobs_running ON jobs (lease_until) WHERE state = 'running';
                CREATE INDEX jobs_finished ON jobs (finished_at)
                    WHERE state IN ('completed','dead','cancelled');
                CREATE UNIQUE INDEX jobs_idempotency ON jobs (idempotency_key)
                    WHERE idempotency_key IS NOT NULL AND state IN \(liveStates);

                CREATE TABLE rate_limits (
                    key TEXT PRIMARY KEY,
                    limit_count INTEGER NOT NULL CHECK (limit_count >= 1),
                    window_ms INTEGER NOT NULL CHECK (window_ms >= 1),
                    paused_until INTEGER,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE rate_limit_grants (
                    key TEXT NOT NULL,
                    granted_at INTEGER NOT NULL
                );
                CREATE INDEX rate_limit_grants_key ON rate_limit_grants (key, granted_at);

                CREATE TABLE schedules (
                    name TEXT PRIMARY KEY,
                    spec TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    priority INTEGER NOT NULL DEFAULT 0,
                    next_run_at INTEGER NOT NULL,
                    last_fired_at INTEGER,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
    ]
}
