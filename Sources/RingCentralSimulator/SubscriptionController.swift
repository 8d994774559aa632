import Foundation
import Hummingbird

/// `/restapi/v1.0/subscription`: create (with the Validation-Token handshake), list, read, update, renew, delete.
struct SubscriptionController: Sendable {
    let router: SimulatorRouter
    var simulator: RingCentralSimulator { self.router.simulator }

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.post("/restapi/v1.0/subscription") { request, _ in
            await self.router.respond(request, RouteSpec(name: "subscription.create", group: .medium, authentication: .bearer, target: .subscription)) { _ in
                try await self.create(request)
            }
        }
        router.get("/restapi/v1.0/subscription") { request, _ in
            await self.router.respond(request, RouteSpec(name: "subscription.list", group: .light, authentication: .bearer, target: .subscription)) { _ in
                let platform = self.simulator.platformBase
                return SimulatorRouter.json([
                    "uri": .string("\(platform)/restapi/v1.0/subscription"),
                    "records": .array(self.simulator.subscriptions.all().map { $0.json(platform: platform) }),
                ])
            }
        }
        router.get("/restapi/v1.0/subscription/:subscriptionId") { request, context in
            await self.router.respond(request, RouteSpec(name: "subscription.get", group: .light, authentication: .bearer, target: .subscription)) { _ in
                guard let subscription = self.simulator.subscriptions.get(context.parameters.get("subscriptionId") ?? "") else {
                    throw SimulatorError.notFound(parameter: "subscriptionId")
                }
                return SimulatorRouter.json(subscription.json(platform: self.simulator.platformBase))
            }
        }
        router.put("/restapi/v1.0/subscription/:subscriptionId") { request, context in
            await self.router.respond(request, RouteSpec(name: "subscription.update", group: .medium, authentication: .bearer, target: .subscription)) { _ in
                let text = try await FormBody.collectString(request)
                let body = text.isEmpty ? JSONValue.object([]) : try JSONValue.parse(Data(text.utf8))
                return try self.renew(context.parameters.get("subscriptionId") ?? "", body: body)
            }
        }
        router.post("/restapi/v1.0/subscription/:subscriptionId/renew") { request, context in
            await self.router.respond(request, RouteSpec(name: "subscription.renew", group: .light, authentication: .bearer, target: .subscription)) { _ in
                try self.renew(context.parameters.get("subscriptionId") ?? "", body: .object([]))
            }
        }
        router.delete("/restapi/v1.0/subscription/:subscriptionId") { request, context in
            await self.router.respond(request, RouteSpec(name: "subscription.delete", group: .medium, authentication: .bearer, target: .subscription)) { _ in
                guard self.simulator.subscriptions.remove(context.parameters.get("subscriptionId") ?? "") else {
                    throw SimulatorError.notFound(parameter: "subscriptionId")
                }
                return Response(status: .noContent)
            }
        }
    }

    /// Replaces `~` in an event filter with the account, extension or subscription id.
    func expand(_ filter: String, subscriptionId: String) -> String {
        let configuration = self.simulator.configuration
        return filter
            .replacingOccurrences(of: "/account/~", with: "/account/\(configuration.accountId)")
            .replacingOccurrences(of: "/accounts/~", with: "/accounts/\(configuration.accountId)")
            .replacingOccurrences(of: "/extension/~", with: "/extension/\(configuration.extensionId)")
            .replacingOccurrences(of: "/subscription/~", with: "/subscription/\(subscriptionId)")
    }

    private func create(_ request: Request) async throws -> Response {
        let text = try await FormBody.collectString(request)
        guard let body = try? JSONValue.parse(Data(text.utf8)) else {
            throw SimulatorError.api(.badRequest, code: "CMN-100", message: "Request body is invalid")
        }
        guard let filters = body["eventFilters"]?.arrayValue?.compactMap(\.stringValue), !filters.isEmpty else {
            throw SimulatorError.invalidParameter("eventFilters")
        }
        guard let mode = body["deliveryMode"], mode["transportType"]?.stringValue == "WebHook" else {
            throw SimulatorError.invalidParameter("deliveryMode.transportType")
        }
        guard let address = mode["address"]?.stringValue, let url = URL(string: address), url.scheme == "http" || url.scheme == "https" else {
            throw SimulatorError.invalidParameter("deliveryMode.address")
        }
        let verificationToken = mode["verificationToken"]?.stringValue
        let expiresIn = body["expiresIn"]?.intValue ?? self.simulator.configuration.defaultSubscriptionExpiresIn
        guard expiresIn > 0, expiresIn <= 315_360_000 else { throw SimulatorError.invalidParameter("expiresIn") }

        // Validation-Token handshake.
        let validationToken = UUID().uuidString.lowercased()
        var headers = ["Validation-Token": validationToken, "Content-Type": "application/json"]
        if let verificationToken { headers["Verification-Token"] = verificationToken }
        let outcome = await self.simulator.webhookClient.post(
            address, headers: headers, body: [], timeout: self.simulator.configuration.webhookValidationTimeout
        )
        guard let status = outcome.status else {
            throw SimulatorError.api(.badRequest, code: "SUB-521", message: "WebHook is not reachable")
        }
        let responseSize = outcome.body.count + outcome.headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 4 }
        guard status == 200, outcome.headers["validation-token"] == validationToken, responseSize <= 1024 else {
            throw SimulatorError.api(.badRequest, code: "SUB-525", message: "WebHook server response is invalid")
        }

        let id = UUID().uuidString.lowercased()
        let now = Date()
        let subscription = SubscriptionStore.Subscription(
            id: id, eventFilters: filters.map { self.expand($0, subscriptionId: id) }, expiresIn: expiresIn,
            creationTime: now, expirationTime: now.addingTimeInterval(Double(expiresIn)), status: "Active",
            address: address, verificationToken: verificationToken, consecutiveFailures: 0
        )
        self.simulator.subscriptions.add(subscription)
        return SimulatorRouter.json(subscription.json(platform: self.simulator.platformBase, now: now))
    }

    private func renew(_ id: String, body: JSONValue) throws -> Response {
        let now = Date()
        let filters = body["eventFilters"]?.arrayValue?.compactMap(\.stringValue)
        let expiresIn = body["expiresIn"]?.intValue
        guard
            let updated = self.simulator.subscriptions.update(id, { subscription in
                if let filters, !filters.isEmpty {
                    subscription.eventFilters = filters.map { self.expand($0, subscriptionId: id) }
                }
                if let expiresIn { subscription.expiresIn = expiresIn }
                subscription.expirationTime = now.addingTimeInterval(Double(subscription.expiresIn))
            })
        else {
            throw SimulatorError.notFound(parameter: "subscriptionId")
        }
        return SimulatorRouter.json(updated.json(platform: self.simulator.platformBase, now: now))
    }
}
