import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Pipeline

/// `POST /webhooks/ringcentral` (subscription notifications) and
/// `POST /webhooks/ringcentral/ai/{secret}` (async AI job callbacks).
///
/// - The Validation-Token handshake is answered at once: 200, the token echoed, a tiny JSON body.
/// - Every notification must carry the Verification-Token (constant-time compare); without it,
///   403 and nothing is stored.
/// - Bodies over 1 MiB are 413; malformed or unknown bodies 400 with a JSON error.
/// - The event and its jobs are stored before the 200; a duplicate `uuid` is a 200 that changes
///   nothing.
struct WebhookController: Sendable {
    let intake: WebhookIntake
    let verificationToken: String?
    let aiCallbackSecret: String?
    let logger: Logger

    static let validationTokenHeader = HTTPField.Name("Validation-Token")!
    static let verificationTokenHeader = HTTPField.Name("Verification-Token")!

    func register(on router: Router<ServerContext>) {
        router.post("/webhooks/ringcentral") { request, context in try await self.notification(request, context: context) }
        router.post("/webhooks/ringcentral/ai/:secret") { request, context in try await self.aiCallback(request, context: context) }
    }

    func notification(_ request: Request, context: ServerContext) async throws -> Response {
        if let token = request.headers[Self.validationTokenHeader] {
            // The handshake RingCentral sends when a subscription is created: echo the token.
            guard token.utf8.count <= 512 else { throw APIError.badRequest("the Validation-Token is too long") }
            var headers: HTTPFields = [Self.validationTokenHeader: token, .contentType: "application/json"]
            headers[.contentLength] = "2"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        guard let expected = verificationToken else {
            throw APIError(.serviceUnavailable, "not-configured", "webhooks are not configured (RINGCENTRAL_WEBHOOK_TOKEN)")
        }
        guard let sent = request.headers[Self.verificationTokenHeader], ConstantTime.equal(sent, expected) else {
            throw APIError(.forbidden, "bad-verification-token", "the Verification-Token is missing or wrong")
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        return try await answer { try await intake.receiveNotification(Array(buffer: body)) }
    }

    func aiCallback(_ request: Request, context: ServerContext) async throws -> Response {
        guard let expected = aiCallbackSecret, let secret = context.parameters.get("secret"), ConstantTime.equal(secret, expected) else {
            throw APIError(.forbidden, "bad-callback-secret", "this callback address is not valid")
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        return try await answer { try await intake.receiveAIResult(Array(buffer: body)) }
    }

    private func answer(_ receive: () async throws -> WebhookIntake.Outcome) async throws -> Response {
        let outcome: WebhookIntake.Outcome
        do {
            outcome = try await receive()
        } catch let error as WebhookError {
            WebhookMetrics.count(error.code == .malformed ? "malformed" : "unsupported")
            throw APIError(.badRequest, error.code.description, error.message)
        }
        switch outcome {
        case .stored: WebhookMetrics.count("stored")
        case .duplicate: WebhookMetrics.count("duplicate")
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.contentLength] = "2"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "{}")))
    }
}
