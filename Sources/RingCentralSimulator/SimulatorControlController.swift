import Foundation
import Hummingbird

/// Simulator-only endpoints under `/_sim` (not RingCentral API; unthrottled, no auth).
struct SimulatorControlController: Sendable {
    let router: SimulatorRouter

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.get("/_sim/stats") { _, _ in
            SimulatorRouter.json(self.router.simulator.stats().json)
        }
        router.post("/_sim/faults") { request, _ in
            let text = try await FormBody.collectString(request)
            guard let body = try? JSONValue.parse(Data(text.utf8)), let fault = Self.fault(from: body) else {
                return SimulatorError.invalidParameter("kind").response()
            }
            self.router.simulator.inject(fault)
            return SimulatorRouter.json(["pending": .int(self.router.simulator.pendingFaultCount)])
        }
        router.delete("/_sim/faults") { _, _ in
            self.router.simulator.clearFaults()
            return Response(status: .noContent)
        }
        router.post("/_sim/calls/:callId/events") { _, context in
            let deliveries = await self.router.simulator.emitTelephonySessionEvents(callId: context.parameters.get("callId") ?? "")
            return SimulatorRouter.json(["deliveries": .array(deliveries.map { ["subscriptionId": .string($0.subscriptionId), "status": $0.status.map { .int($0) } ?? .null] })])
        }
        router.post("/_sim/recordings/:recordingId/insights-event") { _, context in
            let deliveries = await self.router.simulator.emitRingSenseInsightsEvent(recordingId: context.parameters.get("recordingId") ?? "")
            return SimulatorRouter.json(["deliveries": .array(deliveries.map { ["subscriptionId": .string($0.subscriptionId), "status": $0.status.map { .int($0) } ?? .null] })])
        }
    }

    /// Decodes `{"kind": …, "target": …, "recordingId": …, "count": …}` plus the kind's parameter
    /// (`status`, `retryAfter`, `fraction`, `afterBytes` or `bytesPerSecond`).
    static func fault(from body: JSONValue) -> SimulatorFault? {
        let kind: SimulatorFault.Kind
        switch body["kind"]?.stringValue {
        case "serverError": kind = .serverError(body["status"]?.intValue ?? 503)
        case "serviceUnavailable": kind = .serviceUnavailable(retryAfter: body["retryAfter"]?.intValue ?? 5)
        case "rateLimited": kind = .rateLimited
        case "rateLimitWithoutRetryAfter": kind = .rateLimitWithoutRetryAfter
        case "okWithRateLimitBody": kind = .okWithRateLimitBody
        case "htmlErrorPageAsAudio": kind = .htmlErrorPageAsAudio
        case "truncatedBody":
            var fraction = 0.5
            if case .double(let value)? = body["fraction"] { fraction = value }
            kind = .truncatedBody(fraction: fraction)
        case "connectionReset": kind = .connectionReset(afterBytes: body["afterBytes"]?.intValue ?? 0)
        case "slowBody": kind = .slowBody(bytesPerSecond: body["bytesPerSecond"]?.intValue ?? 8000)
        case "expiredToken": kind = .expiredToken
        case "notFound": kind = .notFound
        default: return nil
        }
        let target = body["target"]?.stringValue.flatMap(SimulatorFault.Target.init(rawValue:)) ?? .any
        return SimulatorFault(kind, target: target, recordingId: body["recordingId"]?.stringValue, count: body["count"]?.intValue ?? 1)
    }
}
