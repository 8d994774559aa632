import Essentials
import Foundation
import RingCentralSimulator
import Testing

struct AITests {
    static let interactionPath = "/ai/insights/v1/async/analyze-interaction"
    static let speechPath = "/ai/audio/v1/async/speech-to-text"

    /// A manual-clock simulator with one 40 s call per format: `5000` PCM WAV, `6000` MP3 (fake renderer).
    static func configuration(aiJobDelay: TimeInterval = 600) -> (SimulatorConfiguration, ManualTimeSource) {
        manualConfiguration { configuration in
            let now = Millis.date(configuration.clock.nowMillis())
            configuration.calls = fixedCalls(count: 1, durationSeconds: 40, now: now)
                + [SimulatedCall.recorded(id: "mp3", recordingId: "6000", format: .mp3, durationSeconds: 40, startTime: now.addingTimeInterval(-300))]
            configuration.mp3Renderer = FakeMP3Renderer()
            configuration.aiJobDelay = aiJobDelay
            // Long enough for the week these tests move the clock through.
            configuration.accessTokenLifetime = 30 * 86_400
            configuration.rateLimitingEnabled = false
            configuration.legacyWAVContentTypeFraction = 0
        }
    }

    static func submit(_ sim: SimulatorHarness, _ path: String, webhook: String, token: String, body: JSONValue) async throws -> HTTPResult {
        try await sim.send("\(path)?webhook=\(webhook)", method: "POST", token: token, json: body)
    }

    static func job(_ sim: SimulatorHarness, _ id: String, token: String) async throws -> JSONValue {
        try await sim.get("/ai/status/v1/jobs/\(id)", token: token).json
    }

    @Test func jobLifecycleOnTheClockAndExactlyOneCallback() async throws {
        let (configuration, clock) = Self.configuration()
        try await withSubscriber { address, log in
            try await withSimulator(configuration) { sim in
                let token = try await sim.accessToken()
                let submit = try await Self.submit(
                    sim, Self.interactionPath, webhook: address, token: token,
                    body: [
                        "contentUri": .string(sim.contentURL("5000") + "?access_token=\(token)"), "encoding": "Wav", "languageCode": "en-US",
                        "source": "RingCentral", "audioType": "CallCenter", "insights": ["All"],
                    ]
                )
                #expect(submit.status == 202)
                #expect(submit.header("X-Rate-Limit-Group") == "heavy")
                let jobId = try #require(submit.json["jobId"]?.stringValue)
                #expect(UUID(uuidString: jobId) != nil)

                let pending = try await Self.job(sim, jobId, token: token)
                #expect(pending["status"]?.stringValue == "InProgress")
                #expect(pending["api"]?.stringValue == Self.interactionPath)
                #expect(pending["response"] == nil && pending["completionTime"] == nil)
                #expect(pending["creationTime"]?.stringValue == "2025-01-06T10:30:00.000Z")
                #expect(pending["expirationTime"]?.stringValue == "2025-01-13T10:30:00.000Z")

                clock.advance(seconds: 599)
                await sim.simulator.settle()
                #expect(try await Self.job(sim, jobId, token: token)["status"]?.stringValue == "InProgress")
                #expect(log.deliveries.isEmpty)

                clock.advance(seconds: 1)
                await sim.simulator.settle()
                let done = try await Self.job(sim, jobId, token: token)
                #expect(done["status"]?.stringValue == "Success")
                #expect(done["completionTime"]?.stringValue == "2025-01-06T10:40:00.000Z")
                let response = try #require(done["response"])
                Self.checkInteraction(response, duration: 40)

                #expect(log.deliveries.count == 1)
                let callback = try #require(log.deliveries.first)
                #expect(callback.requestId == jobId)
                #expect(callback.body.serialized() == done.serialized())

                // Nothing makes a second callback: completing again, more time, more polls.
                sim.simulator.completeAIJobs()
                clock.advance(seconds: 3600)
                await sim.simulator.settle()
                #expect(try await Self.job(sim, jobId, token: token)["status"]?.stringValue == "Success")
                #expect(log.deliveries.count == 1)
                #expect(sim.simulator.stats().aiCallbacks == 1)

                // Results are kept for a week.
                clock.advance(seconds: 7 * 24 * 3600)
                let expired = try await sim.get("/ai/status/v1/jobs/\(jobId)", token: token)
                #expect(expired.status == 404)
                #expect(expired.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue?.hasPrefix("CAI-") == true)
                #expect(expired.json["errorCode"] == nil)
            }
        }
    }

