import App
import Archive
import Compliance
import Crypto
import Essentials
import Foundation
import Pipeline
import RingCentral
import RingCentralSimulator
import Server
import TestSupport
import Testing
import Transfer
import ZIPFoundation

/// The export route, the hold in a recording's details, and the audit entries every customer-data
/// route leaves (with how the request was allowed), over real sockets.
@Suite("Compliance routes")
struct ComplianceRouteTests {
    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test(arguments: BackendKind.all) func exportStreamsAZipWhoseManifestMatchesItsFiles(_ kind: BackendKind) async throws {
        try await withServer(kind, calls: Array(APITests.calls().prefix(2))) { h in
            try await APITests.archive(h)
            let id = "990001"
            let response = try await h.get("/recordings/\(id)/export")
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "application/zip")
            let archive = try ZIPFoundation.Archive(data: Data(response.body), accessMode: .read)
            var contents: [String: Data] = [:]
            for entry in archive {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                contents[entry.path] = data
            }
            let manifest = try JSONDecoder().decode(ExportManifest.self, from: try #require(contents["manifest.json"]))
            #expect(manifest.recordings.map(\.id) == [id])
            let roles = manifest.recordings[0].files.map(\.role)
            #expect(roles.contains("audio") && roles.contains("sidecar") && roles.contains("transcript-vtt"))
            for file in manifest.recordings[0].files {
                #expect(Self.sha256(try #require(contents[file.path])) == file.sha256, "\(file.path)")
            }
            let audio = try #require(try await h.app.catalog.files(recordingId: id).first { $0.role == .audio })
            #expect(manifest.recordings[0].files.first { $0.role == "audio" }?.sha256 == audio.sha256)
            #expect(try await h.get("/recordings/424242/export").status == 404)
            #expect(try await h.get("/recordings/\(id)/export", authorized: false).status == 401)
            // Nothing is left behind in tmp/.
            let tmp = (try? FileManager.default.contentsOfDirectory(atPath: h.home.path + "/tmp")) ?? []
            #expect(!tmp.contains { $0.hasPrefix(".export-") })
        }
    }

    @Test(arguments: BackendKind.all) func detailsShowTheHoldOrNull(_ kind: BackendKind) async throws {
        try await withServer(kind, calls: Array(APITests.calls().prefix(1))) { h in
            try await APITests.archive(h)
            let id = "990000"
            let before = ServerHarness.json(try await h.get("/recordings/\(id)"))
            #expect(before.keys.contains("hold"))
            #expect(before["hold"] is NSNull)
            let recording = try #require(try await h.app.catalog.recording(id))
            let call = try #require(try await h.app.catalog.call(recording.callId))
            let number = try #require(call.fromNumber)
            _ = try await h.app.compliance.addHold(recordingId: nil, phone: try Compliance.PhoneNumber.e164(number), reason: "Smith v. Northwind", createdBy: "test", at: 1)
            let after = ServerHarness.json(try await h.get("/recordings/\(id)"))
            let hold = try #require(after["hold"] as? [String: Any])
            #expect(hold["reason"] as? String == "Smith v. Northwind")
            #expect(hold["phone"] as? Bool == true)
            #expect(hold["createdAt"] as? String == "1970-01-01T00:00:00.001Z")
        }
    }

    @Test(arguments: BackendKind.all) func everyCustomerDataRouteIsAudited(_ kind: BackendKind) async throws {
        try await withServer(kind, calls: Array(APITests.calls().prefix(1))) { h in
            try await APITests.archive(h)
            let id = "990000"
            #expect(try await h.get("/recordings/\(id)").status == 200)
            #expect(try await h.get("/recordings/\(id)/stream", headers: ["Range": "bytes=0-99"]).status == 206)
            let path = "/recordings/\(id)/stream"
            let signed = path + "?" + h.app.signer.query(method: "GET", path: path, expires: h.app.clock.nowMillis() / 1000 + 600)
            #expect(try await h.get(signed, headers: ["Range": "bytes=100-"], authorized: false).status == 206)
            #expect(try await h.get("/recordings/\(id)/transcript?format=vtt").status == 200)
            #expect(try await h.get("/search?q=refund&direction=inbound").status == 200)
            #expect(try await h.get("/recordings?phone=555").status == 200)
            #expect(try await h.get("/recordings/\(id)/export").status == 200)
            #expect(try await h.get("/recordings/\(id)/stream", authorized: false).status == 401)

            var entries: [AuditEntry] = []
            let complete = try await eventually {
                entries = try await h.app.audit.entries(AuditQuery())
                return entries.count >= 7
            }
            #expect(complete)
            let actions = entries.map(\.event.action.rawValue)
            #expect(actions.sorted() == ["export", "recording.list", "recording.read", "search", "stream", "stream", "transcript.read"])
            let streams = entries.filter { $0.event.action == .stream }
            let ranges: [String] = streams.map { $0.event.details["range"] ?? "" }.sorted()
            #expect(ranges == ["bytes=0-99", "bytes=100-"])
            #expect(streams.contains { $0.event.actor == "token" })
            #expect(streams.contains { $0.event.actor.hasPrefix("signed-link:") })
            #expect(streams.allSatisfy { $0.event.recordingId == id && $0.event.details["status"] == "206" })
            let search = try #require(entries.first { $0.event.action == .search })
            #expect(search.event.details["query"] == "refund")
            #expect(search.event.details["direction"] == "inbound")
            #expect(entries.first { $0.event.action == .transcriptRead }?.event.details["format"] == "vtt")
            #expect(entries.first { $0.event.action == .recordingList }?.event.details["phone"] == "555")
            #expect(!entries.contains { "\($0.event.details)".contains("sig") })
            #expect(try await AuditVerifier(log: h.app.audit).run().isIntact)
        }
    }
}
