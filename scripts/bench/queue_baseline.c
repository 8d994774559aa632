/*
 * The physical limit for scripts/bench/queue: the queue's own SQL statements, issued from C
 * through libsqlite3 with prepared statements and no other work, on a database file created by
 * `queue-bench init` (so the schema and indexes are the real ones).
 *
 *   queue_baseline PATH normal|full SCENARIO COUNT
 *
 * Scenarios mirror queue-bench: enqueue-single (one transaction per job), enqueue-batch
 * (1,000 jobs per transaction), claim-finish-1 and claim-finish-8 (each transaction records the
 * previous batch's completions and claims the next batch of 1 or 8, as the processor does).
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
    check(sqlite3_prepare_v2(db, sql, -1, &stmt, 0), sql);
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

static sqlite3_stmt *insert_stmt;

static void insert_job(void) {
    long long now = now_ms();
    sqlite3_bind_text(insert_stmt, 1, "noop", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_stmt, 2, "{}", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_stmt, 3, "available", -1, SQLITE_STATIC);
    sqlite3_bind_int(insert_stmt, 4, 0);
    sqlite3_bind_int64(insert_stmt, 5, now);
    sqlite3_bind_int(insert_stmt, 6, 5);
    sqlite3_bind_null(insert_stmt, 7);
    sqlite3_bind_int64(insert_stmt, 8, now);
    sqlite3_bind_int64(insert_stmt, 9, now);
    check(sqlite3_step(insert_stmt), "insert");
    sqlite3_reset(insert_stmt);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: queue_baseline PATH normal|full SCENARIO COUNT\n");
        return 2;
    }
    const char *scenario = argv[3];
    int count = atoi(argv[4]);
    check(sqlite3_open(argv[1], &db), "open");
    sqlite3_busy_timeout(db, 30000);
    exec("PRAGMA journal_mode = WAL");
    exec(strcmp(argv[2], "full") == 0 ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    exec("PRAGMA foreign_keys = ON");
    insert_stmt = prepare(
        "INSERT INTO jobs (kind, payload, state, priority, run_at, max_attempts, idempotency_key, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL "
        "AND state IN ('available','scheduled','retryable','running') DO NOTHING RETURNING id");

    int done = 0;
    double start = seconds();
    if (strcmp(scenario, "enqueue-single") == 0) {
        for (int i = 0; i < count; i++) {
            exec("BEGIN IMMEDIATE");
            insert_job();
            exec("COMMIT");
        }
        done = count;
    } else if (strcmp(scenario, "enqueue-batch") == 0) {
        for (int b = 0; b < count / 1000; b++) {
            exec("BEGIN IMMEDIATE");
            for (int i = 0; i < 1000; i++) insert_job();
            exec("COMMIT");
        }
        done = count / 1000 * 1000;
    } else if (strncmp(scenario, "claim-finish-", 13) == 0) {
        int batch = atoi(scenario + 13);
        exec("BEGIN IMMEDIATE");
        for (int i = 0; i < count; i++) insert_job();
        exec("COMMIT");
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
            exec("BEGIN IMMEDIATE");
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
            exec("COMMIT");
            if (held == 0) break;
        }
    } else {
        fprintf(stderr, "unknown scenario %s\n", scenario);
        return 2;
    }
    double elapsed = seconds() - start;
    printf("{\"scenario\":\"%s\",\"synchronous\":\"%s\",\"jobs\":%d,\"seconds\":%f,\"per_second\":%d}\n", scenario,
           strcmp(argv[2], "full") == 0 ? "FULL" : "NORMAL", done, elapsed, (int)(done / elapsed));
    sqlite3_close(db);
    return 0;
}
