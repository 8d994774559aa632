import Archive
import Essentials
import HTTPTypes
import Hummingbird
import Logging
import JobQueue
import Pipeline

/// The operations view's API: queue depth by kind and state with the dead jobs, rate-limit
/// budgets and pauses, the webhook subscription and the last call-log sync, one job, and retrying
/// a dead job (`GET /ops/queue`, `GET /ops/budgets`, `GET /ops/sync`, `GET /ops/jobs/{id}`,
/// `POST /ops/jobs/{id}/retry`), over the same queue inspection as `callvault jobs`.
struct OpsController: Sendable {
    let dependencies: ServerDependencies
    /// Whether `serve` keeps the webhook subscription alive (RingCentral, the public URL and the
    /// Verification-Token are all set).
    let subscriptionManaged: Bool

    func register(on group: RouterGroup<ServerContext>) {
        group.get("/ops/queue") { _, _ in try await queue() }
        group.get("/ops/budgets") { _, _ in try await budgets() }
        group.get("/ops/sync") { _, _ in try await sync() }
        group.get("/ops/jobs/:id") { _, context in
            guard let job = try await dependencies.queue.job(try Self.id(context)) else { throw APIError.notFound("no such job") }
            return try JSONResponse.make(JobSummary(job))
        }
        group.post("/ops/jobs/:id/retry") { _, context in try await retry(try Self.id(context)) }
    }

    static func id(_ context: ServerContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), text.count <= 18, let id = Int64(text), id >= 0 else {
            throw APIError.notFound("no such job")
        }
        return id
    }

    /// A job as the page shows it: no payload, failure text without the machine's paths.
    struct JobSummary: Encodable {
        var id: Int64
        var kind: String
        var state: String
        var attempt: Int
        var maxAttempts: Int
        var idempotencyKey: String?
        var lastError: String?
        var runAt: String
        var createdAt: String
        var updatedAt: String
        var finishedAt: String?

        init(_ job: JobRecord) {
            id = job.id
            kind = job.kind
            state = job.state.rawValue
            attempt = job.attempt
            maxAttempts = job.maxAttempts
            idempotencyKey = job.idempotencyKey
            lastError = job.lastError.map(PathScrubber.scrub)
            runAt = Millis.iso8601(job.runAt)
            createdAt = Millis.iso8601(job.createdAt)
            updatedAt = Millis.iso8601(job.updatedAt)
            finishedAt = job.finishedAt.map(Millis.iso8601)
        }
    }

    func queue() async throws -> Response {
        struct Body: Encodable {
            var kinds: [JobStats.KindCounts]
            var totals: [String: Int]
            var oldestRunnableAgeMillis: Int64?
            var dead: [JobSummary]
        }
        let stats = try await dependencies.queue.stats()
        let dead = try await dependencies.queue.list(JobFilter(state: .dead, limit: 50))
        return try JSONResponse.make(
            Body(kinds: stats.kinds, totals: stats.totals, oldestRunnableAgeMillis: stats.oldestRunnableAgeMillis, dead: dead.map(JobSummary.init)))
    }

    func budgets() async throws -> Response {
        struct Budget: Encodable {
            var key: String
            var limit: Int
            var windowSeconds: Double
            var available: Int
            var nextTokenAt: String
            var pausedUntil: String?
        }
        struct Body: Encodable { var budgets: [Budget] }
        let stats = try await dependencies.queue.stats()
        return try JSONResponse.make(
            Body(
                budgets: stats.rateLimits.map {
                    Budget(
                        key: $0.key, limit: $0.limit, windowSeconds: Double($0.windowMillis) / 1000, available: $0.available,
                        nextTokenAt: Millis.iso8601($0.nextTokenAt), pausedUntil: $0.pausedUntil.map(Millis.iso8601))
                }))
    }

    func sync() async throws -> Response {
        struct Subscription: Encodable {
            var managed: Bool
            var id: String?
        }
        struct LastSync: Encodable {
            var windowEnd: String?
            var lastJob: JobSummary?
        }
        struct Body: Encodable {
            var ringCentralConfigured: Bool
            var subscription: Subscription
            var lastSync: LastSync
        }
        let subscriptionId = try await dependencies.events?.state(SubscriptionKeeper.stateKey)
        let windowEnd = try await dependencies.catalog.watermark(SyncCallLogJob.watermark)
        let lastJob = try await dependencies.queue.list(JobFilter(kind: SyncCallLogJob.kind, limit: 1)).first
        return try JSONResponse.make(
            Body(
                ringCentralConfigured: dependencies.pipeline != nil, subscription: Subscription(managed: subscriptionManaged, id: subscriptionId),
                lastSync: LastSync(windowEnd: windowEnd.map(Millis.iso8601), lastJob: lastJob.map(JobSummary.init))))
    }

    func retry(_ id: Int64) async throws -> Response {
        do {
            try await dependencies.queue.retry(id)
        } catch let error as JobQueueError where error.code == .notFound {
            throw APIError.notFound("no such job")
        } catch let error as JobQueueError where error.code == .invalidState {
            throw APIError(.conflict, "invalid-state", error.message)
        }
        guard let job = try await dependencies.queue.job(id) else { throw APIError.notFound("no such job") }
        dependencies.logger.notice("job retried from the page", metadata: ["job": "\(id)", "kind": "\(job.kind)"])
        return try JSONResponse.make(JobSummary(job))
    }
}
