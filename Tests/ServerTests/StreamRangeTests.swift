import App
import Archive
import Essentials
import Foundation
import Media
import TestSupport
import Testing
import Transfer

@testable import Server

/// `GET`/`HEAD /recordings/{id}/stream` for an archived recording over a real socket: every
/// answer of the Range matrix byte for byte, as nginx 1.22 answers for a static file (the same
/// cases were run against it; see ByteRangeRequest).
@Suite("Stream: byte ranges")
struct StreamRangeTests {
    @Test(arguments: TestStorage.allCases)
    func rangesAreAnsweredAsNginxAnswersThem(storage: TestStorage) async throws {
        try await StreamFixture.with(environment: try await storage.environment()) { f in
            let (stored, bytes) = try await f.file(id: "5001", format: .mp3(bitRate: 32_000), seconds: 20)
            let size = bytes.count
            #expect(Int64(size) == stored.bytes)
            let path = "/recordings/5001/stream"
            let name = (stored.relativePath as NSString).lastPathComponent

            // The whole file.
            let whole = try await f.request(path)
            #expect(whole.status == 200)
            #expect(whole.body == bytes)
            #expect(whole.header("Content-Length") == String(size))
            #expect(whole.header("Accept-Ranges") == "bytes")
            #expect(whole.header("Content-Type") == "audio/mpeg")
            #expect(whole.header("ETag") == "\"\(stored.sha256)\"")
            #expect(whole.header("Content-Disposition") == "inline; filename=\"\(name)\"")
            #expect(whole.header("Content-Range") == nil)

            // One range, as Safari probes; open-ended, as Chrome and ffmpeg seek; suffix; past the end.
            let cases: [(range: String, slice: Range<Int>)] = [
                ("bytes=0-1", 0..<2),
                ("bytes=100-", 100..<size),
                ("bytes=0-", 0..<size),
                ("bytes=-500", (size - 500)..<size),
                ("bytes=-\(size * 2)", 0..<size),
                ("bytes=1000-99999999", 1000..<size),
                ("bytes=\(size - 1)-\(size - 1)", (size - 1)..<size),
                ("BYTES=5-9", 5..<10),
                ("bytes= 5 - 9 ", 5..<10),
                ("bytes=0-1,\(size)-", 0..<2),  // an unsatisfiable member is dropped
            ]
            for item in cases {
                let response = try await f.request(path, headers: [("Range", item.range)])
                #expect(response.status == 206, "\(item.range)")
                #expect(response.body == Array(bytes[item.slice]), "\(item.range)")
                #expect(response.header("Content-Range") == "bytes \(item.slice.lowerBound)-\(item.slice.upperBound - 1)/\(size)", "\(item.range)")
                #expect(response.header("Content-Length") == String(item.slice.count), "\(item.range)")
                #expect(response.header("Accept-Ranges") == "bytes", "\(item.range)")
                #expect(response.header("ETag") == "\"\(stored.sha256)\"", "\(item.range)")
            }

            // Ignored: another unit, an empty set, ranges adding up to more than the file (overlaps).
            for range in ["items=0-1", "bytes=", "bytes=0-\(size - 1),0-9", "bytes=0-\(size / 2),\(size / 2)-"] {
                let response = try await f.request(path, headers: [("Range", range)])
                #expect(response.status == 200, "\(range)")
                #expect(response.body == bytes, "\(range)")
                #expect(response.header("Content-Range") == nil, "\(range)")
            }

            // Unsatisfiable, and malformed sets, which nginx answers with 416 rather than ignoring.
            for range in [
                "bytes=\(size)-", "bytes=\(size + 10)-\(size + 20)", "bytes=-0", "bytes=9-5", "bytes=abc", "bytes=1-2,", "bytes=1-2;x",
                "bytes=0-1,x", "bytes=99999999999999999999-",
            ] {
                let response = try await f.request(path, headers: [("Range", range)])
                #expect(response.status == 416, "\(range)")
                #expect(response.header("Content-Range") == "bytes */\(size)", "\(range)")
                #expect(response.header("Accept-Ranges") == "bytes", "\(range)")
                #expect(response.errorCode == "range-not-satisfiable", "\(range)")
            }
        }
    }

