import Foundation
import Transfer

extension RingCentralClient {
    // MARK: - Subscriptions

    /// Creates a webhook subscription (Medium). RingCentral first sends the Validation-Token
    /// handshake to the address; the server must echo it.
    public func createSubscription(_ request: SubscriptionRequest) async throws -> SubscriptionInfo {
        let response = try await send(.post, "/restapi/v1.0/subscription", group: .medium, body: try .json(request))
        return try decode(SubscriptionInfo.self, response, what: "subscription")
    }

    /// Renews a subscription (Light).
    public func renewSubscription(_ id: String) async throws -> SubscriptionInfo {
        let response = try await send(.post, "/restapi/v1.0/subscription/\(id)/renew", group: .light)
        return try decode(SubscriptionInfo.self, response, what: "subscription \(id)")
    }

    /// One subscription (Light). A deleted or expired one is `.notFound` (`SUB-507`).
    public func subscription(_ id: String) async throws -> SubscriptionInfo {
        let response = try await send(.get, "/restapi/v1.0/subscription/\(id)", group: .light)
        return try decode(SubscriptionInfo.self, response, what: "subscription \(id)")
    }

    /// Lists subscriptions (Light).
    public func subscriptions() async throws -> [SubscriptionInfo] {
        let response = try await send(.get, "/restapi/v1.0/subscription", group: .light)
        return try decode(SubscriptionList.self, response, what: "subscriptions").records
    }

    /// Deletes a subscription (Medium).
    public func deleteSubscription(_ id: String) async throws {
        _ = try await send(.delete, "/restapi/v1.0/subscription/\(id)", group: .medium)
    }

    // MARK: - RingSense and the async AI API

    /// RingSense insights for a recording (Light). `insightTypes` empty means all.
    public func ringSenseInsights(recordingId: String, insightTypes: [String] = []) async throws -> RecordingInsights {
        try await ringSenseDocument(recordingId: recordingId, insightTypes: insightTypes).insights
    }

    /// RingSense insights for a recording (Light) with the body as received. A 404 means "not
    /// ready yet" (or never: RingSense keeps no record of unlicensed users' calls); a 403 means
    /// the recorded user has no licence or the app no `RingSense` permission.
    /// - Throws: ``RingCentralError`` (`.notFound`, `.forbidden`, `.rateLimited`, …).
    public func ringSenseDocument(
        recordingId: String, insightTypes: [String] = [], budget: RequestBudget = .acquire
    ) async throws -> RingSenseDocument {
        let query = insightTypes.isEmpty ? [] : [("insightTypes", insightTypes.joined(separator: ","))]
        let response = try await send(
            .get, "/ai/ringsense/v1/public/accounts/~/domains/pbx/records/\(recordingId)/insights", group: .light, query: query,
            budget: budget
        )
        let insights = try decode(RecordingInsights.self, response, what: "RingSense insights for \(recordingId)")
        return RingSenseDocument(insights: insights, body: response.body)
    }

    /// Starts speech-to-text with speaker diarization on the audio at `contentUri` (Heavy;
    /// deprecated API kept for accounts with the `AI` permission). `contentUri` is sent with the
    /// `access_token` the service needs to fetch it. Returns the job id; the result is posted to
    /// `webhook` and can be polled with ``aiJobStatus(_:)``.
    /// - Parameters:
    ///   - encoding: `Mpeg` for MP3, `Wav` for WAV: the real format of the file.
    ///   - languageCode: Such as `en-US` (the service only does English).
    public func speechToText(
        contentUri: String, encoding: String, languageCode: String, webhook: String, budget: RequestBudget = .acquire
    ) async throws -> String {
        struct Body: Encodable {
            var contentUri: String
            var encoding: String
            var languageCode: String
            var source = "RingCentral"
            var audioType = "CallCenter"
            var enablePunctuation = true
            var enableSpeakerDiarization = true
        }
        struct Accepted: Decodable { var jobId: String }
        let media = try await signedMediaURL(contentUri)
        let response = try await send(
            .post, "/ai/audio/v1/async/speech-to-text", group: .heavy, query: [("webhook", webhook)],
            body: try .json(Body(contentUri: media, encoding: encoding, languageCode: languageCode)), budget: budget
        )
        return try decode(Accepted.self, response, what: "speech-to-text").jobId
    }

    /// Starts interaction analytics on audio at `contentUri` (Heavy; deprecated API kept for
    /// existing apps). Returns the job id; the result is posted to `webhook`.
    public func analyzeInteraction(contentUri: String, encoding: String, webhook: String, insights: [String] = ["All"]) async throws -> String {
        struct Body: Encodable {
            var contentUri: String
            var encoding: String
            var languageCode = "en-US"
            var source = "RingCentral"
            var audioType = "CallCenter"
            var insights: [String]
            var enableVoiceActivityDetection = true
        }
        struct Accepted: Decodable { var jobId: String }
        let media = try await signedMediaURL(contentUri)
        let response = try await send(
            .post, "/ai/insights/v1/async/analyze-interaction", group: .heavy, query: [("webhook", webhook)],
            body: try .json(Body(contentUri: media, encoding: encoding, insights: insights))
        )
        return try decode(Accepted.self, response, what: "analyze-interaction").jobId
    }

    /// An AI job's status (Heavy).
    public func aiJobStatus(_ jobId: String, budget: RequestBudget = .acquire) async throws -> AIJobStatus {
        let response = try await send(.get, "/ai/status/v1/jobs/\(jobId)", group: .heavy, budget: budget)
        return try decode(AIJobStatus.self, response, what: "AI job \(jobId)")
    }

    /// `contentUri` with the `access_token` query parameter RingCentral's AI service needs to fetch
    /// the media itself (it sends no headers). The result holds a secret: never log it.
    func signedMediaURL(_ contentUri: String) async throws -> String {
        let token = try await tokens.accessToken()
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        let encoded = token.addingPercentEncoding(withAllowedCharacters: allowed) ?? token
        return contentUri + (contentUri.contains("?") ? "&" : "?") + "access_token=" + encoded
    }
}
