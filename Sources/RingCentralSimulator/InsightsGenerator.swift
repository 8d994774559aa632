import Essentials
import Foundation

/// Builds the AI bodies from a recording's transcript: RingSense `RecordingInsights`, the AI API's `TranscribedObject`
/// (speech-to-text) and `InteractionObject` (analyze-interaction), each in the shape of RingCentral's OpenAPI spec.
struct InsightsGenerator: Sendable {
    let accountId: String
    let extensionId: String

    /// Every RingSense insight type (`AIInsightsTypes`).
    static let ringSenseTypes = ["Transcript", "Summary", "Highlights", "NextSteps", "BulletedSummary", "AIScore", "CallNotes", "Sentiment"]

    /// RingSense `RecordingInsights` for one version of a recording's insights, filtered to `types` (all when `nil`).
    ///
    /// Required members per the spec: `title`, `domain`, `sourceRecordId`, `sourceSessionId`, `ownerExtensionId`,
    /// `recordingDurationMs`, `recordingStartTime`, `creationTime`, `lastModifiedTime`, `speakerInfo`, `insights`;
    /// `callDirection` is optional and sent. `speakerInfo` items carry `accountId`/`extensionId` only for the
    /// account's own user: the spec types them as strings (RingCentral's sample sends `null` for the outside party;
    /// the simulator omits them instead) and adds `phoneNumber` for phone calls.
    func recordingInsights(
        call: SimulatedCall, recording: SimulatedRecording, transcript: RecordingTranscript, version: InsightsVersion, types: Set<String>?
    ) -> JSONValue {
        let agentId = call.partyId(transcript.agentIndex)
        let customerId = call.partyId(2)
        let scenario = transcript.scenario
        let revised = version.number > 1
        let utterances = transcript.utterances
        let duration = Double(recording.durationSeconds)
        func speakerId(_ speaker: SimulatedTranscript.Speaker) -> String { speaker == .agent ? agentId : customerId }
        func want(_ name: String) -> Bool { types == nil || types!.contains(name) }

        var insights: [(key: String, value: JSONValue)] = []
        if want("Transcript") {
            insights.append((key: "Transcript", value: .array(utterances.map {
                ["speakerId": .string(speakerId($0.speaker)), "text": .string($0.text), "start": .double($0.start), "end": .double($0.end)]
            })))
        }
        let first = utterances.first?.start ?? 0
        let last = utterances.last?.end ?? duration
        if want("Summary") {
            insights.append((key: "Summary", value: [
                ["value": .string(revised ? scenario.revisedSummary : scenario.summary), "start": .double(first), "end": .double(last)],
            ]))
        }
        let agentLines = utterances.filter { $0.speaker == .agent }
        if want("Highlights") {
            let keyword = scenario.highlight.keyword.lowercased()
            let at = utterances.first { !keyword.isEmpty && $0.text.lowercased().contains(keyword) } ?? utterances.first
            var values: [JSONValue] = []
            if let at {
                values.append([
                    "speakerId": .string(speakerId(at.speaker)), "value": .string(scenario.highlight.value),
                    "start": .double(at.start), "end": .double(at.end),
                ])
            }
            insights.append((key: "Highlights", value: .array(values)))
        }
        if want("NextSteps") {
            // The first version names only the first step; the revision (RingSense after AI Notes) names them all.
            let steps = revised ? scenario.nextSteps : Array(scenario.nextSteps.prefix(1))
            let anchor = agentLines.last ?? utterances.last
            insights.append((key: "NextSteps", value: .array(steps.compactMap { step in
                guard let anchor else { return nil }
                return ["speakerId": .string(agentId), "value": .string(step), "start": .double(anchor.start), "end": .double(anchor.end)]
            })))
        }
        if want("BulletedSummary") {
            let bullets = revised ? scenario.bullets : Array(scenario.bullets.prefix(2))
            insights.append((key: "BulletedSummary", value: .array(bullets.enumerated().map { index, bullet in
                index == bullets.count - 1 && revised ? ["value": .string(bullet), "section": "Outcome"] : ["value": .string(bullet)]
            })))
        }
        if want("AIScore") {
            insights.append((key: "AIScore", value: [["value": .string(revised ? scenario.scores.revised : scenario.scores.first)]]))
        }
        if want("CallNotes") {
            insights.append((key: "CallNotes", value: [["value": .string(revised ? scenario.revisedNotes : scenario.notes)]]))
        }
        if want("Sentiment") {
            insights.append((key: "Sentiment", value: [["value": .string(scenario.sentiment)]]))
        }

        var agentInfo: [(key: String, value: JSONValue)] = [
            (key: "speakerId", value: .string(agentId)),
            (key: "name", value: .string(transcript.agent.name ?? "Agent")),
            (key: "accountId", value: .string(self.accountId)),
            (key: "extensionId", value: .string(transcript.agent.extensionId ?? self.extensionId)),
        ]
        if let phone = transcript.agent.phoneNumber { agentInfo.append((key: "phoneNumber", value: .string(phone))) }
        var customerInfo: [(key: String, value: JSONValue)] = [
            (key: "speakerId", value: .string(customerId)),
            (key: "name", value: .string(transcript.customer.name ?? transcript.customer.phoneNumber ?? "Unknown")),
        ]
        if let phone = transcript.customer.phoneNumber { customerInfo.append((key: "phoneNumber", value: .string(phone))) }

        let from = call.from.name ?? call.from.phoneNumber ?? "Unknown"
        let to = call.to.name ?? call.to.phoneNumber ?? "Unknown"
        return [
            "title": .string("Call from \(from) to \(to)"),
            "domain": "pbx",
            "sourceRecordId": .string(recording.id),
            "sourceSessionId": .string(call.telephonySessionId),
            "callDirection": .string(call.direction),
            "ownerExtensionId": .string(transcript.agent.extensionId ?? self.extensionId),
            "recordingDurationMs": .int(recording.durationSeconds * 1000),
            "recordingStartTime": .string(ISO8601.string(call.startTime(of: recording))),
            "creationTime": .string(ISO8601.string(version.creationTime)),
            "lastModifiedTime": .string(ISO8601.string(version.lastModifiedTime)),
            "speakerInfo": [.object(agentInfo), .object(customerInfo)],
            "insights": .object(insights),
        ]
    }

