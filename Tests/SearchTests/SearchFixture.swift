import Archive
import Essentials
import Foundation
import TestSupport
import Transcripts

/// A small archive with known answers, stored through the catalog protocols only (so the same
/// suite can run on every back end): six calls with their recordings and transcripts.
///
/// Segment `n` of a recording starts at `10 n` seconds and ends 5 seconds later, so a hit is
/// named `recording#n` (see ``SearchFixture/names(_:)``).
struct SearchFixture {
    let backend: TestBackend
    var transcripts: any TranscriptCatalog { backend.transcripts }

    /// A call of the fixture: who, when, and what was said by whom (`a` agent, `c` customer,
    /// `0`/`1` speakers of unknown role).
    struct Call {
        var recording: String
        var start: String
        var direction: String
        var from: String
        var to: String
        var speakers: [TranscriptSpeaker]
        var lines: [(speaker: String, text: String)]
    }

    static let calls: [Call] = [
        Call(
            recording: "rA", start: "2025-03-10T09:00:00.000Z", direction: "Inbound", from: "+16505551212", to: "+16505550100",
            speakers: [agent("Grace Kim"), customer("María López")],
            lines: [
                ("a", "Thank you for calling, how can I help you today?"),
                ("c", "I need a refund for my order, the refund never arrived."),
                ("a", "I can help with the refund policy."),
                ("c", "Great, my e-mail is maria at example dot com."),
            ]),
        Call(
            recording: "rB", start: "2025-03-11T14:30:00.000Z", direction: "Outbound", from: "+16505550100", to: "+442079460958",
            speakers: [agent("José Núñez"), customer("Tom Becker")],
            lines: [
                ("a", "Hello, this is José from the café support team."),
                ("c", "Bonjour! «La crème brûlée» machine is broken."),
                ("a", "Your warranty covers a replacement, not a refund."),
                ("c", "Please cancel my subscription."),
            ]),
        Call(
            recording: "rC", start: "2025-03-12T00:00:00.000Z", direction: "Inbound", from: "+15551234567", to: "+16505550100",
            speakers: [agent("Grace Kim"), customer(nil)],
            lines: [
                ("a", "Your credit card payment was declined."),
                ("c", "Can I pay with another card? Don't cancel my account."),
                ("a", "Cards ending in 4242 are accepted."),
            ]),
        Call(
            recording: "rD", start: "2025-03-12T23:59:59.999Z", direction: "Inbound", from: "+14155550199", to: "+16505550100",
            speakers: [TranscriptSpeaker(id: "0"), TranscriptSpeaker(id: "1")],
            lines: [
                ("0", "The refund was processed yesterday."),
                ("1", "Thanks, goodbye."),
            ]),
        Call(
            recording: "rE", start: "2025-02-01T10:00:00.000Z", direction: "Outbound", from: "+16505550101", to: "+16505551212",
            speakers: [agent("Zoë Martin"), customer("María López")],
            lines: [
                ("a", "alpha bravo charlie delta echo"),
                ("c", "alpha alpha bravo charlie delta"),
                ("a", "zulu yankee"),
                ("c", "yankee zulu xray"),
            ]),
        Call(
            recording: "rF", start: "2025-01-15T08:00:00.000Z", direction: "Inbound", from: "+33142685300", to: "+16505550102",
            speakers: [agent("Farid Haddad"), customer("Chloé")],
            lines: (0..<30).map { ($0 % 2 == 0 ? "a" : "c", "bulk item number\($0)") }),
    ]

    static func agent(_ name: String) -> TranscriptSpeaker {
        TranscriptSpeaker(id: "a", name: name, isInternal: true, extensionId: "101")
    }

    static func customer(_ name: String?) -> TranscriptSpeaker {
        TranscriptSpeaker(id: "c", name: name, isInternal: false)
    }

    /// Milliseconds of an ISO 8601 time.
    static func millis(_ text: String) -> Int64 {
        Millis.from(Millis.parse(text)!)
    }

    /// A fresh back end holding the fixture.
    static func make() async throws -> SearchFixture {
        let fixture = SearchFixture(backend: try await TestBackend.make())
        for call in calls { try await fixture.store(call, version: 1) }
        return fixture
    }

    /// Stores a call, its recording and its transcript (version `version`).
    func store(_ call: Call, version: Int64) async throws {
        let callId = "call-" + call.recording
        try await backend.catalog.upsertCall(
            CallEntry(
                id: callId, startTimeMillis: Self.millis(call.start), direction: call.direction, fromNumber: call.from,
                toNumber: call.to, recordJSON: "{}"))
        try await backend.catalog.upsertRecording(
            RecordingEntry(id: call.recording, callId: callId, contentUri: "https://media.example/\(call.recording)"))
        let segments = call.lines.enumerated().map { index, line in
            TranscriptSegment(speakerId: line.speaker, start: Double(index * 10), end: Double(index * 10 + 5), text: line.text)
        }
        let transcript = Transcript(source: .ringsense, versionMillis: version, speakers: call.speakers, segments: segments)
        let stored = try await transcripts.replaceTranscript(
            recordingId: call.recording, transcript: transcript,
            file: TranscriptFile(relativePath: "\(call.recording).transcript.json", bytes: 1, sha256: "00"))
        precondition(stored)
    }

    /// Runs a search.
    func search(
        _ text: String, from: String? = nil, to: String? = nil, phone: String? = nil, speaker: String? = nil,
        direction: String? = nil, recording: String? = nil, limit: Int = 100, offset: Int = 0
    ) async throws -> SearchResults {
        try await transcripts.search(
            SearchRequest(
                query: SearchQuery.parse(text), fromMillis: from.map(Self.millis), toMillis: to.map(Self.millis), phone: phone,
                speaker: speaker, direction: direction, recordingId: recording, limit: limit, offset: offset))
    }

    /// The hits' names (`recording#segment`), in order.
    static func names(_ results: SearchResults) -> [String] {
        results.results.map { "\($0.recordingId)#\(Int($0.start) / 10)" }
    }

    /// The hits' names as a set, for filters where the order is not the point.
    func found(
        _ text: String, from: String? = nil, to: String? = nil, phone: String? = nil, speaker: String? = nil,
        direction: String? = nil, recording: String? = nil
    ) async throws -> Set<String> {
        Set(Self.names(try await search(
            text, from: from, to: to, phone: phone, speaker: speaker, direction: direction, recording: recording)))
    }

    /// The recordings with a hit.
    func recordings(
        _ text: String, from: String? = nil, to: String? = nil, phone: String? = nil, direction: String? = nil
    ) async throws -> Set<String> {
        Set(try await search(text, from: from, to: to, phone: phone, direction: direction).results.map(\.recordingId))
    }

    /// A query with at least one hit in every recording.
    static let everything = "refund OR your OR alpha OR bulk OR thanks"

    func remove() { backend.remove() }
}
