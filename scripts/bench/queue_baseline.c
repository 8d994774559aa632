/*
 * The physical limit for scripts/bench/queue: the queue's own SQL statements, issued from C
 * through libsqlite3 with prepared statements and no other work, on a database file created by
 * `queue-bench init` (so the schema and indexes are the real ones).
 *
 *   queue_baseline PATH normal|full SCENARIO COUNT
 *   queue_baseline sql     prints the enqueue path's statements, one per line: scripts/bench/queue
 *                          stops unless they are exactly `queue-bench sql`'s (callvault's own)
 *
 * Scenarios mirror queue-bench: enqueue-single (one transaction per job), enqueue-batch
 * (1,000 jobs per transaction), claim-finish-1 and claim-finish-8 (each transaction records the
 * previous batch's completions and claims the next batch of 1 or 8, as the processor does).
 *
 * Enqueue follows callvault's path (SQLiteQueueStore+Enqueue.swift) step for step: prepared
 * BEGIN IMMEDIATE and COMMIT; multi-row INSERT ... VALUES chunks, each the largest power of two up
 * to 128 rows that fits; before the first chunk of more than one row, the largest id the table
 * ever held; after each chunk, every job's id from last_insert_rowid() (checked against it).
 * Prints one JSON object.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static sqlite3 *db;

static void check(int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(const char *sql) { check(sqlite3_exec(db, sql, 0, 0, 0), sql); }

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *stmt;
    check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, 0), sql);
    return stmt;
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The enqueue statements, built as EnqueueStatements builds them. */
#define MAX_ROWS 128
#define SIZES 8 /* 1, 2, 4, ..., 128 rows */
static char *unkeyed_sql[SIZES], *keyed_sql[SIZES];
static const char *LARGEST_ID_EVER =
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'jobs'), 0), "
    "coalesce((SELECT max(id) FROM jobs), 0))";

static char *build(int rows, int keyed) {
    int columns = keyed ? 7 : 6;
    char *sql = malloc(512 + rows * 80);
    char *p = sql;
    p += sprintf(p, "INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts%s, created_at, updated_at) VALUES ",
                 keyed ? ", idempotency_key" : "");
    for (int row = 0; row < rows; row++) {
        int first = 2 + row * columns;
        p += sprintf(p, "%s(", row ? "," : "");
        for (int c = 0; c < columns; c++) p += sprintf(p, "%s?%d", c ? "," : "", first + c);
        p += sprintf(p, ",?1,?1)");
    }
    if (keyed)
        sprintf(p, " ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND state IN "
                   "('available','scheduled','retryable','running') DO NOTHING RETURNING id, idempotency_key");
    return sql;
}

static sqlite3_stmt *begin_stmt, *commit_stmt, *largest_stmt, *unkeyed_stmt[SIZES];

static void step_done(sqlite3_stmt *stmt, const char *what) {
    check(sqlite3_step(stmt), what);
    sqlite3_reset(stmt);
}

static void begin(void) { step_done(begin_stmt, "begin"); }
static void commit(void) { step_done(commit_stmt, "commit"); }

static long long ids[1024];
static long long id_sum; /* keeps the ids live */

/* Enqueues n unkeyed no-op jobs in the open transaction, as SQLiteQueueStore.insertUnkeyed does. */
static void enqueue(int n) {
    long long now = now_ms(), base = -1;
    int done = 0;
    while (done < n) {
        int rows = MAX_ROWS, size = SIZES - 1;
        while (rows > n - done) {
            rows /= 2;
            size--;
        }
        if (rows > 1 && base < 0) {
            check(sqlite3_step(largest_stmt), "largest id ever");
            base = sqlite3_column_int64(largest_stmt, 0);
            sqlite3_reset(largest_stmt);
        }
        sqlite3_stmt *stmt = unkeyed_stmt[size];
        sqlite3_bind_int64(stmt, 1, now);
        for (int row = 0; row < rows; row++) {
            int k = 2 + row * 6;
            sqlite3_bind_text(stmt, k, "noop", -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, k + 1, "{}", -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, k + 2, "available", -1, SQLITE_STATIC);
            sqlite3_bind_int64(stmt, k + 3, 0);
            sqlite3_bind_int64(stmt, k + 4, now);
            sqlite3_bind_int64(stmt, k + 5, 5);
        }
        step_done(stmt, "insert");
        long long last = sqlite3_last_insert_rowid(db);
        if (sqlite3_changes(db) != rows || (rows > 1 && last - base != rows)) {
            fprintf(stderr, "unexpected ids after a chunk of %d rows\n", rows);
            exit(1);
        }
        for (int row = 0; row < rows; row++) ids[(done + row) % 1024] = last - rows + 1 + row;
        id_sum += ids[(done + rows - 1) % 1024];
        base = last;
        done += rows;
    }
}

