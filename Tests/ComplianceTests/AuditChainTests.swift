import Compliance
import Foundation
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

    @Test func detailsAreStoredAsAJSONObjectThatReadsBackTheSame() throws {
        let details = [
            "query": "refund, \"urgent\" \\ back/slash", "status": "200", "tab\tnew\nline\r": "\u{01}\u{1f}\u{7f}",
            "ünïcødé": "日本語 🎧", "": "", "range": "bytes=0-99,200-",
        ]
        let json = AuditEntry.detailsJSON(details)
        // Any JSON parser reads it, and reads the same strings.
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(parsed == details)
        #expect(AuditEntry.details(json: json) == details)
        // Keys in the order of their UTF-8 bytes, no whitespace, '/' not escaped.
        #expect(AuditEntry.detailsJSON(["status": "206", "range": "a/b", "Z": "1"]) == #"{"Z":"1","range":"a/b","status":"206"}"#)
        #expect(AuditEntry.detailsJSON([:]) == "{}")
    }

    @Test(arguments: BackendKind.all) func appendsFromSeveralConnectionsFormOneIntactChain(_ kind: BackendKind) async throws {
        let backend = try await TestBackend.make(kind)
        defer { backend.remove() }
        let other = try await backend.reopened()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in 0..<8 {
                let log = batch % 2 == 0 ? backend.audit : other.audit
                group.addTask { try await log.append(Self.events(25)) }
            }
            try await group.waitForAll()
        }
        let result = try await AuditVerifier(log: backend.audit).run(pageSize: 17)
        #expect(result.isIntact)
        #expect(result.entries == 200)
        let entries = try await backend.audit.entries(AuditQuery())
        #expect(entries.map(\.seq) == Array(1...200))
        #expect(entries.first?.previousHash == AuditChain.genesis)
        #expect(result.head == entries.last?.hash)
    }

    @Test(arguments: BackendKind.all) func anEditedEntryIsNamed(_ kind: BackendKind) async throws {
        let backend = try await TestBackend.make(kind)
        defer { backend.remove() }
        try await backend.audit.append(Self.events(10))
        try await backend.execute(#"UPDATE audit_log SET details = '{"query":"nothing to see","status":"200"}' WHERE seq = 4"#)
        let result = try await AuditVerifier(log: backend.audit).run()
        #expect(result.brokenAt == 4)
        #expect(result.entries == 3)
        #expect(result.problem?.contains("edited") == true)
    }

    @Test(arguments: BackendKind.all) func aDeletedEntryIsNamed(_ kind: BackendKind) async throws {
        let backend = try await TestBackend.make(kind)
        defer { backend.remove() }
        try await backend.audit.append(Self.events(10))
        try await backend.execute("DELETE FROM audit_log WHERE seq = 6")
        let result = try await AuditVerifier(log: backend.audit).run()
        #expect(result.brokenAt == 7)
        #expect(result.problem?.contains("removed") == true)
    }

    @Test(arguments: BackendKind.all) func aRehashedEditStillBreaksTheNextLink(_ kind: BackendKind) async throws {
        let backend = try await TestBackend.make(kind)
        defer { backend.remove() }
        let stored = try await backend.audit.append(Self.events(5))
        var forged = stored[2]
        forged.event.actor = "someone-else"
        forged.hash = AuditChain.hash(seq: forged.seq, event: forged.event, previousHash: forged.previousHash)
        // Both are plain ASCII (a name and hex digits), safe to write into the statement.
        try await backend.execute("UPDATE audit_log SET actor = '\(forged.event.actor)', hash = '\(forged.hash)' WHERE seq = 3")
        let result = try await AuditVerifier(log: backend.audit).run()
        #expect(result.brokenAt == 4)
        #expect(result.problem?.contains("rewritten") == true)
    }

    @Test(arguments: BackendKind.all) func queriesFilterByTimeRecordingAndAction(_ kind: BackendKind) async throws {
        let backend = try await TestBackend.make(kind)
        defer { backend.remove() }
        try await backend.audit.append(Self.events(10))
        try await backend.audit.append([AuditEvent(at: 1_750_000_000_100, action: .eraseDelete, actor: "cli:x", recordingId: "r4")])
        let log = backend.audit
        #expect(try await log.entries(AuditQuery(action: "stream")).count == 5)
        #expect(try await log.entries(AuditQuery(recordingId: "r4")).map(\.event.action) == [.stream, .eraseDelete])
        #expect(try await log.entries(AuditQuery(sinceMillis: 1_750_000_000_008)).count == 3)
        #expect(try await log.entries(AuditQuery(action: "erase")).map(\.event.action) == [.eraseDelete])
    }

    @Test(arguments: BackendKind.all) func theAppenderCommitsEverythingRecordedBeforeItFinishes(_ kind: BackendKind) async throws {
        let backend = try await TestBackend.make(kind)
        defer { backend.remove() }
        let appender = AuditAppender(log: backend.audit)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await appender.run() }
            for event in Self.events(300) { appender.record(event) }
            let committed = try await eventually { try await backend.audit.entries(AuditQuery()).count == 300 }
            #expect(committed)
            for event in Self.events(50) { appender.record(event) }
            appender.finish()
            try await group.waitForAll()
        }
        #expect(try await backend.audit.entries(AuditQuery()).count == 350)
        #expect(try await AuditVerifier(log: backend.audit).run().isIntact)
    }
}
