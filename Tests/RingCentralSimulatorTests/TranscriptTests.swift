import Foundation
import RingCentralSimulator
import Testing

struct TranscriptTests {
    /// Forty recorded calls of assorted lengths, agents named after extensions of the account.
    static func calls() -> [SimulatedCall] {
        let end = Date(timeIntervalSince1970: 1_736_159_400)
        return (0..<40).map { index in
            var call = SimulatedCall.recorded(
                id: "t-\(index)", recordingId: String(20_000 + index * 7), format: .wavPCM16, durationSeconds: 35 + index * 9,
                startTime: end.addingTimeInterval(-Double(3600 + index * 600)), direction: index % 2 == 0 ? "Inbound" : "Outbound"
            )
            let agent = SimulatedParty(phoneNumber: "+16505551101", extensionNumber: "101", extensionId: "400643091101", name: "Robin Sales")
            let customer = SimulatedParty(phoneNumber: "+14155550123", name: "Jane Q. Customer")
            call.from = index % 2 == 0 ? customer : agent
            call.to = index % 2 == 0 ? agent : customer
            return call
        }
    }

    static func luhnValid(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        var sum = 0
        for (index, digit) in values.reversed().enumerated() {
            let value = index % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    @Test func generatedTranscriptsAreDeterministicTimedAndSearchable() async throws {
        let calls = Self.calls()
        let simulator = RingCentralSimulator(configuration: SimulatorConfiguration(calls: calls))
        let again = RingCentralSimulator(configuration: SimulatorConfiguration(calls: calls))
        var texts: [String] = []
        for call in calls {
            let recording = try #require(call.recording)
            let utterances = try #require(simulator.utterances(recordingId: recording.id))
            #expect(utterances == again.utterances(recordingId: recording.id))
            #expect(!utterances.isEmpty)
            var previousEnd = 0.0
            for utterance in utterances {
                #expect(utterance.start >= previousEnd)
                #expect(utterance.end > utterance.start)
                #expect(utterance.end <= Double(recording.durationSeconds))
                // Between about one and five words per second: speech, not a dump of text.
                let rate = Double(utterance.words.count) / (utterance.end - utterance.start)
                #expect(rate > 0.8 && rate < 5.5, "\(rate) words/s in \(recording.id)")
                #expect(utterance.words.first?.start == utterance.start)
                #expect(utterance.words.last?.end == utterance.end)
                #expect(utterance.speakerName == (utterance.speaker == .agent ? "Robin Sales" : "Jane Q. Customer"))
                previousEnd = utterance.end
            }
            #expect(utterances.first?.speaker == .agent)
            #expect(Set(utterances.map(\.speaker)).count == 2)
            // Speech covers most of the recording, as in a real call.
            #expect(utterances.last!.end > Double(recording.durationSeconds) * 0.5)
            texts.append(utterances.map(\.text).joined(separator: " "))
        }
        let refunds = texts.filter { $0.contains(SimulatedTranscript.refundPhrase) }
        let cancellations = texts.filter { $0.contains(SimulatedTranscript.cancellationPhrase) }
        #expect(refunds.count >= 4)
        #expect(cancellations.count >= 2)
        let accounts = texts.compactMap { $0.firstMatch(of: /account number is (\d{8})\b/)?.1 }
        #expect(accounts.count >= 8)
        let cards = texts.compactMap { $0.firstMatch(of: /\b(\d{4} \d{4} \d{4} \d{4})\b/)?.1 }
        #expect(cards.count >= 2)
        #expect(cards.allSatisfy { Self.luhnValid(String($0)) })
        #expect(Set(texts).count == texts.count)
    }

    @Test func theGeneratedScriptIsExposed() {
        let script = SimulatedTranscript.generated(recordingId: "1662272004", agentName: "Kim Ops")
        #expect(script == SimulatedTranscript.generated(recordingId: "1662272004", agentName: "Kim Ops"))
        #expect(script.lines.first?.speaker == .agent)
        #expect(script.lines.first?.text.contains("Kim") == true)
        #expect(!script.text.contains("{"))
    }

    @Test func shortRecordingsGetShortTranscripts() {
        let call = SimulatedCall.recorded(id: "s", recordingId: "777", format: .wavPCM16, durationSeconds: 2)
        let simulator = RingCentralSimulator(configuration: SimulatorConfiguration(calls: [call]))
        let utterances = simulator.utterances(recordingId: "777") ?? []
        #expect(utterances.count == 1)
        #expect(utterances.allSatisfy { $0.end <= 2 })
        #expect(simulator.utterances(recordingId: "nope") == nil)
    }

    @Test func forcedTranscriptsAreServedVerbatimEverywhere() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.calls = fixedCalls(count: 2, durationSeconds: 8, now: clock.date)
        configuration.transcripts["5000"] = .htmlInjection
        configuration.aiJobDelay = 1
        configuration.rateLimitingEnabled = false
        try await withSimulator(configuration) { sim in
            let token = try await sim.accessToken()
            let insights = try await sim.get("/ai/ringsense/v1/public/accounts/~/domains/pbx/records/5000/insights?insightTypes=Transcript", token: token)
            let texts = (insights.json["insights"]?["Transcript"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
            #expect(texts == SimulatedTranscript.htmlInjection.lines.map(\.text))
            #expect(texts.joined().contains("<script>alert(1)</script>"))
            #expect(texts.joined().contains("<img src=x onerror=alert(1)>"))
            // All five lines fit into eight seconds (spoken fast) and stay inside the recording.
            let ends = (insights.json["insights"]?["Transcript"]?.arrayValue ?? []).compactMap { $0["end"]?.doubleValue }
            #expect(ends.count == 5 && ends.allSatisfy { $0 <= 8 })

            let submit = try await sim.send(
                "/ai/audio/v1/async/speech-to-text?webhook=http://127.0.0.1:9/hook", method: "POST", token: token,
                json: ["contentUri": .string(sim.contentURL("5000") + "?access_token=\(token)"), "encoding": "Wav", "languageCode": "en-US"]
            )
            clock.advance(seconds: 1)
            let job = try await sim.get("/ai/status/v1/jobs/\(submit.json["jobId"]?.stringValue ?? "")", token: token)
            #expect(job.json["response"]?["transcript"]?.stringValue == SimulatedTranscript.htmlInjection.text)
            // The raw JSON carries the markup as plain string content (only quotes and backslashes are escaped).
            #expect(String(decoding: job.body, as: UTF8.self).contains("<script>alert(1)</script>"))

            // Forcing at run time; `nil` restores the generated transcript.
            let custom = SimulatedTranscript([(.customer, "Please cancel my subscription today."), (.agent, "Done.")])
            sim.simulator.setTranscript(custom, forRecording: "5001")
            #expect(sim.simulator.utterances(recordingId: "5001")?.map(\.text) == custom.lines.map(\.text))
            #expect(sim.simulator.utterances(recordingId: "5001")?.first?.speaker == .customer)
            sim.simulator.setTranscript(nil, forRecording: "5001")
            #expect(sim.simulator.utterances(recordingId: "5001")?.first?.speaker == .agent)
        }
    }
}
