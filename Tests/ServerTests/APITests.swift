import App
import Archive
import Essentials
import Foundation
import JobQueue
import Pipeline
import RingCentral
import RingCentralSimulator
import TestSupport
import Testing
import Transfer

/// The read API over real sockets on recordings archived from the simulator: the listing with
/// filters and cursors, a recording's details, transcripts, search with signed links, metrics.
@Suite("Read API")
struct APITests {
    static func calls() -> [SimulatedCall] {
        var calls: [SimulatedCall] = []
        for index in 0..<5 {
            let format: SimulatedAudioFormat = index % 2 == 0 ? .mp3 : .wavMuLaw
            let start = Date().addingTimeInterval(-Double(3_600 * (index + 1)))
            calls.append(
                SimulatedCall.recorded(
                    id: "api-\(index)", recordingId: String(990_000 + index), format: format, durationSeconds: 8, startTime: start,
                    direction: index % 2 == 0 ? "Inbound" : "Outbound"))
        }
        return calls
    }

    /// Syncs and archives everything, transcripts included.
    static func archive(_ h: ServerHarness) async throws {
        let sync = CallLogSync(client: h.app.client!, queue: h.queue, catalog: h.app.catalog)
        _ = try await sync.run(CallLogQuery(dateFrom: Date().addingTimeInterval(-86_400), dateTo: Date()))
        try await h.drain()
    }

    @Test(arguments: BackendKind.all) func theListingFiltersAndPagesWithACursor(_ kind: BackendKind) async throws {
        try await withServer(kind, calls: Self.calls()) { h in
            try await Self.archive(h)
            var seen: [String] = []
            var cursor: String?
            repeat {
                let response = try await h.get("/recordings?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(response.status == 200)
                let body = ServerHarness.json(response)
                let page = body["recordings"] as? [[String: Any]] ?? []
                #expect(page.count <= 2)
                seen += page.compactMap { $0["id"] as? String }
                #expect(page.allSatisfy { ($0["streamUrl"] as? String)?.contains("sig=") == true })
                cursor = body["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == (0..<5).map { String(990_000 + $0) })
            let inbound = ServerHarness.json(try await h.get("/recordings?direction=inbound"))["recordings"] as? [[String: Any]] ?? []
            #expect(inbound.count == 3)
            let withTranscript = ServerHarness.json(try await h.get("/recordings?has_transcript=true"))["recordings"] as? [[String: Any]]
            #expect(withTranscript?.count == 5)
            #expect(try await h.get("/recordings?direction=sideways").status == 400)
        }
    }

    @Test(arguments: BackendKind.all) func aRecordingsDetailsCarryFilesProbeTranscriptAndAStreamLink(_ kind: BackendKind) async throws {
        try await withServer(kind, calls: Self.calls()) { h in
            try await Self.archive(h)
            let response = try await h.get("/recordings/990001")
            #expect(response.status == 200)
            let body = ServerHarness.json(response)
            let files = body["files"] as? [[String: Any]] ?? []
            #expect(Set(files.compactMap { $0["role"] as? String }) == ["audio", "original", "sidecar"])
            #expect(files.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
            #expect((body["media"] as? [String: Any])?["before"] != nil)
            let transcript = body["transcript"] as? [String: Any]
            #expect(transcript?["state"] as? String == "available")
            #expect((transcript?["insights"] as? [String: Any])?["summary"] != nil)
            let stream = try #require(body["streamUrl"] as? String)
            #expect(stream.contains("/recordings/990001/stream?exp="))
            // Relative without CALLVAULT_PUBLIC_URL; it works without the token.
            #expect(stream.hasPrefix("/recordings/"))
            let audio = try await h.get(String(stream.split(separator: "#")[0]), authorized: false)
            #expect(audio.status == 200)
            #expect(audio.headers["Content-Type"] == "audio/mpeg")

            for (format, marker) in [("txt", "(agent)"), ("vtt", "WEBVTT"), ("srt", "-->"), ("json", "\"raw\"")] {
                let text = try await h.get("/recordings/990001/transcript?format=\(format)")
                #expect(text.status == 200)
                #expect(text.bodyText.contains(marker), "\(format)")
            }
            #expect(try await h.get("/recordings/990001/transcript?format=doc").status == 400)
        }
    }

    @Test(arguments: BackendKind.all) func searchHitsCarryTheirMomentAndASignedLink(_ kind: BackendKind) async throws {
        try await withServer(kind, calls: Self.calls()) { h in
            h.simulator.setTranscript(
                SimulatedTranscript([(.agent, "Welcome to Northwind."), (.customer, "My parcel tracking number never updated.")]),
                forRecording: "990002")
            try await Self.archive(h)
            let response = try await h.get("/search?q=parcel%20tracking&limit=5")
            #expect(response.status == 200)
            let body = ServerHarness.json(response)
            #expect(body["total"] as? Int == 1)
            let hit = try #require((body["results"] as? [[String: Any]])?.first)
            #expect(hit["recordingId"] as? String == "990002")
            #expect((hit["snippet"] as? String)?.contains("«parcel»") == true)
            let start = try #require(hit["start"] as? Double)
            #expect((hit["streamUrl"] as? String)?.hasSuffix("#t=\(String(format: "%.2f", start))") == true)
            #expect(try await h.get("/search").status == 400)
            #expect(try await h.get("/search?q=%22%22%20-").status == 400)
        }
    }

    @Test(arguments: BackendKind.all) func metricsExposeQueueDepthHTTPAndWebhooks(_ kind: BackendKind) async throws {
        try await withServer(kind, calls: Self.calls()) { h in
            try await Self.archive(h)
            _ = try await h.get("/recordings")
            _ = try await h.post(
                "/webhooks/ringcentral", body: Array(#"{"nope": 1}"#.utf8), headers: ["Verification-Token": ServerHarness.webhookToken])
            let text = try await h.get("/metrics").bodyText
            #expect(text.contains("callvault_jobs{"))
            #expect(text.contains("kind=\"download-recording\""))
            #expect(text.contains("callvault_rate_limit_tokens"))
            #expect(text.contains("callvault_webhook_events_total"))
            #expect(text.contains("http_requests_total") || text.contains("hb_requests"))
            // Job durations and outcomes, by kind, from the workers that archived the calls.
            #expect(text.contains("callvault_job_duration_seconds_bucket{"))
            // The registry is the process's, shared with other tests: at least this test's five downloads.
            let completed = text.split(separator: "\n").first { $0.hasPrefix(#"callvault_job_outcomes_total{kind="download-recording",outcome="completed"} "#) }
            #expect(completed.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 >= 5 } == true, "\(text)")
        }
    }
}
