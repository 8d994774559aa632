import Foundation
import GRDB
import JobQueue
import TestSupport
import Testing
@testable import SQLiteStore

/// The multi-row enqueue path: chunks, keyed and unkeyed runs, ids read back without RETURNING.
@Suite("Bulk enqueue on SQLite")
struct BulkEnqueueTests {
    /// Each job's id, payload and key as stored.
    private func stored(_ backend: TestBackend) async throws -> [Int64: (payload: String, key: String?)] {
        try await backend.sqlite.database.read { db in
            var rows: [Int64: (payload: String, key: String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, payload, idempotency_key FROM jobs") {
                rows[row[0]] = (row[1], row[2])
            }
            return rows
        }
    }

    @Test func mixedRunsKeepRequestOrderAndReturnEachJob() async throws {
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        let queue = backend.queue()
        let held = try await queue.enqueue(JobRequest(kind: "noop", payload: #"{"sleep_ms": 0}"#, idempotencyKey: "held"))

        // 300 unkeyed (chunks of 128, 128, 32, 8, 4); 143 keyed, with a key repeated inside the
        // first chunk, keys repeated across a chunk boundary and one held by a live job; 3 unkeyed.
        var requests: [JobRequest] = (0..<300).map { JobRequest(kind: "noop", payload: #"{"sleep_ms": \#($0)}"#) }
        requests += Array(repeating: JobRequest(kind: "noop", payload: #"{"fail_times": 1000}"#, idempotencyKey: "dup"), count: 2)
        requests += (0..<140).map { JobRequest(kind: "noop", payload: #"{"fail_times": \#($0)}"#, idempotencyKey: "k\($0 % 130)") }
        requests.append(JobRequest(kind: "noop", payload: #"{"fail_times": 999}"#, idempotencyKey: "held"))
        requests += (0..<3).map { JobRequest(kind: "noop", payload: #"{"sleep_ms": \#(1_000 + $0)}"#) }
        let results = try await queue.enqueue(requests)
        #expect(results.count == requests.count)

        let rows = try await stored(backend)
        var firstByKey: [String: Int64] = [:]
        var lastInserted: Int64 = held.id
        for (request, result) in zip(requests, results) {
            if let key = request.idempotencyKey, let first = firstByKey[key] ?? (key == "held" ? held.id : nil) {
                #expect(!result.inserted, "a repeated key returns the live job")
                #expect(result.id == first)
                continue
            }
            #expect(result.inserted)
            #expect(result.id > lastInserted, "new jobs get increasing ids in request order")
            lastInserted = result.id
            #expect(rows[result.id]?.payload == request.payload, "the id names the row of its request")
            #expect(rows[result.id]?.key == request.idempotencyKey)
            if let key = request.idempotencyKey { firstByKey[key] = result.id }
        }
        let expected = 1 + 300 + 1 + 130 + 3  // held, unkeyed, dup, k0…k129, unkeyed
        #expect(rows.count == expected)
    }

    @Test func idsStayRightAfterTheNewestJobsWereDeleted() async throws {
        // AUTOINCREMENT never reuses an id: with the newest rows gone, the next ids start above
        // the largest id ever used, not above the largest id left.
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        let queue = backend.queue()
        _ = try await queue.enqueue((0..<50).map { JobRequest(kind: "noop", payload: #"{"sleep_ms": \#($0)}"#) })
        try await backend.sqlite.database.write { db in try db.execute(sql: "DELETE FROM jobs WHERE id > 10") }

        let requests = (0..<200).map { JobRequest(kind: "noop", payload: #"{"fail_times": \#($0)}"#) }
        let results = try await queue.enqueue(requests)
        let rows = try await stored(backend)
        #expect(results.map(\.id) == Array(51...250))
        for (request, result) in zip(requests, results) { #expect(rows[result.id]?.payload == request.payload) }
    }

    @Test func aFailureInALaterChunkLeavesNothing() async throws {
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        try await backend.sqlite.database.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_boom BEFORE INSERT ON jobs WHEN NEW.kind = 'boom'
                BEGIN SELECT RAISE(ABORT, 'boom refused'); END
                """)
        }
        var requests = (0..<200).map { JobRequest(kind: "noop", payload: #"{"sleep_ms": \#($0)}"#, idempotencyKey: $0 < 100 ? nil : "k\($0)") }
        requests.append(JobRequest(kind: "boom", maxAttempts: 1))
        await #expect(throws: DatabaseError.self) { _ = try await backend.sqlite.queue.enqueue(requests, now: 1_000) }
        #expect(try await stored(backend).isEmpty)

        // The connection is usable afterwards, and the same keys enqueue.
        let results = try await backend.sqlite.queue.enqueue(Array(requests.dropLast()), now: 1_000)
        #expect(results.filter(\.inserted).count == 200)
        #expect(try await stored(backend).count == 200)
    }

    @Test func theBaselineStatementsAreTheOnesUsed() {
        let statements = SQLiteQueueStore.enqueueStatementsForBaseline
        #expect(statements.contains(EnqueueStatements.unkeyed(rows: 1)))
        #expect(statements.contains(EnqueueStatements.keyed(rows: 128)))
        #expect(Set(statements).count == statements.count)
        #expect(EnqueueStatements.chunkRows(remaining: 1_000) == 128)
        #expect(EnqueueStatements.chunkRows(remaining: 100) == 64)
        #expect(EnqueueStatements.chunkRows(remaining: 1) == 1)
    }
}
