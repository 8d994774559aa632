import App
import Archive
import Essentials
import Foundation
import Media
import Testing
import Transfer

/// The preconditions of the stream in RFC 9110 §13.2.2's order, over a real socket: `If-Range`
/// (strong comparison, a date too), `If-None-Match`, `If-Modified-Since`, `If-Match`,
/// `If-Unmodified-Since`.
@Suite("Stream: conditional requests")
struct StreamConditionalTests {
    @Test func preconditionsAreEvaluatedInRFC9110Order() async throws {
        try await StreamFixture.with { f in
            let (stored, bytes) = try await f.file(id: "6001", format: .mp3(bitRate: 32_000), seconds: 10)
            // The file was filed "now"; a second later its Last-Modified is a strong validator.
            f.clock.advance(byMillis: 10_000)
            let path = "/recordings/6001/stream"
            let plain = try await f.request(path)
            let etag = "\"\(stored.sha256)\""
            #expect(plain.header("ETag") == etag)
            let lastModified = try #require(plain.header("Last-Modified"))
            #expect(lastModified == Self.httpDate(stored.createdAt / 1000))
            let earlier = Self.httpDate(stored.createdAt / 1000 - 60)
            let later = Self.httpDate(stored.createdAt / 1000 + 60)

            func check(_ headers: [(String, String)], _ status: Int, body expected: [UInt8]?, _ note: Comment) async throws {
                let response = try await f.request(path, headers: headers)
                #expect(response.status == status, note)
                if let expected { #expect(response.body == expected, note) }
                if status == 304 {
                    #expect(response.body.isEmpty, note)
                    #expect(response.header("ETag") == etag, note)
                    #expect(response.header("Last-Modified") == lastModified, note)
                }
            }
            let range = ("Range", "bytes=0-99")
            let part = Array(bytes[0..<100])

            // If-Range: the range applies only to the same representation, by strong comparison.
            try await check([range, ("If-Range", etag)], 206, body: part, "If-Range matching ETag")
            try await check([range, ("If-Range", "\"0000\"")], 200, body: bytes, "If-Range other ETag")
            try await check([range, ("If-Range", "W/\(etag)")], 200, body: bytes, "If-Range weak ETag never matches")
            try await check([range, ("If-Range", lastModified)], 206, body: part, "If-Range equal date")
            try await check([range, ("If-Range", earlier)], 200, body: bytes, "If-Range other date")
            try await check([range, ("If-Range", "not a date")], 200, body: bytes, "If-Range garbage")
            try await check([("If-Range", etag)], 200, body: bytes, "If-Range without Range")

            // If-None-Match: weak comparison, lists, `*`; then If-Modified-Since only without it.
            try await check([("If-None-Match", etag)], 304, body: nil, "If-None-Match matching")
            try await check([("If-None-Match", "W/\(etag)")], 304, body: nil, "If-None-Match weak matches")
            try await check([("If-None-Match", "\"a\", \(etag)")], 304, body: nil, "If-None-Match list")
            try await check([("If-None-Match", "*")], 304, body: nil, "If-None-Match star")
            try await check([("If-None-Match", "\"other\"")], 200, body: bytes, "If-None-Match other")
            try await check([("If-None-Match", etag), range], 304, body: nil, "304 wins over Range")
            try await check([("If-Modified-Since", lastModified)], 304, body: nil, "If-Modified-Since equal")
            try await check([("If-Modified-Since", later)], 304, body: nil, "If-Modified-Since later")
            try await check([("If-Modified-Since", earlier)], 200, body: bytes, "If-Modified-Since earlier")
            try await check([("If-Modified-Since", "yesterday")], 200, body: bytes, "If-Modified-Since invalid is ignored")
            try await check(
                [("If-None-Match", "\"other\""), ("If-Modified-Since", later)], 200, body: bytes, "If-Modified-Since ignored with If-None-Match")

            // If-Match and If-Unmodified-Since come first.
            try await check([("If-Match", etag)], 200, body: bytes, "If-Match matching")
            try await check([("If-Match", "*")], 200, body: bytes, "If-Match star")
            try await check([("If-Match", "W/\(etag)")], 412, body: nil, "If-Match is strong")
            try await check([("If-Match", "\"other\""), ("If-None-Match", etag)], 412, body: nil, "If-Match before If-None-Match")
            try await check([("If-Unmodified-Since", earlier)], 412, body: nil, "If-Unmodified-Since earlier")
            try await check([("If-Unmodified-Since", later)], 200, body: bytes, "If-Unmodified-Since later")
            try await check([("If-Match", etag), ("If-Unmodified-Since", earlier)], 200, body: bytes, "If-Unmodified-Since ignored with If-Match")

            // The RFC 850 and asctime forms of the same date are the same date.
            let date = Date(timeIntervalSince1970: Double(stored.createdAt / 1000))
            for format in ["EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"] {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = format
                var text = formatter.string(from: date)
                if format.hasPrefix("EEE MMM") {
                    // asctime pads the day with a space.
                    let parts = text.split(separator: " ")
                    text = "\(parts[0]) \(parts[1]) \(parts[2].count == 1 ? " " : "")\(parts[2]) \(parts[3]) \(parts[4])"
                }
                try await check([("If-Modified-Since", text)], 304, body: nil, "If-Modified-Since as \(text)")
            }
        }
    }

    @Test func aDateIsNoValidatorForIfRangeWithinItsOwnSecond() async throws {
        try await StreamFixture.with { f in
            let (stored, bytes) = try await f.file(id: "6002", format: .mp3(bitRate: 32_000), seconds: 5)
            // The clock has not moved since filing: the date may not tell two versions apart.
            let lastModified = try #require(try await f.request("/recordings/6002/stream", method: .head).header("Last-Modified"))
            let weak = try await f.request("/recordings/6002/stream", headers: [("Range", "bytes=0-9"), ("If-Range", lastModified)])
            #expect(weak.status == 200)
            #expect(weak.body == bytes)
            let strong = try await f.request("/recordings/6002/stream", headers: [("Range", "bytes=0-9"), ("If-Range", "\"\(stored.sha256)\"")])
            #expect(strong.status == 206)
        }
    }

    @Test func theETagIsTheStoredContentsAndSurvivesARestartAndAReindex() async throws {
        try await StreamFixture.with { f in
            let (stored, _) = try await f.file(id: "6003", format: .mp3(bitRate: 32_000), seconds: 5)
            let before = try await f.request("/recordings/6003/stream", method: .head)
            #expect(before.header("ETag") == "\"\(stored.sha256)\"")
            // Rebuild the catalog from the sidecars, as `callvault reindex` does.
            _ = try await Reindexer(catalog: f.app.catalog, storage: f.app.storage, clock: f.clock).run()
            let after = try await f.request("/recordings/6003/stream", method: .head)
            #expect(after.header("ETag") == before.header("ETag"))
            #expect(after.header("Last-Modified") == before.header("Last-Modified"))
        }
    }

    static func httpDate(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
    }
}
