import Synchronization

/// Group commit for small independent writes that arrive together (webhook deliveries from many
/// connections): items submitted while a transaction is committing wait, and are committed
/// together in the next one.
///
/// The store supplies the transaction: a function that writes a batch of items in one
/// transaction and returns one output per item, in order. It may write the batch with one
/// statement (a multi-row `INSERT`) or item by item; it must only touch its database, because it
/// may be called again with part of a batch.
///
/// **Guarantee.** ``submit(_:)`` returns only after the transaction holding its item has
/// committed, so a caller that answers after it (a webhook's 200) never answers for something a
/// crash can lose. Each item is all or nothing, and its error is only its own: when the
/// transaction of a batch throws, each of its items is committed again in a transaction of its own
/// (the rare path; savepoints per item would cost every batch), so the others still commit and the
/// failing one throws to its own caller.
///
/// **How.** The caller that finds no batch being committed leads: it takes the oldest items
/// waiting, at most `maximumBatch` of them so that one statement never grows without bound, and
/// commits them. When it is done it hands the lead to the oldest item still waiting, so each
/// leader commits exactly one batch, the one holding its own item, and items are committed in the
/// order they arrived. The commit runs in a task of its own, so a leader's cancellation never
/// fails the others' writes.
public final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    /// Writes `items` in one transaction; one output per item, in the items' order.
    public typealias Transaction = @Sendable (_ items: [Item]) async throws -> [Output]

    private struct Entry: Sendable {
        let item: Item
        let ticket: Ticket
    }

    private struct State {
        var waiting: [Entry] = []
        var leading = false
        var unanswered = 0
    }

    private let transaction: Transaction
    private let maximumBatch: Int
    private let state = Mutex(State())

    /// Group commits through `transaction`, at most `maximumBatch` items at a time.
    public init(maximumBatch: Int = 256, _ transaction: @escaping Transaction) {
        precondition(maximumBatch > 0, "a batch holds at least one item")
        self.transaction = transaction
        self.maximumBatch = maximumBatch
    }

    /// Commits `item` in the next batch's transaction and returns its output once that
    /// transaction has committed.
    public func submit(_ item: Item) async throws -> Output {
        let ticket = Ticket()
        let leads = state.withLock { state -> Bool in
            state.waiting.append(Entry(item: item, ticket: ticket))
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

    /// Items submitted and not answered yet (tests wait on it).
    public var unanswered: Int { state.withLock { $0.unanswered } }

    /// Commits the oldest waiting items, hands the lead on, then answers the batch's callers.
    private func commitBatch() async {
        let batch = state.withLock { state -> [Entry] in
            let count = min(state.waiting.count, maximumBatch)
            defer { state.waiting.removeFirst(count) }
            return Array(state.waiting.prefix(count))
        }
        let results = await Task { await self.commit(batch.map(\.item)) }.value
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

    /// The batch in one transaction; when it fails, each item again in a transaction of its own,
    /// so one item's error is only its own.
    private func commit(_ items: [Item]) async -> [Result<Output, any Error>] {
        do {
            return try await run(items).map { .success($0) }
        } catch {
            if items.count == 1 { return [.failure(error)] }
        }
        var results: [Result<Output, any Error>] = []
        for item in items {
            do {
                results.append(.success(try await run([item])[0]))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// The store's transaction over `items`, held to one output per item.
    private func run(_ items: [Item]) async throws -> [Output] {
        let outputs = try await transaction(items)
        guard outputs.count == items.count else { throw GroupCommitError(expected: items.count, returned: outputs.count) }
        return outputs
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