    /// A ready time between two ticks of the clock: the callback waits for the next tick and is then sent, once
    /// (it used to fire a fraction of a millisecond early, find the job not ready and never be sent).
    @Test func aReadyTimeBetweenClockTicksStillGetsItsCallback() async throws {
        let (configuration, clock) = Self.configuration(aiJobDelay: 0.0004)
        try await withSubscriber { address, log in
            try await withSimulator(configuration) { sim in
                let token = try await sim.accessToken()
                let submit = try await Self.submit(
                    sim, Self.speechPath, webhook: address, token: token,
                    body: ["contentUri": .string(sim.contentURL("5000") + "?access_token=\(token)"), "encoding": "Wav", "languageCode": "en-US"]
                )
                #expect(submit.status == 202)
                await sim.simulator.settle()
                #expect(log.deliveries.isEmpty)
                clock.advance(byMillis: 1)
                await sim.simulator.settle()
                #expect(log.deliveries.count == 1)
                #expect(sim.simulator.stats().aiCallbacks == 1)
            }
        }
    }

    /// A ready time that is a whole millisecond on the clock, but whose product by 1000 rounds a hair short (0.2 s after
    /// 1736159400.022 is one of 16 such times in every second): the callback is sent on the first tick at or after it. It was
    /// scheduled for a millisecond at which the job was not ready yet, and never sent (a server test failed on it about
    /// one run in sixty).
    @Test func aReadyTimeWhoseMillisecondRoundsShortStillGetsItsCallback() async throws {
        let (configuration, clock) = Self.configuration(aiJobDelay: 0.2)
        clock.set(millis: 1_736_159_400_022)
        try await withSubscriber { address, log in
            try await withSimulator(configuration) { sim in
                let token = try await sim.accessToken()
                let submit = try await Self.submit(
                    sim, Self.speechPath, webhook: address, token: token,
                    body: ["contentUri": .string(sim.contentURL("5000") + "?access_token=\(token)"), "encoding": "Wav", "languageCode": "en-US"]
                )
                #expect(submit.status == 202)
                // The ready time lies a hair past 200 ms: the job is ready on the next tick.
                clock.advance(byMillis: 200)
                await sim.simulator.settle()
                clock.advance(byMillis: 1)
                await sim.simulator.settle()
                #expect(log.deliveries.count == 1)
                #expect(sim.simulator.stats().aiCallbacks == 1)
            }
        }
    }

