import Foundation
import RingCentralSimulator
import Testing

struct AITests {
    @Test func asyncJobLifecycleAndWebhookCallback() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 1, durationSeconds: 40)
        configuration.aiJobDelay = 600
        configuration.rateLimitingEnabled = false
        let fixed = configuration
        try await withSubscriber { address, log in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                let contentUri = sim.endpoints.mediaBaseURL + "/restapi/v1.0/account/\(sim.configuration.accountId)/recording/5000/content?access_token=\(token)"
                let submit = try await sim.send(
                    "/ai/insights/v1/async/analyze-interaction?webhook=\(address)", method: "POST", token: token,
                    json: ["contentUri": .string(contentUri), "encoding": "Wav", "languageCode": "en-US", "source": "RingCentral", "audioType": "CallCenter", "insights": ["All"]]
                )
                #expect(submit.status == 202)
                #expect(submit.header("X-Rate-Limit-Group") == "heavy")
                let jobId = try #require(submit.json["jobId"]?.stringValue)

                let first = try await sim.get("/ai/status/v1/jobs/\(jobId)", token: token)
                #expect(first.json["status"]?.stringValue == "InProgress")
                #expect(first.json["api"]?.stringValue == "/ai/insights/v1/async/analyze-interaction")

                sim.simulator.completeAIJobs()
                let done = try await eventually {
                    try await sim.get("/ai/status/v1/jobs/\(jobId)", token: token).json["status"]?.stringValue == "Success"
                }
                #expect(done)
                let final = try await sim.get("/ai/status/v1/jobs/\(jobId)", token: token).json
                let response = try #require(final["response"])
                let utterances = try #require(response["utteranceInsights"]?.arrayValue)
                #expect(!utterances.isEmpty)
                for utterance in utterances {
                    guard let end = utterance["end"]?.doubleValue else { Issue.record("end missing"); continue }
                    #expect(end <= 40)
                }
                #expect(response["speakerInsights"]?["speakerCount"]?.intValue == 2)
                #expect(response["conversationalInsights"]?.arrayValue?.isEmpty == false)
                #expect(final["completionTime"] != nil)

                #expect(try await eventually { !log.deliveries.isEmpty })
                let callback = try #require(log.deliveries.first?.body)
                #expect(callback["jobId"]?.stringValue == jobId)
                #expect(callback["status"]?.stringValue == "Success")
                #expect(callback["response"]?["utteranceInsights"]?.arrayValue?.count == utterances.count)

                let statusAgain = try await sim.get("/ai/status/v1/jobs/\(jobId)", token: token)
                #expect(statusAgain.json["status"]?.stringValue == "Success")
                try await Task.sleep(for: .milliseconds(200))
                #expect(log.deliveries.count == 1)

                let unknown = try await sim.get("/ai/status/v1/jobs/00000000-0000-0000-0000-000000000000", token: token)
                #expect(unknown.status == 404)

                let noWebhook = try await sim.send("/ai/audio/v1/async/speech-to-text", method: "POST", token: token, json: ["contentUri": "x", "encoding": "Wav", "languageCode": "en-US"])
                #expect(noWebhook.status == 400)
            }
        }
    }

    @Test func ringSenseInsights() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 1, durationSeconds: 90)
        configuration.ringSenseNotReadyPolls = 2
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let path = "/ai/ringsense/v1/public/accounts/~/domains/pbx/records/5000/insights?insightTypes=Transcript,Summary"
            #expect(try await sim.get(path, token: token).status == 404)
            #expect(try await sim.get(path, token: token).status == 404)
            let result = try await sim.get(path, token: token)
            #expect(result.status == 200)
            #expect(result.header("X-Rate-Limit-Group") == "light")
            let body = result.json
            #expect(body["domain"]?.stringValue == "pbx")
            #expect(body["sourceRecordId"]?.stringValue == "5000")
            #expect(body["recordingDurationMs"]?.intValue == 90_000)
            #expect(body["speakerInfo"]?.arrayValue?.count == 2)
            guard case .object(let members)? = body["insights"] else { Issue.record("no insights"); return }
            #expect(Set(members.map(\.key)) == ["Transcript", "Summary"])
            let transcript = try #require(body["insights"]?["Transcript"]?.arrayValue)
            #expect(transcript.count > 3)
            for turn in transcript {
                guard let start = turn["start"]?.doubleValue, let end = turn["end"]?.doubleValue else { Issue.record("times"); continue }
                #expect(start >= 0 && start < end && end <= 90)
            }
            let all = try await sim.get("/ai/ringsense/v1/public/accounts/~/domains/pbx/records/5000/insights", token: token)
            #expect(all.json["insights"]?["Sentiment"] != nil)
            #expect(all.json["insights"]?["NextSteps"] != nil)
            #expect(try await sim.get("/ai/ringsense/v1/public/accounts/~/domains/pbx/records/999/insights", token: token).status == 404)
        }
    }

    @Test func jobsCompleteByThemselvesAfterTheConfiguredDelay() async throws {
        var configuration = SimulatorConfiguration()
        configuration.calls = fixedCalls(count: 1, durationSeconds: 10)
        configuration.aiJobDelay = 0.2
        configuration.rateLimitingEnabled = false
        let fixed = configuration
        try await withSubscriber { address, log in
            try await withSimulator(fixed) { sim in
                let token = try await sim.accessToken()
                let submit = try await sim.send(
                    "/ai/audio/v1/async/speech-to-text?webhook=\(address)", method: "POST", token: token,
                    json: ["contentUri": "https://example.invalid/recording/5000/content", "encoding": "Mpeg", "languageCode": "en-US", "enableSpeakerDiarization": true]
                )
                #expect(submit.status == 202)
                let jobId = try #require(submit.json["jobId"]?.stringValue)
                #expect(try await eventually {
                    try await sim.get("/ai/status/v1/jobs/\(jobId)", token: token).json["status"]?.stringValue == "Success"
                })
                let status = try await sim.get("/ai/status/v1/jobs/\(jobId)", token: token).json
                #expect(status["response"]?["transcript"]?.stringValue?.isEmpty == false)
                #expect(status["response"]?["words"]?.arrayValue?.isEmpty == false)
                #expect(try await eventually { log.deliveries.count == 1 })
                #expect(log.deliveries.first?.body["api"]?.stringValue == "/ai/audio/v1/async/speech-to-text")
            }
        }
    }

    @Test func generatedRecordingsHaveConsistentInsightsAndAudio() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimitingEnabled = false
        configuration.generator.callCount = 40
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let recordings = sim.simulator.calls.flatMap(\.allRecordings)
            #expect(recordings.count >= 10)
            for recording in recordings.prefix(12) {
                let insights = try await sim.get(
                    "/ai/ringsense/v1/public/accounts/~/domains/pbx/records/\(recording.id)/insights?insightTypes=Transcript", token: token
                )
                #expect(insights.status == 200)
                #expect(insights.json["recordingDurationMs"]?.intValue == recording.durationSeconds * 1000)
                for turn in insights.json["insights"]?["Transcript"]?.arrayValue ?? [] {
                    let end = turn["end"]?.doubleValue ?? .infinity
                    #expect(end <= Double(recording.durationSeconds))
                }
                let metadata = try await sim.get("/restapi/v1.0/account/~/recording/\(recording.id)", token: token)
                #expect(metadata.json["duration"]?.intValue == recording.durationSeconds)
            }
            // One WAV and one (fallback) MP3 download per format present.
            for format in Set(recordings.map(\.format)) {
                let recording = try #require(recordings.first { $0.format == format })
                let metadata = try await sim.get("/restapi/v1.0/account/~/recording/\(recording.id)", token: token)
                let content = try await sim.get(try #require(metadata.json["contentUri"]?.stringValue), token: token)
                #expect(content.status == 200)
                #expect(content.header("Content-Type") == metadata.json["contentType"]?.stringValue)
                let perSecond = format == .wavMuLaw ? 8000 : 16000
                #expect(content.body.count >= recording.durationSeconds * perSecond)
                #expect(content.body.count <= recording.durationSeconds * perSecond + 64)
            }
        }
    }
}