    @Test func severalRangesAreOneMultipartBodyLaidOutAsNginxLaysItOut() async throws {
        try await StreamFixture.with { f in
            let (_, bytes) = try await f.file(id: "5002", format: .mp3(bitRate: 32_000), seconds: 10)
            let size = bytes.count
            // Overlapping ranges that add up to less than the file are kept as asked, in order.
            for (range, slices) in [
                ("bytes=0-9,20-29", [0..<10, 20..<30]),
                ("bytes=-5,0-0", [(size - 5)..<size, 0..<1]),
                ("bytes=0-9,5-14", [0..<10, 5..<15]),
                ("bytes=100-199,\(size - 100)-", [100..<200, (size - 100)..<size]),
            ] {
                let response = try await f.request("/recordings/5002/stream", headers: [("Range", range)])
                #expect(response.status == 206, "\(range)")
                let type = try #require(response.header("Content-Type"), "\(range)")
                #expect(type.hasPrefix("multipart/byteranges; boundary="), "\(range)")
                let boundary = String(type.dropFirst("multipart/byteranges; boundary=".count))
                #expect(boundary.count == 20 && boundary.allSatisfy(\.isNumber), "\(range)")
                var expected: [UInt8] = []
                for slice in slices {
                    expected += Array(
                        "\r\n--\(boundary)\r\nContent-Type: audio/mpeg\r\nContent-Range: bytes \(slice.lowerBound)-\(slice.upperBound - 1)/\(size)\r\n\r\n"
                            .utf8)
                    expected += bytes[slice]
                }
                expected += Array("\r\n--\(boundary)--\r\n".utf8)
                #expect(response.body == expected, "\(range)")
                #expect(response.header("Content-Length") == String(expected.count), "\(range)")
                #expect(response.header("Content-Range") == nil, "\(range)")
            }
        }
    }

    @Test func largeFilesAndWAVAreStreamedWhole() async throws {
        try await StreamFixture.with { f in
            // 60 s of 16-bit PCM at 8 kHz: 960 kB, many read chunks.
            let (stored, bytes) = try await f.file(id: "5003", format: .wavPCM16, seconds: 60)
            #expect(stored.format == "wav")
            let whole = try await f.request("/recordings/5003/stream", headers: [("Accept-Encoding", "gzip, br")])
            #expect(whole.status == 200)
            #expect(whole.header("Content-Type") == "audio/wav")
            #expect(whole.header("Content-Encoding") == nil)
            #expect(whole.body == bytes)
            let tail = try await f.request("/recordings/5003/stream", headers: [("Range", "bytes=100000-")])
            #expect(tail.status == 206)
            #expect(tail.body == Array(bytes[100_000...]))
            let many = try await f.request("/recordings/5003/stream", headers: [("Range", "bytes=0-199999,300000-599999")])
            #expect(many.status == 206)
            #expect(many.body.count == Int(many.header("Content-Length") ?? "") ?? -1)
        }
    }

    @Test func headAnswersWhatGetWouldWithoutTheBody() async throws {
        try await StreamFixture.with { f in
            let (stored, bytes) = try await f.file(id: "5004", format: .mp3(bitRate: 32_000), seconds: 10)
            let get = try await f.request("/recordings/5004/stream")
            let head = try await f.request("/recordings/5004/stream", method: .head)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            for name in ["Content-Length", "Content-Type", "ETag", "Last-Modified", "Accept-Ranges", "Content-Disposition"] {
                #expect(head.header(name) == get.header(name), "\(name)")
            }
            #expect(head.header("Content-Length") == String(bytes.count))
            // nginx answers HEAD with a Range as it answers GET: a 206 head.
            let ranged = try await f.request("/recordings/5004/stream", method: .head, headers: [("Range", "bytes=10-19")])
            #expect(ranged.status == 206)
            #expect(ranged.header("Content-Range") == "bytes 10-19/\(stored.bytes)")
            #expect(ranged.header("Content-Length") == "10")
            #expect(ranged.body.isEmpty)
        }
    }