    /// The speaker id the AI API gives a speaker: the agent speaks first, so `"0"`, the customer `"1"`.
    private static func aiSpeaker(_ speaker: SimulatedTranscript.Speaker) -> String {
        speaker == .agent ? "0" : "1"
    }

    /// AI API `TranscribedObject` (speech-to-text).
    ///
    /// `transcript` and `words` are always there; `speakerCount` and `utterances` (and the words' `speakerId`) only
    /// when `enableSpeakerDiarization` was true, as the spec says.
    func transcription(_ utterances: [SimulatedUtterance], diarization: Bool) -> JSONValue {
        var words: [JSONValue] = []
        for utterance in utterances {
            for word in utterance.words {
                var item: [(key: String, value: JSONValue)] = [
                    (key: "word", value: .string(word.text)), (key: "start", value: .double(word.start)),
                    (key: "end", value: .double(word.end)), (key: "confidence", value: .double(word.confidence)),
                ]
                if diarization { item.append((key: "speakerId", value: .string(Self.aiSpeaker(utterance.speaker)))) }
                words.append(.object(item))
            }
        }
        let confidence = utterances.isEmpty ? 0 : InsightsGenerator.round(utterances.map(\.confidence).reduce(0, +) / Double(utterances.count))
        var body: [(key: String, value: JSONValue)] = []
        if diarization {
            body.append((key: "speakerCount", value: .int(Set(utterances.map(\.speaker)).count)))
        }
        body.append((key: "transcript", value: .string(utterances.map(\.text).joined(separator: " "))))
        body.append((key: "confidence", value: .double(confidence)))
        body.append((key: "words", value: .array(words)))
        if diarization {
            body.append((key: "utterances", value: .array(utterances.map { utterance in
                [
                    "start": .double(utterance.start), "end": .double(utterance.end), "text": .string(utterance.text),
                    "confidence": .double(utterance.confidence), "speakerId": .string(Self.aiSpeaker(utterance.speaker)),
                    "wordTimings": .array(utterance.words.map { ["word": .string($0.text), "start": .double($0.start), "end": .double($0.end)] }),
                ]
            })))
        }
        return .object(body)
    }

    /// The analyze-interaction insight names (`InsightsEnum` minus `All`).
    static let interactionInsights: Set<String> = [
        "KeyPhrases", "AbstractiveSummaryLong", "AbstractiveSummaryShort", "ExtractiveSummary", "Topics", "TalkToListenRatio", "Pace",
        "QuestionsAsked",
    ]

