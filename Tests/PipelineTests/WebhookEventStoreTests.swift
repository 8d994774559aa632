import Essentials
import Foundation
import JobQueue
import Pipeline
import TestSupport
import Testing

/// The webhook event store on every back end: deliveries that arrive while the table is locked
/// are committed together once it is free, and each is still answered for itself (its event new
/// or a duplicate, its jobs enqueued once, its body kept byte for byte).
@Suite("Webhook event store")
struct WebhookEventStoreTests {
    static let kind = "fetch-call-by-session"

    /// A delivery of event `index`: a body holding every byte value, and a job for events with
    /// an even index below 40; events 40 and up share one job, as events of one call do.
    static func delivery(_ index: Int, at millis: Int64) -> (event: WebhookEvent, jobs: [JobRequest]) {
        let body = Array("event-\(index):".utf8) + (0...255).map { UInt8($0) }
        let key = index < 40 ? "event:\(index)" : "event:shared"
        let jobs = index.isMultiple(of: 2) || index >= 40 ? [JobRequest(kind: kind, payload: #"{"index":\#(index)}"#, idempotencyKey: key)] : []
        return (WebhookEvent(id: "uuid-\(index)", kind: .telephony, receivedAtMillis: millis + Int64(index), body: body), jobs)
    }

    @Test(arguments: BackendKind.all)
    func deliveriesHeldBackTogetherCommitTogetherEachAnsweredForItself(_ kind: BackendKind) async throws {
        let backend = try await TestBackend.make(kind)
        let store = backend.webhookEvents
        let now = backend.clock.nowMillis()
        // 45 events; the first 15 are delivered twice, at the same time.
        let deliveries = (0..<45).map { Self.delivery($0, at: now) } + (0..<15).map { Self.delivery($0, at: now) }
        let answers = try await backend.holdingWrites(to: "webhook_events") {
            let answers = Task {
                try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                    for delivery in deliveries {
                        group.addTask { (delivery.event.id, try await store.recordEvent(delivery.event, jobs: delivery.jobs)) }
                    }
                    return try await group.reduce(into: [String: [Bool]]()) { $0[$1.0, default: []].append($1.1) }
                }
            }
            // Every delivery waits on the lock: the leader inside its transaction, the rest for the
            // next batch.
            let waiting = try await eventually { backend.webhookDeliveriesWaiting == deliveries.count }
            #expect(waiting, "\(backend.webhookDeliveriesWaiting) of \(deliveries.count) deliveries were waiting")
            return answers
        }.value
        #expect(backend.webhookDeliveriesWaiting == 0)
        #expect(answers.count == 45)
        for index in 0..<45 {
            // Of two deliveries of one event, exactly one stored it.
            let answered = answers["uuid-\(index)"] ?? []
            #expect(answered.count == (index < 15 ? 2 : 1) && answered.filter { $0 }.count == 1, "event \(index): \(answered)")
            let stored = try await store.event("uuid-\(index)")
            #expect(stored == Self.delivery(index, at: now).event, "event \(index) is kept as received")
        }
        let jobs = try await backend.queue().list(JobFilter(kind: Self.kind, limit: 100))
        #expect(jobs.count == 21)
        #expect(Set(jobs.compactMap(\.idempotencyKey)) == Set((0..<40).filter { $0.isMultiple(of: 2) }.map { "event:\($0)" } + ["event:shared"]))
        await backend.close()
    }

    /// A delivery whose jobs PostgreSQL refuses (a `max_attempts` beyond its `INTEGER`) fails alone
    /// when it shares a batch: its event is not kept, and every other delivery of the batch is.
    @Test(.enabled(if: BackendKind.postgresURL != nil))
    func aFailingDeliveryFailsAloneOnPostgreSQL() async throws {
        let backend = try await TestBackend.make(.postgres)
        let store = backend.webhookEvents
        let now = backend.clock.nowMillis()
        var refused = (0..<10).map { Self.delivery($0, at: now) }
        refused[4].jobs = [JobRequest(kind: Self.kind, idempotencyKey: "event:4", maxAttempts: Int(Int32.max) + 1)]
        let deliveries = refused
        let outcomes = try await backend.holdingWrites(to: "webhook_events") {
            let outcomes = Task {
                await withTaskGroup(of: (Int, Bool?).self) { group in
                    for (index, delivery) in deliveries.enumerated() {
                        group.addTask { (index, try? await store.recordEvent(delivery.event, jobs: delivery.jobs)) }
                    }
                    return await group.reduce(into: [Int: Bool?]()) { $0[$1.0] = $1.1 }
                }
            }
            let waiting = try await eventually { backend.webhookDeliveriesWaiting == deliveries.count }
            #expect(waiting)
            return outcomes
        }.value
        for index in 0..<10 {
            #expect(outcomes[index] == (index == 4 ? .some(nil) : .some(true)), "delivery \(index)")
            let stored = try await store.event("uuid-\(index)")
            #expect((stored == nil) == (index == 4), "event \(index)")
        }
        let jobs = try await backend.queue().list(JobFilter(kind: Self.kind, limit: 100))
        #expect(Set(jobs.compactMap(\.idempotencyKey)) == ["event:0", "event:2", "event:6", "event:8"])
        await backend.close()
    }
}
