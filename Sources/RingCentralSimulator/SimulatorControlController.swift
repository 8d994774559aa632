import Hummingbird

/// Simulator-only endpoints under `/_sim` (not RingCentral API; unthrottled, no auth).
struct SimulatorControlController: Sendable {
    let router: SimulatorRouter

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/_sim/stats") { _, _ in
            SimulatorRouter.json(self.router.simulator.stats().json)
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
}
