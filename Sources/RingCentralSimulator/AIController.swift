import Essentials
import Foundation
import Hummingbird

/// The (deprecated) async AI API: `POST /ai/audio/v1/async/speech-to-text`,
/// `POST /ai/insights/v1/async/analyze-interaction` and `GET /ai/status/v1/jobs/{jobId}`; Heavy, app permission `AI`.
///
/// A submission is validated at once (`400` with a `CaiErrorResponse` for a missing `webhook`, a missing or
/// non-enumerated `encoding`, a non-English `languageCode`, …), then answered `202 {"jobId"}`. The media is fetched
/// like RingCentral does (``MediaFetcher``); a failed fetch or media whose real format is not the declared `encoding`
/// (known only after the download, so not a 400) makes the job end `Fail` with a `CaiErrorResponse`. The job stays
/// `InProgress` for ``SimulatorConfiguration/aiJobDelay`` on the simulator's clock, then its result is posted once to
/// the `webhook` and served by the status endpoint until it expires a week later.
struct AIController: Sendable {
    let router: SimulatorRouter
    var simulator: RingCentralSimulator { self.router.simulator }

    static let encodings: Set<String> = ["Mpeg", "Mp4", "Wav", "Webm", "Webp", "Aac", "Avi", "Ogg"]
    static let audioTypes: Set<String> = ["CallCenter", "Meeting", "EarningsCalls", "Interview", "PressConference", "Voicemail"]

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        for (path, kind) in [("/ai/insights/v1/async/analyze-interaction", "interaction"), ("/ai/audio/v1/async/speech-to-text", "stt")] {
            router.post(RouterPath(path)) { request, _ in
                let spec = RouteSpec(name: "ai.\(kind)", group: .heavy, authentication: .bearer, target: .ai, permission: "AI")
                return await self.router.respond(request, spec) { _ in
                    try await self.submit(request, api: path, speechToText: kind == "stt")
                }
            }
        }
        router.get("/ai/status/v1/jobs/:jobId") { request, context in
            let spec = RouteSpec(name: "ai.status", group: .heavy, authentication: .bearer, target: .ai, permission: "AI")
            return await self.router.respond(request, spec) { _ in
                let now = self.simulator.now
                let id = context.parameters.get("jobId") ?? ""
                guard let job = self.simulator.aiJobs.get(id, now: now) else {
                    throw SimulatorError.cai(.notFound, .unknownJob, message: "Job [\(id)] is not found", parameterName: "jobId")
                }
                return SimulatorRouter.json(job.json(now: now))
            }
        }
    }

    private func submit(_ request: Request, api: String, speechToText: Bool) async throws -> Response {
        guard let webhook = request.uri.queryParameters.get("webhook"), !webhook.isEmpty else {
            throw SimulatorError.cai(.badRequest, .webhook, message: "Parameter [webhook] is required", parameterName: "webhook")
        }
        let text = try await FormBody.collectString(request)
        guard let body = try? JSONValue.parse(Data(text.utf8)), case .object = body else {
            throw SimulatorError.cai(.badRequest, .body, message: "Request body is not a JSON object")
        }
        guard let contentUri = body["contentUri"]?.stringValue, !contentUri.isEmpty else {
            throw SimulatorError.cai(.badRequest, .contentUri, message: "Parameter [contentUri] is required", parameterName: "contentUri")
        }
        guard let encoding = body["encoding"]?.stringValue else {
            throw SimulatorError.cai(.badRequest, .encoding, message: "Parameter [encoding] is required", parameterName: "encoding")
        }
        guard Self.encodings.contains(encoding) else {
            throw SimulatorError.cai(.badRequest, .encoding, message: "Parameter [encoding] value is invalid", parameterName: "encoding")
        }
        guard let language = body["languageCode"]?.stringValue else {
            throw SimulatorError.cai(.badRequest, .languageCode, message: "Parameter [languageCode] is required", parameterName: "languageCode")
        }
        guard language.lowercased().hasPrefix("en") else {
            throw SimulatorError.cai(.badRequest, .languageCode, message: "Language [\(language)] is not supported", parameterName: "languageCode")
        }
        if let audioType = body["audioType"]?.stringValue, !Self.audioTypes.contains(audioType) {
            throw SimulatorError.cai(.badRequest, .audioType, message: "Parameter [audioType] value is invalid", parameterName: "audioType")
        }
        var insights: Set<String> = []
        if !speechToText, let requested = body["insights"]?.arrayValue {
            let names = requested.compactMap(\.stringValue)
            guard names.count == requested.count, names.allSatisfy({ $0 == "All" || InsightsGenerator.interactionInsights.contains($0) }) else {
                throw SimulatorError.cai(.badRequest, .insights, message: "Parameter [insights] value is invalid", parameterName: "insights")
            }
            insights = Set(names)
        }
        let diarization: Bool
        if case .bool(let value)? = body["enableSpeakerDiarization"] { diarization = value } else { diarization = false }

        let (status, response) = await self.process(
            contentUri: contentUri, encoding: encoding, speechToText: speechToText, diarization: diarization, insights: insights
        )
        let now = self.simulator.now
        let readyTime = now.addingTimeInterval(self.simulator.configuration.aiJobDelay)
        let job = AIJobStore.Job(
            jobId: UUID().uuidString.lowercased(), api: api, creationTime: now,
            readyTime: readyTime, webhook: webhook, status: status, response: response
        )
        self.simulator.aiJobs.add(job)
        self.simulator.scheduler.schedule(at: job.readyTime) { [simulator = self.simulator] in
            await simulator.sendAICallback(jobId: job.jobId)
        }
        return SimulatorRouter.json(["jobId": .string(job.jobId)], status: .accepted)
    }

    /// Fetches the media and computes the job's final status and response.
    private func process(
        contentUri: String, encoding: String, speechToText: Bool, diarization: Bool, insights: Set<String>
    ) async -> (String, JSONValue) {
        let fetched = await MediaFetcher(simulator: self.simulator).fetch(contentUri)
        guard case .fetched(let bytes, let knownCall, let knownRecording) = fetched else {
            if case .failed(let reason) = fetched {
                return ("Fail", AIErrorCode.mediaFetch.body(message: reason, parameterName: "contentUri"))
            }
            return ("Fail", AIErrorCode.mediaFetch.body(message: "Media download failed", parameterName: "contentUri"))
        }
        if let id = knownRecording?.id, self.simulator.configuration.aiUnprocessableRecordingIds.contains(id) {
            return ("Fail", AIErrorCode.mediaEncoding.body(message: "The media could not be processed", parameterName: "contentUri"))
        }
        let actual = AudioSniffer.encoding(of: bytes)
        guard actual == encoding else {
            let found = actual.map { "the media is \($0)" } ?? "the media is not in a supported format"
            return ("Fail", AIErrorCode.mediaEncoding.body(message: "Encoding [\(encoding)] does not match the media: \(found)", parameterName: "encoding"))
        }
        let call = knownCall ?? SimulatedCall(id: "external", startTime: self.simulator.now, durationMs: 0)
        let recording = knownRecording
            ?? SimulatedRecording(id: contentUri, durationSeconds: AudioSniffer.wavDurationSeconds(bytes) ?? 60)
        let transcript = self.simulator.recordingTranscript(call: call, recording: recording)
        let generator = self.simulator.insightsGenerator
        let response = speechToText
            ? generator.transcription(transcript.utterances, diarization: diarization)
            : generator.interaction(transcript.utterances, scenario: transcript.scenario, insights: insights)
        return ("Success", response)
    }
}
