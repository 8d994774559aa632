import Foundation
import Hummingbird
import Synchronization

/// The (deprecated) AI async API and RingSense insights.
struct AIController: Sendable {
    let router: SimulatorRouter
    var simulator: RingCentralSimulator { self.router.simulator }

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        for (path, kind) in [("/ai/insights/v1/async/analyze-interaction", "interaction"), ("/ai/audio/v1/async/speech-to-text", "stt")] {
            router.post(RouterPath(path)) { request, _ in
                await self.router.respond(request, RouteSpec(name: "ai.\(kind)", group: .heavy, authentication: .bearer, target: .ai)) { _ in
                    try await self.submit(request, api: path, kind: kind)
                }
            }
        }
        router.get("/ai/status/v1/jobs/:jobId") { request, context in
            await self.router.respond(request, RouteSpec(name: "ai.status", group: .heavy, authentication: .bearer, target: .ai)) { _ in
                guard let job = self.simulator.aiJobs.get(context.parameters.get("jobId") ?? "") else {
                    throw SimulatorError.notFound(parameter: "jobId")
                }
                return SimulatorRouter.json(job.json())
            }
        }
        router.get("/ai/ringsense/v1/public/accounts/:accountId/domains/:domain/records/:recordingId/insights") { request, context in
            let recordingId = context.parameters.get("recordingId")
            let spec = RouteSpec(name: "ringsense.record", group: .light, authentication: .bearer, target: .ringSense)
            return await self.router.respond(request, spec, recordingId: recordingId) { _ in
                try self.router.checkAccount(context.parameters.get("accountId"))
                guard context.parameters.get("domain") == "pbx" else { throw SimulatorError.invalidParameter("domain") }
                guard let recordingId, let found = self.simulator.recording(id: recordingId) else {
                    throw SimulatorError.notFound(parameter: "sourceRecordId")
                }
                if self.simulator.ringSenseStillProcessing(recordingId: recordingId) {
                    throw SimulatorError.notFound(parameter: "sourceRecordId")
                }
                var types: Set<String>?
                if let value = request.uri.queryParameters.get("insightTypes"), !value.isEmpty {
                    let list = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    let known: Set<String> = ["NextSteps", "Transcript", "Summary", "Highlights", "BulletedSummary", "AIScore", "CallNotes", "Sentiment"]
                    guard list.allSatisfy({ known.contains($0) }) else { throw SimulatorError.invalidParameter("insightTypes") }
                    types = Set(list)
                }
                let generator = InsightsGenerator(accountId: self.simulator.configuration.accountId, extensionId: self.simulator.configuration.extensionId)
                return SimulatorRouter.json(generator.recordingInsights(call: found.call, recording: found.recording, types: types))
            }
        }
    }

    private func submit(_ request: Request, api: String, kind: String) async throws -> Response {
        guard let webhook = request.uri.queryParameters.get("webhook"), !webhook.isEmpty else {
            throw SimulatorError(status: .badRequest, body: ["errors": [["errorCode": "CAI-101", "message": "Parameter [webhook] is required", "parameterName": "webhook"]]])
        }
        let text = try await FormBody.collectString(request)
        guard let body = try? JSONValue.parse(Data(text.utf8)), let contentUri = body["contentUri"]?.stringValue else {
            throw SimulatorError(status: .badRequest, body: ["errors": [["errorCode": "CAI-102", "message": "Parameter [contentUri] is required", "parameterName": "contentUri"]]])
        }
        guard body["encoding"]?.stringValue != nil else {
            throw SimulatorError(status: .badRequest, body: ["errors": [["errorCode": "CAI-103", "message": "Parameter [encoding] is required", "parameterName": "encoding"]]])
        }
        guard body["languageCode"]?.stringValue != nil else {
            throw SimulatorError(status: .badRequest, body: ["errors": [["errorCode": "CAI-104", "message": "Parameter [languageCode] is required", "parameterName": "languageCode"]]])
        }
        // Derive the recording (and its length) from a simulator contentUri when possible.
        var recordingId = contentUri
        var duration = 60
        if let range = contentUri.range(of: "/recording/") {
            let tail = contentUri[range.upperBound...]
            let id = String(tail.prefix { $0 != "/" && $0 != "?" })
            if let found = self.simulator.recording(id: id) {
                recordingId = id
                duration = found.recording.durationSeconds
            }
        }
        let generator = InsightsGenerator(accountId: self.simulator.configuration.accountId, extensionId: self.simulator.configuration.extensionId)
        let response = kind == "stt"
            ? generator.transcription(recordingId: recordingId, durationSeconds: duration)
            : generator.interaction(recordingId: recordingId, durationSeconds: duration)
        let now = Date()
        let job = AIJobStore.Job(
            jobId: UUID().uuidString.lowercased(), api: api, creationTime: now,
            readyTime: now.addingTimeInterval(self.simulator.configuration.aiJobDelay), webhook: webhook, response: response
        )
        self.simulator.aiJobs.add(job)
        _ = self.simulator.aiCompletions.withLock { $0?.yield(job) }
        return SimulatorRouter.json(["jobId": .string(job.jobId)], status: .accepted)
    }
}
