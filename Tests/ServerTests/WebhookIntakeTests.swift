import App
import Foundation
import JobQueue
import Pipeline
import SQLiteStore
import Testing
import Transfer

/// `POST /webhooks/ringcentral` under concurrent deliveries: every delivery answered 200 is
/// stored with its job (events of concurrent requests share transactions), and a duplicate
/// `uuid`, in flight at the same time or later, stores and enqueues nothing more.
@Suite("Webhook intake under load")
struct WebhookIntakeTests {
    static let verificationToken = "webhook-verification-token-0123456789"

    static func notification(uuid: String, session: String) -> String {
        """
        {"uuid":"\(uuid)","event":"/restapi/v1.0/account/~/extension/~/telephony/sessions","timestamp":"2026-01-01T00:00:00.000Z",\
        "subscriptionId":"s","ownerId":"1","body":{"sequence":3,"sessionId":"\(session)","telephonySessionId":"\(session)",\
        "parties":[{"id":"p","direction":"Inbound","status":{"code":"Disconnected","reason":"CallFinished"},\
        "recordings":[{"id":"r-\(session)","active":false}]}]}}
        """
    }

    @Test func concurrentDeliveriesAreAllStoredOnceWithTheirJobs() async throws {
        try await StreamFixture.with(calls: []) { f in
            // 120 distinct notifications, each delivered twice at the same time, plus 30 that share
            // a session (one job for the session, every event stored).
            var deliveries: [(uuid: String, session: String)] = []
            for index in 0..<120 { deliveries += Array(repeating: ("u-\(index)", "s-\(index)"), count: 2) }
            for index in 0..<30 { deliveries.append(("shared-\(index)", "s-shared")) }
            deliveries.shuffle()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for delivery in deliveries {
                    group.addTask {
                        var request = Transfer.HTTPRequest(
                            method: .post, url: f.base + "/webhooks/ringcentral",
                            headers: ["Verification-Token": Self.verificationToken, "Content-Type": "application/json"],
                            body: HTTPBody(bytes: Array(Self.notification(uuid: delivery.uuid, session: delivery.session).utf8)))
                        request.maximumResponseBodySize = 1024
                        return try await f.http.send(request).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == deliveries.count)
            #expect(statuses.allSatisfy { $0 == 200 })
            let jobs = try await f.app.queue.list(JobFilter(kind: FetchCallBySessionJob.kind, limit: 1_000))
            #expect(jobs.count == 121)
            #expect(Set(jobs.compactMap(\.idempotencyKey)).count == 121)
            // Every event is stored once.
            let database = try await SQLiteBackend.open(path: f.app.databaseLocation)
            let events = try await database.rows("webhook_events", orderBy: "id", excluding: ["body"])
            #expect(events.count == 150)
            #expect(Set(events.compactMap { $0["id"] }) == Set(deliveries.map(\.uuid)))
        }
    }
}