    /// `InteractionObject` per the spec: utterances inside the recording, speaker and conversational insights with
    /// their required members and enumerated names.
    static func checkInteraction(_ response: JSONValue, duration: Double) {
        let utterances = response["utteranceInsights"]?.arrayValue ?? []
        #expect(!utterances.isEmpty)
        for utterance in utterances {
            let start = utterance["start"]?.doubleValue ?? -1
            let end = utterance["end"]?.doubleValue ?? .infinity
            #expect(start >= 0 && start < end && end <= duration)
            #expect(utterance["text"]?.stringValue?.isEmpty == false)
        }
        #expect(response["speakerInsights"]?["speakerCount"]?.intValue == 2)
        for insight in response["speakerInsights"]?["insights"]?.arrayValue ?? [] {
            #expect(["Pace", "TalkToListenRatio", "QuestionsAsked"].contains(insight["name"]?.stringValue ?? ""))
            for value in insight["values"]?.arrayValue ?? [] {
                #expect(value["speakerId"]?.stringValue != nil)
                #expect(value["value"]?.stringValue != nil)
            }
        }
        let names = (response["conversationalInsights"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(Set(names) == ["KeyPhrases", "ExtractiveSummary", "Topics", "AbstractiveSummaryLong", "AbstractiveSummaryShort"])
        for insight in response["conversationalInsights"]?.arrayValue ?? [] {
            for value in insight["values"]?.arrayValue ?? [] {
                #expect(value["value"]?.stringValue != nil && value["start"]?.doubleValue != nil && value["end"]?.doubleValue != nil)
            }
        }
    }

    @Test func theMediaFetchNeedsAnAccessTokenInTheContentUri() async throws {
        let (configuration, clock) = Self.configuration(aiJobDelay: 60)
        try await withSubscriber { address, log in
            try await withSimulator(configuration) { sim in
                let token = try await sim.accessToken()
                var jobs: [String: String] = [:]
                let cases: [(String, String)] = [
                    ("no token", sim.contentURL("5000")),
                    ("bad token", sim.contentURL("5000") + "?access_token=forged"),
                    ("platform host", sim.platform + "/restapi/v1.0/account/\(sim.configuration.accountId)/recording/5000/content?access_token=\(token)"),
                    ("unknown recording", sim.contentURL("424242") + "?access_token=\(token)"),
                    ("good", sim.contentURL("5000") + "?access_token=\(token)"),
                ]
                for (name, uri) in cases {
                    let submit = try await Self.submit(
                        sim, Self.speechPath, webhook: address, token: token, body: ["contentUri": .string(uri), "encoding": "Wav", "languageCode": "en-US"]
                    )
                    #expect(submit.status == 202, "\(name)")
                    jobs[name] = submit.json["jobId"]?.stringValue
                }
                clock.advance(seconds: 60)
                await sim.simulator.settle()
                for (name, _) in cases {
                    let job = try await Self.job(sim, try #require(jobs[name]), token: token)
                    if name == "good" {
                        #expect(job["status"]?.stringValue == "Success", "\(name)")
                        continue
                    }
                    #expect(job["status"]?.stringValue == "Fail", "\(name)")
                    let error = job["response"]?["errors"]?.arrayValue?.first
                    #expect(error?["errorCode"]?.stringValue == "CAI-108", "\(name)")
                    #expect(error?["message"]?.stringValue?.isEmpty == false, "\(name)")
                }
                #expect(log.deliveries.count == cases.count)
                let failed = log.deliveries.filter { $0.body["status"]?.stringValue == "Fail" }
                #expect(failed.count == cases.count - 1)
                #expect(sim.simulator.stats().routes["ai.media-fetch"] == cases.count)
                // The in-process fetches spent none of the caller's Heavy budget beyond the submissions.
                #expect(sim.simulator.stats()[.heavy].requests == cases.count + cases.count)
            }
        }
    }

    @Test func encodingMustMatchTheRealFormat() async throws {
        let (configuration, clock) = Self.configuration(aiJobDelay: 1)
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            func run(_ recordingId: String, _ encoding: String) async throws -> JSONValue {
                let submit = try await Self.submit(
                    sim, Self.speechPath, webhook: "http://127.0.0.1:9/hook", token: token,
                    body: ["contentUri": .string(sim.contentURL(recordingId) + "?access_token=\(token)"), "encoding": .string(encoding), "languageCode": "en-US"]
                )
                #expect(submit.status == 202)
                clock.advance(seconds: 1)
                return try await Self.job(sim, submit.json["jobId"]?.stringValue ?? "", token: token)
            }
            #expect(try await run("5000", "Wav")["status"]?.stringValue == "Success")
            #expect(try await run("6000", "Mpeg")["status"]?.stringValue == "Success")
            let wrongWav = try await run("5000", "Mpeg")
            #expect(wrongWav["status"]?.stringValue == "Fail")
            #expect(wrongWav["response"]?["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "CAI-109")
            #expect(wrongWav["response"]?["errors"]?.arrayValue?.first?["parameterName"]?.stringValue == "encoding")
            #expect(try await run("6000", "Wav")["status"]?.stringValue == "Fail")

            // A value outside the spec's enum is refused at once.
            let invalid = try await Self.submit(
                sim, Self.speechPath, webhook: "http://127.0.0.1:9/hook", token: token,
                body: ["contentUri": .string(sim.contentURL("6000") + "?access_token=\(token)"), "encoding": "Mp3", "languageCode": "en-US"]
            )
            #expect(invalid.status == 400)
            #expect(invalid.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "CAI-103")
            #expect(invalid.json["errors"]?.arrayValue?.first?["parameterName"]?.stringValue == "encoding")
        }
    }

    @Test func utterancesOnlyWithDiarizationAndWordsAlways() async throws {
        let (configuration, clock) = Self.configuration(aiJobDelay: 5)
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            func transcribe(diarization: Bool?) async throws -> JSONValue {
                var body: JSONValue = ["contentUri": .string(sim.contentURL("5000") + "?access_token=\(token)"), "encoding": "Wav", "languageCode": "en-US"]
                if let diarization { body = body.setting("enableSpeakerDiarization", to: .bool(diarization)) }
                let submit = try await Self.submit(sim, Self.speechPath, webhook: "http://127.0.0.1:9/hook", token: token, body: body)
                clock.advance(seconds: 5)
                let job = try await Self.job(sim, submit.json["jobId"]?.stringValue ?? "", token: token)
                #expect(job["status"]?.stringValue == "Success")
                return job["response"] ?? .null
            }
            let expected = try #require(sim.simulator.utterances(recordingId: "5000"))
            let plain = try await transcribe(diarization: nil)
            #expect(plain["utterances"] == nil)
            #expect(plain["speakerCount"] == nil)
            #expect(plain["transcript"]?.stringValue == expected.map(\.text).joined(separator: " "))
            let words = try #require(plain["words"]?.arrayValue)
            #expect(words.count == expected.reduce(0) { $0 + $1.words.count })
            var previous = 0.0
            for word in words {
                let start = word["start"]?.doubleValue ?? -1
                let end = word["end"]?.doubleValue ?? -1
                #expect(word["word"]?.stringValue?.isEmpty == false)
                #expect(start >= previous && end >= start && end <= 40)
                #expect(word["speakerId"] == nil)
                previous = start
            }
            #expect(try await transcribe(diarization: false)["utterances"] == nil)

            let diarized = try await transcribe(diarization: true)
            #expect(diarized["speakerCount"]?.intValue == 2)
            let utterances = try #require(diarized["utterances"]?.arrayValue)
            #expect(utterances.count == expected.count)
            #expect(utterances.first?["speakerId"]?.stringValue == "0")
            #expect(Set(utterances.compactMap { $0["speakerId"]?.stringValue }) == ["0", "1"])
            #expect(utterances.first?["wordTimings"]?.arrayValue?.isEmpty == false)
            #expect(diarized["words"]?.arrayValue?.allSatisfy { $0["speakerId"]?.stringValue != nil } == true)
        }
    }

    @Test func submissionsAreValidated() async throws {
        let (configuration, _) = Self.configuration()
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let uri = JSONValue.string(sim.contentURL("5000") + "?access_token=\(token)")
            let noWebhook = try await sim.send(Self.speechPath, method: "POST", token: token, json: ["contentUri": uri, "encoding": "Wav", "languageCode": "en-US"])
            #expect(noWebhook.status == 400)
            #expect(noWebhook.json["errors"]?.arrayValue?.first?["parameterName"]?.stringValue == "webhook")
            let cases: [(JSONValue, String)] = [
                (["encoding": "Wav", "languageCode": "en-US"], "contentUri"),
                (["contentUri": uri, "languageCode": "en-US"], "encoding"),
                (["contentUri": uri, "encoding": "Wav"], "languageCode"),
                (["contentUri": uri, "encoding": "Wav", "languageCode": "de-DE"], "languageCode"),
                (["contentUri": uri, "encoding": "Wav", "languageCode": "en-US", "audioType": "Podcast"], "audioType"),
            ]
            for (body, parameter) in cases {
                let result = try await Self.submit(sim, Self.speechPath, webhook: "http://127.0.0.1:9/hook", token: token, body: body)
                #expect(result.status == 400, "\(parameter)")
                let error = result.json["errors"]?.arrayValue?.first
                #expect(error?["parameterName"]?.stringValue == parameter)
                #expect(error?["errorCode"]?.stringValue?.hasPrefix("CAI-1") == true)
            }
            let badInsight = try await Self.submit(
                sim, Self.interactionPath, webhook: "http://127.0.0.1:9/hook", token: token,
                body: ["contentUri": uri, "encoding": "Wav", "languageCode": "en-US", "insights": ["Emotion"]]
            )
            #expect(badInsight.status == 400)
            #expect(badInsight.json["errors"]?.arrayValue?.first?["parameterName"]?.stringValue == "insights")
            #expect(sim.simulator.stats().routes["ai.media-fetch"] == nil)
        }
    }

