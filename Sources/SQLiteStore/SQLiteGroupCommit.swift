import GRDB
import Logging
import Synchronization

/// Group commit for small independent writes that arrive together (webhook deliveries from many
/// connections): writes that come in while a transaction is committing wait and are committed
/// together in the next one.
///
/// **Guarantee.** ``write(_:)`` returns only after the transaction holding its work has committed,
/// so a caller that answers after it (a webhook's 200) never answers for something a crash can
/// lose. Each write is all or nothing, and its error is only its own: when a write of a batch
/// throws, the batch's transaction is rolled back and each of its writes is committed again in a
/// transaction of its own (the rare path; savepoints per write would cost every batch), so the
/// others still commit and the failing one throws to its own caller.
///
/// **How.** The caller that finds no batch being committed leads: it takes everything waiting and
/// commits it (`BEGIN IMMEDIATE`, busy retries as every other writer). When it is done it hands the
/// lead to the oldest write that arrived meanwhile, so each leader commits exactly one batch, the
/// one holding its own work, and nobody's answer waits for more than the batch ahead of it. The
/// commit runs in a task of its own, so a leader's cancellation never fails the others' writes.
final class SQLiteGroupCommit<Output: Sendable>: Sendable {
    typealias Work = @Sendable (Database) throws -> Output

    private struct Entry: Sendable {
        let work: Work
        let ticket: Ticket
    }

    private struct State {
        var waiting: [Entry] = []
        var leading = false
        var unanswered = 0
    }

    private let database: DatabasePool
    private let logger: Logger
    private let state = Mutex(State())

    /// Group commits into `database`.
    init(database: DatabasePool, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Runs `work` in the next batch's transaction and returns its output once that transaction
    /// has committed. `work` may run more than once (its batch rolled back for another write's
    /// error): it must only touch the database.
    func write(_ work: @escaping Work) async throws -> Output {
        let ticket = Ticket()
        let leads = state.withLock { state -> Bool in
            state.waiting.append(Entry(work: work, ticket: ticket))
            state.unanswered += 1
            if state.leading { return false }
            state.leading = true
            return true
        }
        if leads { await commitBatch() }
        while true {
            switch await ticket.next() {
            case .done(let result): return try result.get()
            case .lead: await commitBatch()
            }
        }
    }

    /// Writes submitted and not answered yet (tests wait on it).
    var unanswered: Int { state.withLock { $0.unanswered } }

    /// Commits everything waiting, hands the lead on, then answers the batch's callers.
    private func commitBatch() async {
        let batch = state.withLock { state -> [Entry] in
            defer { state.waiting = [] }
            return state.waiting
        }
        let results = await Task { await self.commit(batch) }.value
        let next = state.withLock { state -> Ticket? in
            state.unanswered -= batch.count
            guard let first = state.waiting.first else {
                state.leading = false
                return nil
            }
            return first.ticket
        }
        next?.post(.lead)
        for (entry, result) in zip(batch, results) { entry.ticket.post(.done(result)) }
    }

    /// The batch in one transaction; when any write of it fails, each write again in a
    /// transaction of its own, so one write's error is only its own.
    private func commit(_ batch: [Entry]) async -> [Result<Output, any Error>] {
        do {
            return try await SQLiteQueueStore.write(database, logger: logger) { db in
                try batch.map { entry in try entry.work(db) }
            }.map { .success($0) }
        } catch {
            if batch.count == 1 { return [.failure(error)] }
        }
        var results: [Result<Output, any Error>] = []
        for entry in batch {
            do {
                results.append(.success(try await SQLiteQueueStore.write(database, logger: logger, entry.work)))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// What a waiting caller is told: its result, or that it leads the next batch.
    private enum Message: Sendable {
        case done(Result<Output, any Error>)
        case lead
    }

    /// A caller's mailbox: messages are kept until the caller takes them.
    private final class Ticket: Sendable {
        private struct Box {
            var messages: [Message] = []
            var waiter: CheckedContinuation<Message, Never>?
        }

        private let box = Mutex(Box())

        func post(_ message: Message) {
            let waiter = box.withLock { box -> CheckedContinuation<Message, Never>? in
                guard let waiter = box.waiter else {
                    box.messages.append(message)
                    return nil
                }
                box.waiter = nil
                return waiter
            }
            waiter?.resume(returning: message)
        }

        func next() async -> Message {
            await withCheckedContinuation { continuation in
                let ready = box.withLock { box -> Message? in
                    if box.messages.isEmpty {
                        box.waiter = continuation
                        return nil
                    }
                    return box.messages.removeFirst()
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