    /// AI API `InteractionObject` (analyze-interaction) for the requested insights (`All` or names from
    /// ``interactionInsights``).
    ///
    /// Per the spec, speaker insight values (`SpeakerInsightsValuesItems`) and conversational insight values
    /// (`ConversationalInsightsUnitValues`) are strings besides the numeric times and confidences; RingCentral's doc
    /// sample sends numbers for `value`/`wpm` and a `questions` array, which the spec does not allow, so the simulator
    /// follows the spec.
    func interaction(_ utterances: [SimulatedUtterance], scenario: TranscriptScenario, insights requested: Set<String>) -> JSONValue {
        let all = requested.contains("All") || requested.isEmpty
        func want(_ name: String) -> Bool { all || requested.contains(name) }
        let first = utterances.first?.start ?? 0
        let last = utterances.last?.end ?? 0
        let speakers = SimulatedTranscript.Speaker.allCases.filter { speaker in utterances.contains { $0.speaker == speaker } }

        var speakerInsights: [JSONValue] = []
        if want("Pace") {
            speakerInsights.append(["name": "Pace", "values": .array(speakers.map { speaker in
                let own = utterances.filter { $0.speaker == speaker }
                let words = own.reduce(0) { $0 + $1.words.count }
                let seconds = own.reduce(0.0) { $0 + ($1.end - $1.start) }
                let wpm = seconds > 0 ? Double(words) / seconds * 60 : 0
                let pace = wpm < 130 ? "slow" : (wpm > 170 ? "fast" : "medium")
                return ["speakerId": .string(Self.aiSpeaker(speaker)), "value": .string(pace), "wpm": .string(String(format: "%.1f", wpm))]
            })])
        }
        if want("TalkToListenRatio") {
            let talk = speakers.map { speaker in utterances.filter { $0.speaker == speaker }.reduce(0.0) { $0 + ($1.end - $1.start) } }
            let total = max(talk.reduce(0, +), 0.001)
            speakerInsights.append(["name": "TalkToListenRatio", "values": .array(zip(speakers, talk).map { speaker, seconds in
                let share = Int((seconds / total * 100).rounded())
                return ["speakerId": .string(Self.aiSpeaker(speaker)), "value": .string("\(share):\(100 - share)")]
            })])
        }
        if want("QuestionsAsked") {
            speakerInsights.append(["name": "QuestionsAsked", "values": .array(speakers.map { speaker in
                let questions = utterances.filter { $0.speaker == speaker && $0.text.contains("?") }.count
                return ["speakerId": .string(Self.aiSpeaker(speaker)), "value": .string(String(questions))]
            })])
        }

        var conversational: [JSONValue] = []
        if want("KeyPhrases") {
            conversational.append(["name": "KeyPhrases", "values": .array(scenario.keyPhrases.compactMap { phrase in
                guard let at = utterances.first(where: { $0.text.lowercased().contains(phrase.lowercased()) }) else { return nil }
                return ["value": .string(phrase), "start": .double(at.start), "end": .double(at.end), "confidence": 0.9]
            })])
        }
        if want("ExtractiveSummary") {
            conversational.append(["name": "ExtractiveSummary", "values": .array(utterances.prefix(2).map {
                ["value": .string($0.text), "start": .double($0.start), "end": .double($0.end), "speakerId": .string(Self.aiSpeaker($0.speaker))]
            })])
        }
        if want("Topics") {
            conversational.append(["name": "Topics", "values": [
                ["value": .string(scenario.topic), "start": .double(first), "end": .double(last), "confidence": 0.9],
            ]])
        }
        if want("AbstractiveSummaryLong") {
            conversational.append(["name": "AbstractiveSummaryLong", "values": [
                ["value": .string(scenario.revisedSummary), "start": .double(first), "end": .double(last), "confidence": 0.6, "groupId": "0"],
            ]])
        }
        if want("AbstractiveSummaryShort") {
            conversational.append(["name": "AbstractiveSummaryShort", "values": [
                ["value": .string(scenario.summary), "start": .double(first), "end": .double(last), "confidence": 0.6],
            ]])
        }
        return [
            "utteranceInsights": .array(utterances.map {
                [
                    "start": .double($0.start), "end": .double($0.end), "text": .string($0.text), "confidence": .double($0.confidence),
                    "speakerId": .string(Self.aiSpeaker($0.speaker)),
                ]
            }),
            "speakerInsights": ["speakerCount": .int(speakers.count), "insights": .array(speakerInsights)],
            "conversationalInsights": .array(conversational),
        ]
    }

    static func round(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
