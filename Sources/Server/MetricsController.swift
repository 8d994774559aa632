import Hummingbird
import JobQueue
import Metrics
import NIOCore
import Prometheus
import Synchronization

/// `GET /metrics`: Prometheus text from swift-metrics through swift-prometheus: HTTP requests by
/// route and status (Hummingbird's metrics middleware), job outcomes and durations, webhook
/// events by outcome, bytes streamed, and, sampled at each scrape, queue depth by kind and state
/// and each rate-limit key's tokens and pause.
struct MetricsController: Sendable {
    let dependencies: ServerDependencies
    let registry: PrometheusCollectorRegistry

    func register(on group: RouterGroup<ServerContext>) {
        group.get("/metrics") { _, _ in try await self.scrape() }
    }

    func scrape() async throws -> Response {
        let stats = try await dependencies.queue.stats()
        for kind in stats.kinds {
            for state in JobState.allCases {
                Gauge(label: "callvault_jobs", dimensions: [("kind", kind.kind), ("state", state.rawValue)])
                    .record(kind.states[state.rawValue] ?? 0)
            }
        }
        for limit in stats.rateLimits {
            Gauge(label: "callvault_rate_limit_tokens", dimensions: [("key", limit.key)]).record(limit.available)
            Gauge(label: "callvault_rate_limit_paused", dimensions: [("key", limit.key)]).record(limit.pausedUntil == nil ? 0 : 1)
        }
        let text = registry.emitToBuffer()
        var headers: HTTPFields = [.contentType: "text/plain; version=0.0.4; charset=utf-8"]
        headers[.contentLength] = String(text.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }

    /// The process's registry, installed as swift-metrics' backend once.
    static let sharedRegistry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
