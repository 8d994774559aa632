import Foundation
import Hummingbird

/// `/restapi/v1.0/subscription`: create (with the Validation-Token handshake), list, read, update, renew, delete.
///
/// Expiry is measured on the simulator's clock. An expired, deleted or unknown subscription answers `404 SUB-507`
/// (RingCentral documents the code for expired subscriptions; what it answers for a deleted or never-issued id is not
/// documented, so the simulator uses the same code). Filters the token's scope does not allow are listed under
/// `disabledFilters` and receive nothing; unknown filters are refused with `400 SUB-508`.
struct SubscriptionController: Sendable {
    let router: SimulatorRouter
    var simulator: RingCentralSimulator { self.router.simulator }

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.post("/restapi/v1.0/subscription") { request, _ in
            await self.router.respond(request, RouteSpec(name: "subscription.create", group: .medium, authentication: .bearer, target: .subscription)) { route in
                try await self.create(request, grant: route.grant)
            }
        }
        router.get("/restapi/v1.0/subscription") { request, _ in
            await self.router.respond(request, RouteSpec(name: "subscription.list", group: .light, authentication: .bearer, target: .subscription)) { _ in
                let platform = self.simulator.platformBase
                let now = self.simulator.now
                return SimulatorRouter.json([
                    "uri": .string("\(platform)/restapi/v1.0/subscription"),
                    "records": .array(self.simulator.subscriptions.active(now: now).map { $0.json(platform: platform, now: now) }),
                ])
            }
        }
        router.get("/restapi/v1.0/subscription/:subscriptionId") { request, context in
            await self.router.respond(request, RouteSpec(name: "subscription.get", group: .light, authentication: .bearer, target: .subscription)) { route in
                let id = context.parameters.get("subscriptionId") ?? ""
                let now = self.simulator.now
                guard let subscription = self.simulator.subscriptions.get(id, now: now) else {
                    throw SimulatorError.subscriptionGone(id, session: route.grant?.sessionId ?? "")
                }
                return SimulatorRouter.json(subscription.json(platform: self.simulator.platformBase, now: now))
            }
        }
        router.put("/restapi/v1.0/subscription/:subscriptionId") { request, context in
            await self.router.respond(request, RouteSpec(name: "subscription.update", group: .medium, authentication: .bearer, target: .subscription)) { route in
                let text = try await FormBody.collectString(request)
                guard let body = text.isEmpty ? JSONValue.object([]) : try? JSONValue.parse(Data(text.utf8)) else {
                    throw SimulatorError.api(.badRequest, code: "CMN-103", message: "JSON can't be parsed.")
                }
                return try self.renew(context.parameters.get("subscriptionId") ?? "", body: body, grant: route.grant)
            }
        }
        router.post("/restapi/v1.0/subscription/:subscriptionId/renew") { request, context in
            await self.router.respond(request, RouteSpec(name: "subscription.renew", group: .light, authentication: .bearer, target: .subscription)) { route in
                try self.renew(context.parameters.get("subscriptionId") ?? "", body: .object([]), grant: route.grant)
            }
        }
        router.delete("/restapi/v1.0/subscription/:subscriptionId") { request, context in
            await self.router.respond(request, RouteSpec(name: "subscription.delete", group: .medium, authentication: .bearer, target: .subscription)) { route in
                let id = context.parameters.get("subscriptionId") ?? ""
                guard self.simulator.subscriptions.remove(id, now: self.simulator.now) else {
                    throw SimulatorError.subscriptionGone(id, session: route.grant?.sessionId ?? "")
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

    /// Parses and splits requested filters into enabled and disabled ones; throws `SUB-508` for unknown filters.
    ///
    /// RingCentral does not document the `reason`/`message` texts of `disabledFilters`; these are the simulator's.
    func filters(_ requested: [String], subscriptionId: String, grant: TokenStore.Grant?) throws -> ([EventFilter], [SubscriptionStore.DisabledFilter]) {
        var enabled: [EventFilter] = []
        var disabled: [SubscriptionStore.DisabledFilter] = []
        var invalid: [String] = []
        for filter in requested {
            let expanded = self.expand(filter, subscriptionId: subscriptionId)
            guard let parsed = EventFilter.parse(expanded, accountId: self.simulator.configuration.accountId) else {
                invalid.append(filter)
                continue
            }
            if let permission = parsed.permission, !(grant?.scope.contains(permission) ?? false) {
                disabled.append(SubscriptionStore.DisabledFilter(
                    filter: expanded, reason: "Permission [\(permission)] is required",
                    message: "In order to subscribe to this event filter, application needs to have [\(permission)] permission"
                ))
            } else {
                enabled.append(parsed)
            }
        }
        guard invalid.isEmpty else {
            throw SimulatorError.api(
                .badRequest, code: "SUB-508", message: "Invalid event filters: [\(invalid.joined(separator: ", "))]", parameterName: "eventFilters"
            )
        }
        return (enabled, disabled)
    }

    private func create(_ request: Request, grant: TokenStore.Grant?) async throws -> Response {
        let text = try await FormBody.collectString(request)
        guard let body = try? JSONValue.parse(Data(text.utf8)) else {
            throw SimulatorError.api(.badRequest, code: "CMN-103", message: "JSON can't be parsed.")
        }
        guard let requested = body["eventFilters"]?.arrayValue?.compactMap(\.stringValue), !requested.isEmpty else {
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
        let id = UUID().uuidString.lowercased()
        let (enabled, disabled) = try self.filters(requested, subscriptionId: id, grant: grant)

        // Validation-Token handshake (real time: the subscriber has a network deadline).
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

        let now = self.simulator.now
        let subscription = SubscriptionStore.Subscription(
            id: id, filters: enabled, disabledFilters: disabled, expiresIn: expiresIn,
            creationTime: now, expirationTime: now.addingTimeInterval(Double(expiresIn)), status: "Active",
            address: address, verificationToken: verificationToken, consecutiveFailures: 0
        )
        self.simulator.subscriptions.add(subscription)
        return SimulatorRouter.json(subscription.json(platform: self.simulator.platformBase, now: now))
    }

    /// Renew (`POST …/renew`, or `PUT` with an empty body) or update (`PUT` with `eventFilters`/`expiresIn`).
    ///
    /// A blacklisted subscription stays blacklisted (RingCentral's documented fix is to delete and recreate it).
    private func renew(_ id: String, body: JSONValue, grant: TokenStore.Grant?) throws -> Response {
        let now = self.simulator.now
        var update: ([EventFilter], [SubscriptionStore.DisabledFilter])?
        if let requested = body["eventFilters"]?.arrayValue?.compactMap(\.stringValue), !requested.isEmpty {
            update = try self.filters(requested, subscriptionId: id, grant: grant)
        }
        let expiresIn = body["expiresIn"]?.intValue
        if let expiresIn, expiresIn <= 0 || expiresIn > 315_360_000 {
            throw SimulatorError.invalidParameter("expiresIn")
        }
        guard
            let updated = self.simulator.subscriptions.update(id, now: now, { subscription in
                if let update {
                    subscription.filters = update.0
                    subscription.disabledFilters = update.1
                }
                subscription.expiresIn = expiresIn ?? subscription.expiresIn
                subscription.expirationTime = now.addingTimeInterval(Double(subscription.expiresIn))
            })
        else {
            throw SimulatorError.subscriptionGone(id, session: grant?.sessionId ?? "")
        }
        return SimulatorRouter.json(updated.json(platform: self.simulator.platformBase, now: now))
    }
}
