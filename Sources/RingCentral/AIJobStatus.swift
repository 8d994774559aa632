public import Foundation

/// An async AI job's status (`GET /ai/status/v1/jobs/{id}`), also the body of its webhook callback.
public struct AIJobStatus: Sendable, Decodable {
    public var jobId: String
    public var api: String?
    /// `InProgress`, `Success` or `Fail`.
    public var status: String
    public var creationTime: String?
    public var completionTime: String?
    /// The result (`InteractionObject` or `TranscribedObject`) as raw JSON, when finished.
    public var response: Data?

    enum CodingKeys: String, CodingKey { case jobId, api, status, creationTime, completionTime, response }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let jobId = c.lossyString(.jobId) else {
            throw DecodingError.dataCorruptedError(forKey: .jobId, in: c, debugDescription: "AI job without jobId")
        }
        self.jobId = jobId
        api = c.lossyString(.api)
        status = c.lossyString(.status) ?? "InProgress"
        creationTime = c.lossyString(.creationTime)
        completionTime = c.lossyString(.completionTime)
        response = (try? c.decodeIfPresent(RawJSON.self, forKey: .response))?.data
    }

    public var isFinished: Bool { status == "Success" || status == "Fail" }

    /// The speech-to-text result of a successful job.
    public func transcribed() throws -> TranscribedObject? {
        guard status == "Success", let response else { return nil }
        return try JSONDecoder().decode(TranscribedObject.self, from: response)
    }

    /// The CAI error of a failed job (`errors[0]`), such as `CAI-108: …`.
    public var failure: String? {
        guard status == "Fail", let response, let body = APIErrorBody.parse([UInt8](response)) else {
            return status == "Fail" ? "the AI job failed without a reason" : nil
        }
        return [body.primaryCode, body.text.isEmpty ? nil : body.text].compactMap { $0 }.joined(separator: ": ")
    }
}
