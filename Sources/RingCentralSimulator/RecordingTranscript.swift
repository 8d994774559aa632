import Essentials
import Foundation

/// The transcript of one recording as served: its scenario, its speakers and its timed utterances.
struct RecordingTranscript: Sendable {
    var scenario: TranscriptScenario
    var utterances: [SimulatedUtterance]
    /// The agent's party (an extension of the account).
    var agent: SimulatedParty
    /// The party index of the agent in RingSense speaker ids.
    var agentIndex: Int
    /// The outside party.
    var customer: SimulatedParty

    /// Builds the transcript of `recording` in `call`: `forced` if given, otherwise generated from the recording id.
    init(call: SimulatedCall, recording: SimulatedRecording, forced: SimulatedTranscript?) {
        let speakers = call.speakers(of: recording)
        self.agent = speakers.agent
        self.agentIndex = speakers.agentIndex
        self.customer = speakers.customer
        let agentName = speakers.agent.name ?? "Agent"
        let customerName = speakers.customer.name ?? speakers.customer.phoneNumber ?? "Customer"
        let duration = Double(max(recording.durationSeconds, 0))
        if let forced {
            self.scenario = .custom
            self.utterances = Self.layout(
                forced.lines, duration: duration, seed: recording.id, names: (agentName, customerName), mayDrop: false
            )
        } else {
            let scenario = TranscriptScenario.scenario(for: recording.id)
            self.scenario = scenario
            let script = scenario.script(recordingId: recording.id, agentName: agentName).lines
            let lines = Self.padded(script, closingCount: scenario.closingCount, duration: duration, seed: recording.id)
            self.utterances = Self.layout(lines, duration: duration, seed: recording.id, names: (agentName, customerName), mayDrop: true)
        }
    }

    /// Speaking rate in words per second, per speaker, seeded.
    private static func rates(_ random: inout SeededGenerator) -> [SimulatedTranscript.Speaker: Double] {
        [.agent: 2.4 + random.unit() * 0.6, .customer: 2.1 + random.unit() * 0.7]
    }

    private static func wordCount(_ text: String) -> Int {
        max(text.split(separator: " ").count, 1)
    }

    /// Roughly how long `lines` take at an average pace, pauses included.
    private static func estimate(_ lines: [SimulatedTranscript.Line]) -> Double {
        lines.reduce(1.0) { $0 + Double(wordCount($1.text)) / 2.5 + 0.3 + 0.7 }
    }

    /// Inserts filler exchanges before the closing until the script fills most of a long recording.
    private static func padded(
        _ lines: [SimulatedTranscript.Line], closingCount: Int, duration: Double, seed: String
    ) -> [SimulatedTranscript.Line] {
        var body = Array(lines.dropLast(closingCount))
        let closing = Array(lines.suffix(closingCount))
        var random = SeededGenerator(string: seed, salt: 0x6669_6c6c)
        var next = Int(random.next() % UInt64(TranscriptScenario.fillers.count / 2)) * 2
        let target = duration * 0.85
        var guardCount = 0
        while estimate(body + closing) < target, guardCount < 10_000 {
            for index in [next, next + 1] {
                let filler = TranscriptScenario.fillers[index % TranscriptScenario.fillers.count]
                body.append(SimulatedTranscript.Line(speaker: filler.0, text: filler.1))
            }
            next = (next + 2) % TranscriptScenario.fillers.count
            guardCount += 1
        }
        return body + closing
    }

    /// Times `lines` inside `duration` seconds.
    ///
    /// Lines are spoken at a seeded natural rate with short pauses. When they do not fit, generated scripts lose their
    /// last lines (the call simply ended) down to one line, and whatever is left is spoken faster so that every
    /// utterance ends inside the recording.
    static func layout(
        _ lines: [SimulatedTranscript.Line], duration: Double, seed: String, names: (agent: String, customer: String), mayDrop: Bool
    ) -> [SimulatedUtterance] {
        guard !lines.isEmpty, duration > 0 else { return [] }
        var random = SeededGenerator(string: seed, salt: 0x7469_6d65)
        let rates = Self.rates(&random)
        let leadIn = 0.4 + random.unit() * 1.1
        var speech: [Double] = []
        var gaps: [Double] = []
        for (index, line) in lines.enumerated() {
            speech.append(Double(wordCount(line.text)) / rates[line.speaker]! + 0.25)
            gaps.append(index == 0 ? leadIn : 0.25 + random.unit() * 0.95)
        }
        let available = max(duration - 0.3, duration * 0.9)
        var count = lines.count
        func total(_ count: Int) -> Double { speech.prefix(count).reduce(0, +) + gaps.prefix(count).reduce(0, +) }
        if mayDrop {
            while count > 1, total(count) > available {
                count -= 1
            }
        }
        let scale = min(1, available / max(total(count), 0.001))
        var time = 0.0
        var result: [SimulatedUtterance] = []
        for index in 0..<count {
            time += gaps[index] * scale
            let start = Self.round(time)
            time += speech[index] * scale
            let end = min(Self.round(time), Self.round(duration))
            guard end > start else { break }
            let line = lines[index]
            let confidence = Self.round(0.82 + random.unit() * 0.16)
            result.append(
                SimulatedUtterance(
                    speaker: line.speaker,
                    speakerName: line.speaker == .agent ? names.agent : names.customer,
                    start: start, end: end, text: line.text,
                    words: Self.words(line.text, start: start, end: end, random: &random),
                    confidence: confidence
                )
            )
        }
        return result
    }

    /// Spreads `text`'s words over `start…end`, longer words taking longer.
    private static func words(_ text: String, start: Double, end: Double, random: inout SeededGenerator) -> [SimulatedUtterance.Word] {
        let words = text.split(separator: " ").map(String.init)
        let weights = words.map { Double($0.count + 1) }
        let total = weights.reduce(0, +)
        var time = start
        var result: [SimulatedUtterance.Word] = []
        for (index, word) in words.enumerated() {
            let length = (end - start) * weights[index] / total
            let wordStart = Self.round(time)
            let wordEnd = index == words.count - 1 ? end : min(Self.round(time + length * 0.92), end)
            result.append(SimulatedUtterance.Word(text: word, start: wordStart, end: max(wordEnd, wordStart), confidence: Self.round(0.75 + random.unit() * 0.24)))
            time += length
        }
        return result
    }

    /// Rounds to hundredths.
    static func round(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