    @Test func onlyTheRequestedInteractionInsights() async throws {
        let (configuration, clock) = Self.configuration(aiJobDelay: 1)
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let submit = try await Self.submit(
                sim, Self.interactionPath, webhook: "http://127.0.0.1:9/hook", token: token,
                body: [
                    "contentUri": .string(sim.contentURL("5000") + "?access_token=\(token)"), "encoding": "Wav", "languageCode": "en-US",
                    "insights": ["Topics", "TalkToListenRatio"],
                ]
            )
            clock.advance(seconds: 1)
            let response = try await Self.job(sim, submit.json["jobId"]?.stringValue ?? "", token: token)["response"]
            #expect(response?["conversationalInsights"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Topics"])
            #expect(response?["speakerInsights"]?["insights"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["TalkToListenRatio"])
            let ratio = response?["speakerInsights"]?["insights"]?.arrayValue?.first?["values"]?.arrayValue?.first?["value"]?.stringValue ?? ""
            let parts = ratio.split(separator: ":").compactMap { Int($0) }
            #expect(parts.count == 2 && parts.reduce(0, +) == 100)
        }
    }

    @Test func mediaOutsideTheSimulatorIsFetchedOverTheNetwork() async throws {
        let (configuration, clock) = Self.configuration(aiJobDelay: 1)
        let wav = try WAVRecordingRenderer().render(recordingId: "outside", format: .wavPCM16, durationSeconds: 12)
        try await withSubscriber(files: ["call.wav": wav]) { address, _ in
            let files = address.replacingOccurrences(of: "/hook", with: "/files")
            try await withSimulator(configuration) { sim in
                let token = try await sim.accessToken()
                var ids: [String] = []
                for name in ["call.wav", "missing.wav"] {
                    let submit = try await Self.submit(
                        sim, Self.speechPath, webhook: address, token: token,
                        body: ["contentUri": .string("\(files)/\(name)"), "encoding": "Wav", "languageCode": "en-US", "enableSpeakerDiarization": true]
                    )
                    ids.append(submit.json["jobId"]?.stringValue ?? "")
                }
                clock.advance(seconds: 1)
                let found = try await Self.job(sim, ids[0], token: token)
                #expect(found["status"]?.stringValue == "Success")
                let last = found["response"]?["utterances"]?.arrayValue?.last?["end"]?.doubleValue ?? .infinity
                #expect(last <= 12)
                let missing = try await Self.job(sim, ids[1], token: token)
                #expect(missing["status"]?.stringValue == "Fail")
                #expect(missing["response"]?["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains("404") == true)
            }
        }
    }
}
