import Essentials
import Foundation
import GRDB
import Logging
import Synchronization
import TestSupport
import Testing
@testable import SQLiteStore

/// Group commit (``GroupCommit``, here over SQLite's writer, as the webhook store uses it): writes
/// that arrive while the writer is busy commit together, each answered only after its own
/// transaction committed, each with its own result or error.
@Suite("SQLite group commit")
struct GroupCommitTests {
    /// Counts the writer's commits; a write reads the count to learn which transaction it ran in.
    private final class CommitCounter: TransactionObserver, Sendable {
        let commits = Mutex(0)
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { commits.withLock { $0 += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }

    private struct Fixture {
        let directory: TemporaryDirectory
        let database: DatabasePool
        let counter = CommitCounter()
        let commit: GroupCommit<@Sendable (Database) throws -> Int, Int>

        init(maximumBatch: Int = 256) async throws {
            directory = try TemporaryDirectory("group-commit")
            database = try SQLiteDatabase.open(path: directory.path("group.sqlite"), migrations: [])
            try await database.write { db in
                try db.execute(sql: "CREATE TABLE items (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID")
                try db.execute(sql: "INSERT INTO items (name) VALUES ('taken')")
            }
            let counter = self.counter
            try await database.writeWithoutTransaction { db in db.add(transactionObserver: counter, extent: .databaseLifetime) }
            let database = self.database
            commit = GroupCommit(maximumBatch: maximumBatch) { writes in
                try await SQLiteQueueStore.write(database, logger: Logger(label: "test")) { db in try writes.map { try $0(db) } }
            }
        }

        /// Runs `body` while the writer is held busy, then lets it go once `submitted` writes wait.
        func withWriterHeld<T: Sendable>(submitted: Int, _ body: @escaping @Sendable () async -> T) async throws -> T {
            let gate = DispatchSemaphore(value: 0)
            let entered = DispatchSemaphore(value: 0)
            let held = Task {
                try await database.writeWithoutTransaction { _ in
                    entered.signal()
                    gate.wait()
                }
            }
            let holding = try await eventually { entered.wait(timeout: .now()) == .success }
            #expect(holding, "the writer is held")
            async let work: T = body()
            let waiting = try await eventually { commit.unanswered == submitted }
            gate.signal()
            try await held.value
            #expect(waiting, "all \(submitted) writes were waiting while the writer was held")
            return await work
        }

        func names() async throws -> Set<String> {
            Set(try await database.read { db in try String.fetchAll(db, sql: "SELECT name FROM items") })
        }
    }

    @Test func writesWaitingTogetherCommitInOneTransactionEachWithItsOwnResult() async throws {
        let fixture = try await Fixture()
        defer { fixture.directory.remove() }
        let commit = fixture.commit
        let counter = fixture.counter
        let before = counter.commits.withLock { $0 }
        let results = try await fixture.withWriterHeld(submitted: 40) {
            await withTaskGroup(of: (Int, Int?).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let output = try? await commit.submit { db in
                            try db.execute(sql: "INSERT INTO items (name) VALUES (?)", arguments: ["item-\(index)"])
                            return index * 10
                        }
                        return (index, output)
                    }
                }
                var outputs: [Int: Int] = [:]
                for await (index, output) in group { outputs[index] = output }
                return outputs
            }
        }
        #expect(results.count == 40)
        for (index, output) in results { #expect(output == index * 10) }
        // The first write leads alone or with whoever arrived with it; every later one was waiting
        // when the writer came free and went into the next transaction.
        let transactions = counter.commits.withLock { $0 } - before
        #expect(transactions >= 1 && transactions <= 2, "40 writes in \(transactions) transactions")
        #expect(commit.unanswered == 0)
        let names = try await fixture.names()
        #expect(names == Set((0..<40).map { "item-\($0)" } + ["taken"]))
    }

    @Test func aBatchTakesAtMostItsMaximumAndTheRestFollow() async throws {
        let fixture = try await Fixture(maximumBatch: 8)
        defer { fixture.directory.remove() }
        let commit = fixture.commit
        let counter = fixture.counter
        let before = counter.commits.withLock { $0 }
        let outputs = try await fixture.withWriterHeld(submitted: 40) {
            await withTaskGroup(of: Int?.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try? await commit.submit { db in
                            try db.execute(sql: "INSERT INTO items (name) VALUES (?)", arguments: ["item-\(index)"])
                            return index
                        }
                    }
                }
                return await group.reduce(into: [Int]()) { if let output = $1 { $0.append(output) } }
            }
        }
        #expect(outputs.sorted() == Array(0..<40))
        // The first leader's batch (1 to 8 writes), then the other writes 8 at a time.
        let transactions = counter.commits.withLock { $0 } - before
        #expect(transactions >= 5 && transactions <= 6, "40 writes in \(transactions) transactions")
        #expect(commit.unanswered == 0)
        #expect(try await fixture.names().count == 41)
    }

    /// A store whose transaction answers for a different number of items than it was given gets
    /// an error for each item, never an answer that may be another's.
    @Test func aTransactionThatMiscountsItsOutputsFailsEveryItem() async throws {
        let shortChanged = GroupCommit<Int, Int> { items in Array(items.dropLast()) }
        await #expect(throws: GroupCommitError.self) { _ = try await shortChanged.submit(7) }
        let padded = GroupCommit<Int, Int> { items in items + [0] }
        await withTaskGroup(of: Void.self) { group in
            for item in 0..<5 {
                group.addTask { await #expect(throws: GroupCommitError.self) { _ = try await padded.submit(item) } }
            }
        }
        #expect(shortChanged.unanswered == 0 && padded.unanswered == 0)
    }

    @Test func aFailingWriteFailsAloneAndLeavesNothingOfItself() async throws {
        let fixture = try await Fixture()
        defer { fixture.directory.remove() }
        let commit = fixture.commit
        let results = try await fixture.withWriterHeld(submitted: 10) {
            await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let result: Result<Int, any Error>
                        do {
                            result = .success(
                                try await commit.submit { db in
                                    try db.execute(sql: "INSERT INTO items (name) VALUES (?)", arguments: ["item-\(index)"])
                                    if index == 6 {
                                        // Half done when it fails: its first row must not survive.
                                        try db.execute(sql: "INSERT INTO items (name) VALUES ('taken')")
                                    }
                                    return index
                                })
                        } catch {
                            result = .failure(error)
                        }
                        return (index, result)
                    }
                }
                var outcomes: [Int: Result<Int, any Error>] = [:]
                for await (index, result) in group { outcomes[index] = result }
                return outcomes
            }
        }
        #expect(results.count == 10)
        for (index, result) in results {
            switch result {
            case .success(let output):
                #expect(index != 6)
                #expect(output == index)
            case .failure(let error):
                #expect(index == 6)
                #expect((error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT)
            }
        }
        let names = try await fixture.names()
        #expect(names == Set((0..<10).filter { $0 != 6 }.map { "item-\($0)" } + ["taken"]))
    }
}
