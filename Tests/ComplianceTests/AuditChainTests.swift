import Compliance
import Foundation
import GRDB
import SQLiteStore
import TestSupport
import Testing

@Suite("Audit hash chain")
struct AuditChainTests {
    static func events(_ count: Int, from start: Int64 = 1_750_000_000_000) -> [AuditEvent] {
        (0..<count).map { index -> AuditEvent in
            let at = start + Int64(index)
            if index % 2 == 0 {
                return AuditEvent(at: at, action: .stream, actor: "token", recordingId: "r\(index)", details: ["range": "bytes=0-99", "status": "206"])
            }
            return AuditEvent(at: at, action: .search, actor: "token", details: ["query": "refund, \"urgent\"", "status": "200"])
        }
    }

    @Test func appendsFromSeveralConnectionsFormOneIntactChain() async throws {
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        let other = try await backend.reopened()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in 0..<8 {
                let log = batch % 2 == 0 ? backend.sqlite.audit : other.sqlite.audit
                group.addTask { try await log.append(Self.events(25)) }
            }
            try await group.waitForAll()
        }
        let result = try await AuditVerifier(log: backend.sqlite.audit).run(pageSize: 17)
        #expect(result.isIntact)
        #expect(result.entries == 200)
        let entries = try await backend.sqlite.audit.entries(AuditQuery())
        #expect(entries.map(\.seq) == Array(1...200))
        #expect(entries.first?.previousHash == AuditChain.genesis)
        #expect(result.head == entries.last?.hash)
    }

    @Test func anEditedEntryIsNamed() async throws {
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        try await backend.sqlite.audit.append(Self.events(10))
        let queue = try DatabaseQueue(path: backend.databasePath)
        try await queue.write { db in
            try db.execute(sql: #"UPDATE audit_log SET details = '{"query":"nothing to see","status":"200"}' WHERE seq = 4"#)
        }
        let result = try await AuditVerifier(log: backend.sqlite.audit).run()
        #expect(result.brokenAt == 4)
        #expect(result.entries == 3)
        #expect(result.problem?.contains("edited") == true)
    }

    @Test func aDeletedEntryIsNamed() async throws {
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        try await backend.sqlite.audit.append(Self.events(10))
        let queue = try DatabaseQueue(path: backend.databasePath)
        try await queue.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq = 6") }
        let result = try await AuditVerifier(log: backend.sqlite.audit).run()
        #expect(result.brokenAt == 7)
        #expect(result.problem?.contains("removed") == true)
    }

    @Test func aRehashedEditStillBreaksTheNextLink() async throws {
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        let stored = try await backend.sqlite.audit.append(Self.events(5))
        var forged = stored[2]
        forged.event.actor = "someone-else"
        forged.hash = AuditChain.hash(seq: forged.seq, event: forged.event, previousHash: forged.previousHash)
        let queue = try DatabaseQueue(path: backend.databasePath)
        let (actor, hash) = (forged.event.actor, forged.hash)
        try await queue.write { db in
            try db.execute(sql: "UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 3", arguments: [actor, hash])
        }
        let result = try await AuditVerifier(log: backend.sqlite.audit).run()
        #expect(result.brokenAt == 4)
        #expect(result.problem?.contains("rewritten") == true)
    }

    @Test func queriesFilterByTimeRecordingAndAction() async throws {
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        try await backend.sqlite.audit.append(Self.events(10))
        try await backend.sqlite.audit.append([AuditEvent(at: 1_750_000_000_100, action: .eraseDelete, actor: "cli:x", recordingId: "r4")])
        let log = backend.sqlite.audit
        #expect(try await log.entries(AuditQuery(action: "stream")).count == 5)
        #expect(try await log.entries(AuditQuery(recordingId: "r4")).map(\.event.action) == [.stream, .eraseDelete])
        #expect(try await log.entries(AuditQuery(sinceMillis: 1_750_000_000_008)).count == 3)
        #expect(try await log.entries(AuditQuery(action: "erase")).map(\.event.action) == [.eraseDelete])
    }

    @Test func theAppenderCommitsEverythingRecordedBeforeItFinishes() async throws {
        let backend = try await TestBackend.make()
        defer { backend.remove() }
        let appender = AuditAppender(log: backend.sqlite.audit)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await appender.run() }
            for event in Self.events(300) { appender.record(event) }
            let committed = try await eventually { try await backend.sqlite.audit.entries(AuditQuery()).count == 300 }
            #expect(committed)
            for event in Self.events(50) { appender.record(event) }
            appender.finish()
            try await group.waitForAll()
        }
        #expect(try await backend.sqlite.audit.entries(AuditQuery()).count == 350)
        #expect(try await AuditVerifier(log: backend.sqlite.audit).run().isIntact)
    }
}
