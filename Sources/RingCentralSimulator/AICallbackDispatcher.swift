import Foundation
import ServiceLifecycle

/// Posts AI job results to their `webhook` once the configured delay has passed.
struct AICallbackDispatcher: Service {
    let simulator: RingCentralSimulator
    let jobs: AsyncStream<AIJobStore.Job>

    func run() async throws {
        await withDiscardingTaskGroup { group in
            for await job in self.jobs.cancelOnGracefulShutdown() {
                group.addTask {
                    let wait = job.readyTime.timeIntervalSinceNow
                    if wait > 0 {
                        try? await Task.sleep(for: .milliseconds(Int(wait * 1000) + 1))
                    }
                    guard !Task.isCancelled, let job = self.simulator.aiJobs.claimCallback(job.jobId) else { return }
                    let body = job.json(now: job.readyTime)
                    let outcome = await self.simulator.webhookClient.post(
                        job.webhook,
                        headers: ["Content-Type": "application/json", "RCRequestId": job.jobId],
                        body: body.serializedBytes(),
                        timeout: self.simulator.configuration.webhookDeliveryTimeout
                    )
                    self.simulator.countDelivery(failed: !(200..<300).contains(outcome.status ?? 0))
                }
            }
            group.cancelAll()
        }
    }
}
