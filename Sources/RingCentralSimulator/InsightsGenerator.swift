import Essentials
import Foundation

/// Deterministic transcripts and insights for a recording (RingSense `RecordingInsights`, AI `InteractionObject`).
struct InsightsGenerator: Sendable {
    let accountId: String
    let extensionId: String

    static let agentLines = [
        "Thank you for calling, this is Alex, how can I help you today?",
        "Let me pull up your account, one moment please.",
        "I can see the invoice from last month here.",
        "I have issued a refund to your card, it should arrive in five business days.",
        "Is there anything else I can help you with?",
        "I will send you a confirmation email with the ticket number.",
    ]
    static let callerLines = [
        "Hi, I am calling about a charge on my bill that I do not recognise.",
        "Sure, my account number is four five six seven.",
        "Yes, the second charge, the one for the headset.",
        "Great, can I get a confirmation by email?",
        "No, that is all, thanks for your help.",
        "When will the replacement ship?",
    ]

    struct Turn {
        var speaker: Int
        var start: Double
        var end: Double
        var text: String
    }

    /// Speaker turns covering the recording, all within `0...duration`.
    func turns(recordingId: String, durationSeconds: Int) -> [Turn] {
        var random = SeededGenerator(string: recordingId, salt: 0x7472_616e)
        let duration = Double(max(durationSeconds, 1))
        var turns: [Turn] = []
        var time = min(0.5 + random.unit(), duration / 4)
        var speaker = 0
        var agentIndex = 0
        var callerIndex = 0
        while time < duration - 0.5 {
            let length = min(2.0 + random.unit() * 8.0, duration - time - 0.1)
            guard length > 0.2 else { break }
            let text: String
            if speaker == 0 {
                text = Self.agentLines[agentIndex % Self.agentLines.count]
                agentIndex += 1
            } else {
                text = Self.callerLines[callerIndex % Self.callerLines.count]
                callerIndex += 1
            }
            let start = (time * 100).rounded() / 100
            let end = ((time + length) * 100).rounded() / 100
            turns.append(Turn(speaker: speaker, start: start, end: min(end, duration), text: text))
            time += length + 0.2 + random.unit() * 1.2
            speaker = 1 - speaker
        }
        return turns
    }

    /// RingSense `RecordingInsights`, filtered to `types` (all when `nil`).
    func recordingInsights(call: SimulatedCall, recording: SimulatedRecording, types: Set<String>?) -> JSONValue {
        let turns = self.turns(recordingId: recording.id, durationSeconds: recording.durationSeconds)
        let party = "p-\(call.telephonySessionId.dropFirst(2))"
        let speakerIds = ["\(party)-1", "\(party)-2"]
        let duration = Double(recording.durationSeconds)
        var insights: [(key: String, value: JSONValue)] = []
        func want(_ name: String) -> Bool { types == nil || types!.contains(name) }
        if want("Transcript") {
            insights.append((key: "Transcript", value: .array(turns.map {
                ["start": .double($0.start), "end": .double($0.end), "speakerId": .string(speakerIds[$0.speaker]), "text": .string($0.text)]
            })))
        }
        if want("Summary") {
            insights.append((key: "Summary", value: [["start": 0, "end": .double(duration), "value": "The caller asked about an unrecognised charge; the agent found the invoice, issued a refund and promised an email confirmation."]]))
        }
        if want("NextSteps") {
            let at = turns.last ?? Turn(speaker: 0, start: 0, end: duration, text: "")
            insights.append((key: "NextSteps", value: [["start": .double(at.start), "end": .double(at.end), "value": "Send the confirmation email with the ticket number.", "speakerId": .string(speakerIds[0])]]))
        }
        if want("Highlights") {
            let at = turns.dropFirst(3).first ?? turns.first ?? Turn(speaker: 0, start: 0, end: duration, text: "")
            insights.append((key: "Highlights", value: [["start": .double(at.start), "end": .double(at.end), "value": "Refund issued for the duplicate headset charge.", "speakerId": .string(speakerIds[at.speaker])]]))
        }
        if want("BulletedSummary") {
            insights.append((key: "BulletedSummary", value: [["value": "Caller disputed a charge."], ["value": "Agent issued a refund.", "section": "Resolution"]]))
        }
        if want("AIScore") {
            insights.append((key: "AIScore", value: [["value": "8"]]))
        }
        if want("CallNotes") {
            insights.append((key: "CallNotes", value: [["value": "Call notes.\nCaller disputed a headset charge; refund issued."]]))
        }
        if want("Sentiment") {
            var sentimentRandom = SeededGenerator(string: recording.id)
            let sentiment = ["Positive", "Neutral", "Negative"][Int(sentimentRandom.next() % 3)]
            insights.append((key: "Sentiment", value: [["value": .string(sentiment)]]))
        }
        let owner = call.direction == "Outbound" ? call.from : call.to
        let other = call.direction == "Outbound" ? call.to : call.from
        let modified = call.startTime.addingTimeInterval(Double(call.durationMs) / 1000 + 600)
        return [
            "title": .string("Call from \(call.from.name ?? call.from.phoneNumber ?? "Unknown") to \(call.to.name ?? call.to.phoneNumber ?? "Unknown")"),
            "domain": "pbx",
            "sourceSessionId": .string(call.telephonySessionId),
            "sourceRecordId": .string(recording.id),
            "callDirection": .string(call.direction),
            "ownerExtensionId": .string(owner.extensionId ?? self.extensionId),
            "recordingDurationMs": .int(recording.durationSeconds * 1000),
            "recordingStartTime": .string(ISO8601.string(call.startTime)),
            "creationTime": .string(ISO8601.string(modified)),
            "lastModifiedTime": .string(ISO8601.string(modified)),
            "speakerInfo": [
                ["speakerId": .string(speakerIds[0]), "name": .string(owner.name ?? "Agent"), "accountId": .string(self.accountId), "extensionId": .string(owner.extensionId ?? self.extensionId)],
                ["speakerId": .string(speakerIds[1]), "name": .string(other.name ?? "Caller"), "accountId": nil, "extensionId": nil],
            ],
            "insights": .object(insights),
        ]
    }