    @Test func signedLinksAndDownloadsNameTheArchiveFile() async throws {
        try await StreamFixture.with { f in
            let (stored, bytes) = try await f.file(id: "5005", format: .mp3(bitRate: 32_000), seconds: 5)
            let name = (stored.relativePath as NSString).lastPathComponent
            let url = f.signedURL("5005")
            let inline = try await f.request(url, bearer: false)
            #expect(inline.status == 200)
            #expect(inline.body == bytes)
            #expect(inline.header("Content-Disposition") == "inline; filename=\"\(name)\"")
            // `download` is not signed: the same link with it still verifies.
            let attachment = try await f.request(url + "&download=1", headers: [("Range", "bytes=0-3")], bearer: false)
            #expect(attachment.status == 206)
            #expect(attachment.header("Content-Disposition") == "attachment; filename=\"\(name)\"")
            #expect(attachment.body == Array(bytes[0..<4]))
            let tampered = try await f.request(url.replacingOccurrences(of: "5005", with: "5006"), bearer: false)
            #expect(tampered.status == 403)
            let anonymous = try await f.request("/recordings/5005/stream", bearer: false)
            #expect(anonymous.status == 401)
        }
    }

    @Test func unknownAndUnarchivedRecordingsAreJSONErrors() async throws {
        try await StreamFixture.with { f in
            let unknown = try await f.request("/recordings/424242/stream")
            #expect(unknown.status == 404)
            #expect(unknown.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(unknown.errorCode == "not-found")
            // Known but not archived, without RingCentral configured to proxy it.
            try await f.app.catalog.upsertCall(
                CallEntry(id: "c-9", startTimeMillis: StreamFixture.now, qualification: "accepted", recordJSON: "{}"))
            try await f.app.catalog.upsertRecording(
                RecordingEntry(id: "9009", callId: "c-9", contentUri: "https://media.example/restapi/v1.0/account/~/recording/9009/content"))
            let pending = try await f.request("/recordings/9009/stream")
            #expect(pending.status == 404)
            #expect(pending.errorCode == "not-archived")
            #expect(!pending.bodyText.contains("media.example"))
        }
    }

    @Test func bytesStreamedAreCounted() async throws {
        try await StreamFixture.with { f in
            let (_, bytes) = try await f.file(id: "5007", format: .wavPCM16, seconds: 10)
            let bytesBefore = try await metric(f, "callvault_stream_bytes_total{source=\"archive\"}")
            let readsBefore = try await metric(f, "callvault_stream_reads_total{path=\"memory\"}")
            _ = try await f.request("/recordings/5007/stream")
            _ = try await f.request("/recordings/5007/stream", headers: [("Range", "bytes=0-99")])
            // Other suites stream in the same process at the same time: at least these bytes.
            #expect(try await metric(f, "callvault_stream_bytes_total{source=\"archive\"}") - bytesBefore >= Double(bytes.count + 100))
            // The file was just filed, so its pages are in memory: the range is read without the pool.
            #expect(try await metric(f, "callvault_stream_reads_total{path=\"memory\"}") > readsBefore)
        }
    }

    @Test func theDispositionNamesTheKeysLastComponent() {
        let cases: [(String, String)] = [
            ("recordings/2026/01/06/20260106T103000Z_recording_42.mp3", "20260106T103000Z_recording_42.mp3"),
            ("name.wav", "name.wav"), ("a//b", "b"), ("a/b/", "b"), ("/", "/"), ("", ""), ("recordings/é/ü.mp3", "ü.mp3"),
        ]
        for (key, name) in cases {
            #expect(AudioRepresentation.fileName(of: key) == name, "\(key)")
            #expect(AudioRepresentation.fileName(of: key) == (key.split(separator: "/").last.map(String.init) ?? key))
        }
    }

    private func metric(_ f: StreamFixture, _ series: String) async throws -> Double {
        let metrics = try await f.request("/metrics")
        let line = metrics.bodyText.split(separator: "\n").first { $0.hasPrefix(series + " ") }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } ?? 0
    }
}