int main(int argc, char **argv) {
    for (int i = 0, rows = 1; i < SIZES; i++, rows *= 2) {
        unkeyed_sql[i] = build(rows, 0);
        keyed_sql[i] = build(rows, 1);
    }
    if (argc == 2 && strcmp(argv[1], "sql") == 0) {
        printf("BEGIN IMMEDIATE\nCOMMIT\n");
        for (int i = 0; i < SIZES; i++) printf("%s\n", unkeyed_sql[i]);
        for (int i = 0; i < SIZES; i++) printf("%s\n", keyed_sql[i]);
        printf("%s\n", LARGEST_ID_EVER);
        return 0;
    }
    if (argc != 5) {
        fprintf(stderr, "usage: queue_baseline PATH normal|full SCENARIO COUNT | queue_baseline sql\n");
        return 2;
    }
    const char *scenario = argv[3];
    int count = atoi(argv[4]);
    check(sqlite3_open(argv[1], &db), "open");
    sqlite3_busy_timeout(db, 30000);
    exec("PRAGMA journal_mode = WAL");
    exec(strcmp(argv[2], "full") == 0 ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    exec("PRAGMA foreign_keys = ON");
    begin_stmt = prepare("BEGIN IMMEDIATE");
    commit_stmt = prepare("COMMIT");
    largest_stmt = prepare(LARGEST_ID_EVER);
    for (int i = 0; i < SIZES; i++) unkeyed_stmt[i] = prepare(unkeyed_sql[i]);

    int done = 0;
    double start = seconds();
    if (strcmp(scenario, "enqueue-single") == 0) {
        for (int i = 0; i < count; i++) {
            begin();
            enqueue(1);
            commit();
        }
        done = count;
    } else if (strcmp(scenario, "enqueue-batch") == 0) {
        for (int b = 0; b < count / 1000; b++) {
            begin();
            enqueue(1000);
            commit();
        }
        done = count / 1000 * 1000;
    } else if (strncmp(scenario, "claim-finish-", 13) == 0) {
        int batch = atoi(scenario + 13);
        for (int left = count; left > 0; left -= 5000) {
            begin();
            enqueue(left < 5000 ? left : 5000);
            commit();
        }
        start = seconds();
        sqlite3_stmt *complete = prepare(
            "UPDATE jobs SET state = 'completed', finished_at = ?1, updated_at = ?1, lease_until = NULL, lease_token = NULL "
            "WHERE id = ?2 AND lease_token = ?3 AND state = 'running'");
        sqlite3_stmt *claim = prepare(
            "UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_until = ?, lease_token = random(), "
            "worker = ?, attempted_at = ?, updated_at = ? "
            "WHERE id IN (SELECT id FROM jobs WHERE state IN ('available','scheduled','retryable') AND run_at <= ? "
            "AND kind IN (?) ORDER BY priority, run_at, id LIMIT ?) "
            "RETURNING id, kind, payload, attempt, max_attempts, lease_token, priority, run_at, rescue_count, idempotency_key");
        long long held_id[64], held_token[64];
        int held = 0;
        for (;;) {
            long long now = now_ms();
            begin();
            for (int i = 0; i < held; i++) {
                sqlite3_bind_int64(complete, 1, now);
                sqlite3_bind_int64(complete, 2, held_id[i]);
                sqlite3_bind_int64(complete, 3, held_token[i]);
                check(sqlite3_step(complete), "complete");
                sqlite3_reset(complete);
                done += sqlite3_changes(db) == 1;
            }
            held = 0;
            sqlite3_bind_int64(claim, 1, now + 30000);
            sqlite3_bind_text(claim, 2, "baseline", -1, SQLITE_STATIC);
            sqlite3_bind_int64(claim, 3, now);
            sqlite3_bind_int64(claim, 4, now);
            sqlite3_bind_int64(claim, 5, now);
            sqlite3_bind_text(claim, 6, "noop", -1, SQLITE_STATIC);
            sqlite3_bind_int(claim, 7, batch);
            while (sqlite3_step(claim) == SQLITE_ROW) {
                held_id[held] = sqlite3_column_int64(claim, 0);
                held_token[held] = sqlite3_column_int64(claim, 5);
                (void)sqlite3_column_text(claim, 1);
                (void)sqlite3_column_text(claim, 2);
                held++;
            }
            sqlite3_reset(claim);
            commit();
            if (held == 0) break;
        }
    } else {
        fprintf(stderr, "unknown scenario %s\n", scenario);
        return 2;
    }
    double elapsed = seconds() - start;
    printf("{\"scenario\":\"%s\",\"synchronous\":\"%s\",\"jobs\":%d,\"seconds\":%f,\"per_second\":%d,\"id_check\":%lld}\n",
           scenario, strcmp(argv[2], "full") == 0 ? "FULL" : "NORMAL", done, elapsed, (int)(done / elapsed), id_sum % 7);
    sqlite3_close(db);
    return 0;
}