    /// AI API `InteractionObject` (analyze-interaction) response.
    func interaction(recordingId: String, durationSeconds: Int) -> JSONValue {
        let turns = self.turns(recordingId: recordingId, durationSeconds: durationSeconds)
        let first = turns.first?.start ?? 0
        let last = turns.last?.end ?? Double(durationSeconds)
        let words = turns.reduce(0) { $0 + $1.text.split(separator: " ").count }
        return [
            "utteranceInsights": .array(turns.map {
                ["start": .double($0.start), "end": .double($0.end), "text": .string($0.text), "confidence": 0.91, "speakerId": .string(String($0.speaker))]
            }),
            "speakerInsights": [
                "speakerCount": 2,
                "insights": [
                    ["name": "Pace", "values": [["speakerId": "0", "value": "medium", "wpm": .double(Double(words) / max(last - first, 1) * 60)]]],
                    ["name": "TalkToListenRatio", "values": [["speakerId": "0", "value": "55:45"], ["speakerId": "1", "value": "45:55"]]],
                    ["name": "QuestionsAsked", "values": [["speakerId": "0", "value": 1, "questions": [["text": "Is there anything else I can help you with?", "start": .double(first), "end": .double(last)]]]]],
                ],
            ],
            "conversationalInsights": [
                ["name": "KeyPhrases", "values": [["start": .double(first), "end": .double(first + 1), "value": "refund", "confidence": 0.92]]],
                ["name": "ExtractiveSummary", "values": [["sentence": .string(turns.first?.text ?? ""), "start": .double(first), "end": .double(turns.first?.end ?? last), "speakerId": "0"]]],
                ["name": "Topics", "values": [["value": "billing dispute", "start": .double(first), "end": .double(last), "confidence": 0.9]]],
                ["name": "AbstractiveSummaryLong", "values": [["value": "The agent helps the caller with a disputed charge and issues a refund.", "start": .double(first), "end": .double(last), "confidence": 0.4, "groupId": "0"]]],
                ["name": "AbstractiveSummaryShort", "values": [["value": "Refund for a disputed charge.", "start": .double(first), "end": .double(last), "confidence": 0.4]]],
            ],
        ]
    }

    /// AI API `TranscribedObject` (speech-to-text) response.
    func transcription(recordingId: String, durationSeconds: Int) -> JSONValue {
        let turns = self.turns(recordingId: recordingId, durationSeconds: durationSeconds)
        var words: [JSONValue] = []
        for turn in turns {
            let parts = turn.text.split(separator: " ")
            let step = (turn.end - turn.start) / Double(max(parts.count, 1))
            for (index, word) in parts.enumerated() {
                let start = ((turn.start + step * Double(index)) * 100).rounded() / 100
                words.append(["word": .string(String(word)), "start": .double(start), "end": .double(min(start + step, turn.end)), "confidence": 0.9, "speakerId": .string(String(turn.speaker))])
            }
        }
        return [
            "speakerCount": 2,
            "transcript": .string(turns.map(\.text).joined(separator: " ")),
            "confidence": 0.9,
            "words": .array(words),
            "utterances": .array(turns.map {
                ["start": .double($0.start), "end": .double($0.end), "text": .string($0.text), "confidence": 0.9, "speakerId": .string(String($0.speaker))]
            }),
        ]
    }
}
