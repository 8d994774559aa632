import Foundation
import JobQueue

/// The payload of the per-recording jobs (`download-recording`, `normalize-recording`).
struct RecordingJobPayload: Codable {
    var recordingId: String

    /// A job of `kind` for one recording, unique among live jobs by `keyPrefix:recordingId`.
    static func request(kind: String, keyPrefix: String, recordingId: String) -> JobRequest {
        let payload = (try? JSONEncoder().encode(Self(recordingId: recordingId))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return JobRequest(kind: kind, payload: payload, idempotencyKey: "\(keyPrefix):\(recordingId)")
    }

    /// Rejects a payload without a recording id at enqueue time.
    static func validate(_ payload: String) throws {
        _ = try JSONDecoder().decode(Self.self, from: Data(payload.utf8))
    }
}
