import Foundation
import Hummingbird

/// `POST /restapi/oauth/token` (JWT bearer and refresh grants) and `POST /restapi/oauth/revoke`.
///
/// Tokens carry ``SimulatorConfiguration/scope`` (a refreshed token keeps its session's scope) and expire on the
/// simulator's clock. Each grant issued is counted by type in ``SimulatorStats/routes``
/// (`oauth.token.grant.jwt`, `oauth.token.grant.refresh`).
struct AuthController: Sendable {
    let router: SimulatorRouter
    var simulator: RingCentralSimulator { self.router.simulator }

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.post("/restapi/oauth/token") { request, _ in
            await self.router.respond(request, RouteSpec(name: "oauth.token", group: .auth, authentication: .none, target: .token)) { _ in
                try await self.token(request)
            }
        }
        router.post("/restapi/oauth/revoke") { request, _ in
            await self.router.respond(request, RouteSpec(name: "oauth.revoke", group: .auth, authentication: .none, target: .token)) { _ in
                try await self.revoke(request)
            }
        }
    }

    private func checkClient(_ request: Request, form: [String: String]) throws {
        let configuration = self.simulator.configuration
        var clientId = form["client_id"] ?? ""
        var secret: String?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "basic",
                let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
                let decoded = String(data: data, encoding: .utf8)
            {
                let pieces = decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                clientId = String(pieces[0])
                secret = pieces.count > 1 ? String(pieces[1]) : ""
            }
        }
        guard clientId == configuration.clientId, secret == configuration.clientSecret else {
            var error = SimulatorError.oauth(.unauthorized, error: "invalid_client", code: "OAU-153", description: "Invalid client: \(clientId)")
            error.body = error.body.setting(
                "errors",
                to: [[
                    "errorCode": "OAU-153", "message": .string("Invalid client: \(clientId)"),
                    "parameters": [["parameterName": "client_id", "parameterValue": .string(clientId)]],
                ]]
            )
            throw error
        }
    }

    private func token(_ request: Request) async throws -> Response {
        let form = FormBody.parse(try await FormBody.collectString(request))
        try self.checkClient(request, form: form)
        let issued: TokenStore.Issued
        switch form["grant_type"] {
        case "urn:ietf:params:oauth:grant-type:jwt-bearer":
            guard let assertion = form["assertion"], self.simulator.configuration.acceptedJWTs.contains(assertion) else {
                throw SimulatorError.oauth(.badRequest, error: "invalid_grant", code: "OAU-210", description: "Invalid JWT token")
            }
            issued = self.simulator.tokens.issue(scope: self.simulator.configuration.scope)
            self.simulator.countRoute("oauth.token.grant.jwt")
        case "refresh_token":
            guard let refresh = form["refresh_token"], let next = self.simulator.tokens.refresh(refresh) else {
                throw SimulatorError.oauth(.badRequest, error: "invalid_grant", code: "OAU-210", description: "Token expired")
            }
            issued = next
            self.simulator.countRoute("oauth.token.grant.refresh")
        case .none:
            throw SimulatorError.oauth(.badRequest, error: "invalid_request", code: "OAU-101", description: "Parameter [grant_type] is missing")
        case .some(let other):
            throw SimulatorError.oauth(
                .badRequest, error: "unsupported_grant_type", code: "OAU-250", description: "Unsupported grant type: \(other)"
            )
        }
        let configuration = self.simulator.configuration
        let body: JSONValue = [
            "access_token": .string(issued.accessToken),
            "token_type": "bearer",
            "expires_in": .int(Int(configuration.accessTokenLifetime.rounded(.down))),
            "refresh_token": .string(issued.refreshToken),
            "refresh_token_expires_in": .int(Int(configuration.refreshTokenLifetime.rounded(.down))),
            "scope": .string(issued.scope),
            "owner_id": .string(configuration.extensionId),
            "endpoint_id": "sim-endpoint",
            "session_id": .string(issued.sessionId),
        ]
        return SimulatorRouter.json(body)
    }

    private func revoke(_ request: Request) async throws -> Response {
        let form = FormBody.parse(try await FormBody.collectString(request))
        try self.checkClient(request, form: form)
        if let token = form["token"] ?? request.uri.queryParameters.get("token") {
            self.simulator.tokens.revoke(token)
        }
        return Response(status: .ok)
    }
}
