import Essentials
import Foundation
import Media
import Testing

@Suite struct NotAudioTests {
    private func classify(_ bytes: [UInt8]) async throws -> NonAudioContent? {
        let dir = try TemporaryDirectory()
        let path = dir.file("download.part")
        try writeBytes(bytes, to: path)
        if case .notAudio(let content) = try await MediaValidator().validate(path: path) { return content }
        return nil
    }

    @Test func emptyFile() async throws {
        let content = try #require(try await classify([]))
        #expect(content.kind == .empty)
        #expect(content.message.contains("empty"))
        #expect(!content.isRateLimitBody)
    }

    @Test func jsonErrorBody() async throws {
        let body = #"{"errorCode":"AGW-401","message":"Authorization header is not specified","errors":[]}"#
        let content = try #require(try await classify(Array(body.utf8)))
        #expect(content.kind == .json)
        #expect(content.errorCode == "AGW-401")
        #expect(!content.isRateLimitBody)
        #expect(content.textPreview?.hasPrefix(#"{"errorCode":"AGW-401""#) == true)
        #expect(content.message.contains("JSON"))
    }

    @Test func ringCentralRateLimitBodyIsFlagged() async throws {
        let body = """
            {
              "errorCode" : "CMN-301",
              "message" : "Request rate exceeded",
              "errors" : [ {
                "errorCode" : "CMN-301",
                "message" : "Request rate exceeded"
              } ]
            }
            """
        let content = try #require(try await classify(Array(body.utf8)))
        #expect(content.kind == .json)
        #expect(content.isRateLimitBody)
        #expect(content.errorCode == "CMN-301")
        #expect(content.message.contains("rate limit"))
        #expect(content.textPreview?.contains("Request rate exceeded") == true)
    }

    @Test func longJSONPreviewIsAbout200Characters() async throws {
        let body = "[" + (0..<500).map { "\($0)" }.joined(separator: ",") + "]"
        let content = try #require(try await classify(Array(body.utf8)))
        #expect(content.kind == .json)
        #expect(content.textPreview?.count == 200)
    }

    @Test func htmlPage() async throws {
        let body = "<!DOCTYPE html>\n<html><head><title>RingCentral Media Reader</title></head><body>Sign in</body></html>"
        let content = try #require(try await classify(Array(body.utf8)))
        #expect(content.kind == .html)
        #expect(content.message.contains("HTML"))
        #expect(content.message.contains("Media Reader"))
    }

    @Test func xmlDocument() async throws {
        let body = #"<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code></Error>"#
        let content = try #require(try await classify(Array(body.utf8)))
        #expect(content.kind == .xml)
        #expect(content.message.contains("XML"))
        #expect(content.message.contains("AccessDenied"))
    }

    @Test func randomBytes() async throws {
        // Deterministic pseudo-random bytes with no audio signature.
        var state: UInt64 = 0x1234_5678
        var bytes: [UInt8] = []
        for _ in 0..<8192 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        bytes[0] = 0x13
        let content = try #require(try await classify(bytes))
        #expect(content.kind == .binary)
        #expect(content.message.contains("binary"))
        #expect(content.message.contains("8192 bytes"))
    }

    @Test func sniffingBytesDirectly() {
        #expect(ContentSniffer.sniff(head: Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8), byteCount: 100) == .audioCandidate("wav"))
        #expect(ContentSniffer.sniff(head: Array("ID3\u{4}".utf8), byteCount: 100) == .audioCandidate("mp3"))
        #expect(ContentSniffer.sniff(head: [0xFF, 0xF3, 0x14, 0xC4], byteCount: 100) == .audioCandidate("mp3"))
    }
}
