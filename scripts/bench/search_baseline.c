/*
 * The physical limit for scripts/bench/search: libsqlite3 driven directly, no callvault code.
 *
 *   search_baseline index DB CORPUS [secure-delete]
 *                                           insert every transcript row and segment of corpus.tsv into
 *                                           DB (callvault's schema, its triggers feeding FTS5), one
 *                                           transaction per recording, as replaceTranscript does;
 *                                           with secure-delete, under PRAGMA secure_delete=ON as
 *                                           callvault's connections are
 *   search_baseline query DB QUERIES REPEAT for every query with a raw equivalent: the plain FTS5
 *                                           query, top 20 by rank with snippets
 *                                             SELECT rowid, snippet(...), bm25(...) FROM transcript_fts
 *                                             WHERE transcript_fts MATCH ?1 [AND rowid >= ?2 AND rowid < ?3]
 *                                             ORDER BY rank LIMIT 20
 *   search_baseline size DB                 file size and bytes per table and index (dbstat)
 *
 * Prints one JSON object per line.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void check(sqlite3 *db, int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static sqlite3 *open_db(const char *path) {
    sqlite3 *db;
    check(db, sqlite3_open(path, &db), "open");
    sqlite3_busy_timeout(db, 30000);
    check(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", 0, 0, 0), "pragma");
    return db;
}

/* Splits a line at tabs in place; returns the field count. */
static int split(char *line, char **fields, int max) {
    int n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < max; p++) {
        if (*p == '\t') {
            *p = 0;
            fields[n++] = p + 1;
        }
    }
    return n;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *text) {
    if (*text) sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* With secure_delete, as callvault opens its database (erased text is overwritten, not left in
 * free pages): the same inserts under the same settings. */
static int index_corpus(const char *path, const char *corpus, int secure_delete) {
    sqlite3 *db = open_db(path);
    if (secure_delete) check(db, sqlite3_exec(db, "PRAGMA secure_delete=ON", 0, 0, 0), "secure_delete");
    FILE *f = fopen(corpus, "r");
    if (!f) { perror(corpus); return 1; }
    sqlite3_stmt *transcript, *segment, *begin, *commit;
    check(db, sqlite3_prepare_v2(db,
        "INSERT INTO transcripts (recording_id, state, reason, source, version_ms, language, speakers, insights, "
        "redactions, relative_path, bytes, sha256, updated_at) "
        "VALUES (?1, 'available', NULL, 'ringsense', ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &transcript, 0), "prepare");
    check(db, sqlite3_prepare_v2(db,
        "INSERT INTO transcript_segments (id, recording_id, seq, speaker_id, speaker_name, speaker_role, start_s, end_s, "
        "text, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", -1, &segment, 0), "prepare");
    check(db, sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, 0), "prepare");
    check(db, sqlite3_prepare_v2(db, "COMMIT", -1, &commit, 0), "prepare");

    /* Read everything first, so only the database work is timed. */
    size_t capacity = 1 << 20, used = 0;
    char **lines = malloc(capacity * sizeof(char *));
    char *buffer = NULL;
    size_t size = 0;
    ssize_t length;
    while ((length = getline(&buffer, &size, f)) > 0) {
        if (buffer[length - 1] == '\n') buffer[length - 1] = 0;
        if (used == capacity) lines = realloc(lines, (capacity *= 2) * sizeof(char *));
        lines[used++] = strdup(buffer);
    }
    fclose(f);

    long recordings = 0, segments = 0;
    char recording[64] = "";
    long long next_id = 0;
    int open = 0;
    double start = now_ms();
    for (size_t i = 0; i < used; i++) {
        char *fields[16];
        int n = split(lines[i], fields, 16);
        if (fields[0][0] == 'R' && n >= 14) {
            if (open) { check(db, sqlite3_step(commit), "commit"); sqlite3_reset(commit); }
            check(db, sqlite3_step(begin), "begin");
            sqlite3_reset(begin);
            open = 1;
            snprintf(recording, sizeof recording, "%s", fields[1]);
            next_id = atoll(fields[7]);
            sqlite3_bind_text(transcript, 1, recording, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(transcript, 2, atoll(fields[3]) + 86400000LL);
            sqlite3_bind_text(transcript, 3, fields[8], -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(transcript, 4, fields[9], -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(transcript, 5, fields[10], -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(transcript, 6, fields[11], -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(transcript, 7, atoll(fields[12]));
            sqlite3_bind_text(transcript, 8, fields[13], -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(transcript, 9, (long long)time(NULL) * 1000);
            check(db, sqlite3_step(transcript), "insert transcript");
            sqlite3_reset(transcript);
            recordings++;
        } else if (fields[0][0] == 'S' && n >= 8) {
            sqlite3_bind_int64(segment, 1, next_id++);
            sqlite3_bind_text(segment, 2, recording, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(segment, 3, atoll(fields[1]));
            sqlite3_bind_text(segment, 4, fields[2], -1, SQLITE_TRANSIENT);
            bind_text_or_null(segment, 5, fields[3]);
            sqlite3_bind_text(segment, 6, fields[4], -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(segment, 7, strtod(fields[5], NULL));
            sqlite3_bind_double(segment, 8, strtod(fields[6], NULL));
            sqlite3_bind_text(segment, 9, fields[7], -1, SQLITE_TRANSIENT);
            check(db, sqlite3_step(segment), "insert segment");
            sqlite3_reset(segment);
            segments++;
        }
    }
    if (open) check(db, sqlite3_step(commit), "commit");
    double seconds = (now_ms() - start) / 1e3;
    printf("{\"engine\":\"%s\",\"recordings\":%ld,\"segments\":%ld,\"seconds\":%.3f,\"segments_per_second\":%ld}\n",
           secure_delete ? "raw-secure-delete" : "raw", recordings, segments, seconds, (long)(segments / seconds));
    sqlite3_finalize(transcript);
    sqlite3_finalize(segment);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_close(db);
    return 0;
}

static int query(const char *path, const char *queries, int repeat) {
    sqlite3 *db = open_db(path);
    FILE *f = fopen(queries, "r");
    if (!f) { perror(queries); return 1; }
    sqlite3_stmt *plain, *ranged;
    const char *select = "SELECT rowid, snippet(transcript_fts, 0, char(2), char(3), '…', 20), bm25(transcript_fts) "
                         "FROM transcript_fts WHERE transcript_fts MATCH ?1 %s ORDER BY rank LIMIT 20";
    char sql[512];
    snprintf(sql, sizeof sql, select, "");
    check(db, sqlite3_prepare_v2(db, sql, -1, &plain, 0), "prepare");
    snprintf(sql, sizeof sql, select, "AND rowid >= ?2 AND rowid < ?3");
    check(db, sqlite3_prepare_v2(db, sql, -1, &ranged, 0), "prepare");

    char *buffer = NULL;
    size_t size = 0;
    ssize_t length;
    char scenario[64] = "";
    char *matches[1024];
    long long lows[1024], highs[1024];
    int count = 0;
    int done = 0;
    while (!done) {
        length = getline(&buffer, &size, f);
        char *fields[16];
        int n = 0;
        if (length > 0) {
            if (buffer[length - 1] == '\n') buffer[length - 1] = 0;
            n = split(buffer, fields, 16);
        } else {
            done = 1;
        }
        if (count > 0 && (done || strcmp(fields[0], scenario) != 0)) {
            /* Measure the finished scenario: warm once, then REPEAT rounds. */
            double *samples = malloc(sizeof(double) * count * repeat);
            int total = 0;
            long hits = 0;
            for (int round = -1; round < repeat; round++) {
                for (int q = 0; q < count; q++) {
                    sqlite3_stmt *s = lows[q] >= 0 ? ranged : plain;
                    double t0 = now_ms();
                    sqlite3_bind_text(s, 1, matches[q], -1, SQLITE_STATIC);
                    if (lows[q] >= 0) {
                        sqlite3_bind_int64(s, 2, lows[q]);
                        sqlite3_bind_int64(s, 3, highs[q]);
                    }
                    int rows = 0, rc;
                    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                        (void)sqlite3_column_text(s, 1);
                        rows++;
                    }
                    check(db, rc, matches[q]);
                    sqlite3_reset(s);
                    if (round >= 0) {
                        samples[total++] = now_ms() - t0;
                        hits += rows;
                    }
                }
            }
            qsort(samples, total, sizeof(double), cmp_double);
            printf("{\"engine\":\"raw\",\"scenario\":\"%s\",\"queries\":%d,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"mean_hits\":%ld}\n",
                   scenario, total, samples[total / 2], samples[(int)(total * 0.95)], hits / total);
            free(samples);
            for (int q = 0; q < count; q++) free(matches[q]);
            count = 0;
        }
        if (done) break;
        if (n < 9 || fields[6][0] == 0 || count == 1024) continue;
        snprintf(scenario, sizeof scenario, "%s", fields[0]);
        matches[count] = strdup(fields[6]);
        lows[count] = fields[7][0] ? atoll(fields[7]) : -1;
        highs[count] = fields[8][0] ? atoll(fields[8]) : -1;
        count++;
    }
    fclose(f);
    sqlite3_finalize(plain);
    sqlite3_finalize(ranged);
    sqlite3_close(db);
    return 0;
}

static int sizes(const char *path) {
    sqlite3 *db = open_db(path);
    sqlite3_stmt *s;
    check(db, sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", 0, 0, 0), "checkpoint");
    check(db, sqlite3_prepare_v2(db, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC", -1, &s, 0),
          "prepare");
    printf("{\"engine\":\"size\"");
    long long total = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        printf(",\"%s\":%lld", (const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1));
        total += sqlite3_column_int64(s, 1);
    }
    printf(",\"total\":%lld}\n", total);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "index") == 0)
        return index_corpus(argv[2], argv[3], argc > 4 && strcmp(argv[4], "secure-delete") == 0);
    if (argc >= 4 && strcmp(argv[1], "query") == 0) return query(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 1);
    if (argc >= 3 && strcmp(argv[1], "size") == 0) return sizes(argv[2]);
    fprintf(stderr, "usage: search_baseline index DB CORPUS [secure-delete] | query DB QUERIES [REPEAT] | size DB\n");
    return 2;
}
