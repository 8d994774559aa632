import Foundation
import Testing
import Transfer

@testable import S3

@Suite("Presigned URLs fetched with plain libcurl from a real Ceph RGW")
struct S3PresignTests {
    @Test("a presigned URL serves the object and byte ranges without credentials")
    func presignedGet() async throws {
        try await withS3Client { s3, http in
            let bytes = testBytes(count: 50_000, seed: 7)
            try await s3.putObject(key: "shared/a b.mp3", bytes: bytes)
            let url = try s3.presignedGetURL(key: "shared/a b.mp3", expiresIn: .seconds(300))
            #expect(url.contains("X-Amz-Signature="))

            // Plain libcurl: no signing option, no credentials.
            let response = try await http.send(.get(url))
            #expect(response.status == 200)
            #expect(response.body == bytes)

            let ranged = try await http.send(.get(url, headers: ["Range": "bytes=100-199"]))
            #expect(ranged.status == 206)
            #expect(ranged.body == Array(bytes[100...199]))
        }
    }

    @Test("an expired or altered presigned URL is refused with 403")
    func expiredOrAltered() async throws {
        try await withS3Client { s3, http in
            try await s3.putObject(key: "shared/b.mp3", bytes: [1, 2, 3])
            let expired = try s3.presignedGetURL(key: "shared/b.mp3", expiresIn: .seconds(60), now: Date().addingTimeInterval(-3600))
            #expect(try await http.send(.get(expired)).status == 403)

            let valid = try s3.presignedGetURL(key: "shared/b.mp3", expiresIn: .seconds(60))
            let altered = valid.replacingOccurrences(of: "shared/b.mp3", with: "shared/c.mp3")
            #expect(try await http.send(.get(altered)).status == 403)
        }
    }

    @Test("presigned URLs are redacted when logged or put in errors")
    func redaction() async throws {
        try await withS3Client { s3, _ in
            let url = try s3.presignedGetURL(key: "x.mp3", expiresIn: .seconds(60))
            let signature = try #require(url.split(separator: "=").last.map(String.init))
            #expect(!Redaction.redactURL(url).contains(signature))
            #expect(!"\(HTTPRequest.get(url))".contains(signature))
        }
    }

    @Test("a lifetime outside 1 s … 7 days is refused")
    func lifetimeLimits() async throws {
        try await withS3Client { s3, _ in
            #expect(throws: S3Error.self) { try s3.presignedGetURL(key: "x.mp3", expiresIn: .seconds(0)) }
            #expect(throws: S3Error.self) { try s3.presignedGetURL(key: "x.mp3", expiresIn: .seconds(604_801)) }
        }
    }
}
