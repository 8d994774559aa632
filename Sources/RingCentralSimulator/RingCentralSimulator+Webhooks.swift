import Foundation

extension RingCentralSimulator {
    /// Sends telephony-session events (`Setup`, `Answered` for connected calls, `Disconnected`) for a call to every
    /// active subscription with a `…/telephony/sessions` filter, with the `Verification-Token` header.
    ///
    /// - Parameter callId: Id of a call in the call set.
    /// - Returns: One entry per POST made.
    public func emitTelephonySessionEvents(callId: String) async -> [WebhookDelivery] {
        guard let call = self.calls.first(where: { $0.id == callId }) else { return [] }
        let connected = !call.allRecordings.isEmpty || ["Accepted", "Call connected"].contains(call.result)
        var steps: [(code: String, reason: String?, active: Bool?)] = [("Setup", nil, nil)]
        if connected { steps.append(("Answered", nil, true)) }
        steps.append(("Disconnected", call.result == "Voicemail" || call.result == "Sent to Voicemail" ? "Voicemail" : "CallFinished", false))
        var deliveries: [WebhookDelivery] = []
        for (sequence, step) in steps.enumerated() {
            let eventTime = ISO8601.string(step.code == "Disconnected" ? call.startTime.addingTimeInterval(Double(call.durationMs) / 1000) : call.startTime)
            var party: JSONValue = [
                "accountId": .string(self.configuration.accountId),
                "extensionId": .string(self.configuration.extensionId),
                "id": .string("p-\(call.telephonySessionId.dropFirst(2))-1"),
                "direction": .string(call.direction),
                "to": call.to.json,
                "from": call.from.json,
            ]
            if let active = step.active, !call.allRecordings.isEmpty {
                party = party.setting("recordings", to: .array(call.allRecordings.map { ["id": .string($0.id), "active": .bool(active)] }))
            }
            var status: JSONValue = ["code": .string(step.code), "rcc": false]
            if let reason = step.reason { status = status.setting("reason", to: .string(reason)) }
            party = party.setting("status", to: status).setting("missedCall", to: .bool(!connected)).setting("standAlone", to: false).setting("muted", to: false)
            let body: JSONValue = [
                "sequence": .int(sequence + 1),
                "sessionId": .string(call.sessionId),
                "telephonySessionId": .string(call.telephonySessionId),
                "serverId": "10.13.22.28.SIM",
                "eventTime": .string(eventTime),
                "parties": [party],
                "origin": ["type": "Call"],
            ]
            deliveries += await self.deliver(body: body, matching: { $0.contains("/telephony/sessions") })
        }
        return deliveries
    }

    /// Sends a RingSense insights event (`body` = RecordingInsights) for a recording to every active subscription with
    /// an `/ai/ringsense/…/insights` filter.
    public func emitRingSenseInsightsEvent(recordingId: String) async -> [WebhookDelivery] {
        guard let found = self.recording(id: recordingId) else { return [] }
        let body = InsightsGenerator(accountId: self.configuration.accountId, extensionId: self.configuration.extensionId)
            .recordingInsights(call: found.call, recording: found.recording, types: nil)
        return await self.deliver(body: body, matching: { $0.contains("/ai/ringsense/") && $0.hasSuffix("/insights") })
    }

    private func deliver(body: JSONValue, matching: (String) -> Bool) async -> [WebhookDelivery] {
        var deliveries: [WebhookDelivery] = []
        for subscription in self.subscriptions.all() where subscription.status == "Active" && subscription.expirationTime > Date() {
            guard let filter = subscription.eventFilters.first(where: matching) else { continue }
            let event = String(filter.split(separator: "?", maxSplits: 1).first ?? "")
            let uuid = String(UInt64.random(in: 1_000_000_000_000_000_000...9_000_000_000_000_000_000))
            let envelope: JSONValue = [
                "uuid": .string(uuid),
                "event": .string(event),
                "timestamp": .string(ISO8601.string(Date())),
                "subscriptionId": .string(subscription.id),
                "ownerId": .string(self.configuration.extensionId),
                "body": body,
            ]
            var headers = ["Content-Type": "application/json; charset=UTF-8", "User-Agent": "RingCentral-Webhook/8.3 (simulator)"]
            if let token = subscription.verificationToken { headers["Verification-Token"] = token }
            let outcome = await self.webhookClient.post(
                subscription.address, headers: headers, body: envelope.serializedBytes(), timeout: self.configuration.webhookDeliveryTimeout
            )
            let delivery = WebhookDelivery(subscriptionId: subscription.id, event: event, uuid: uuid, status: outcome.status)
            self.countDelivery(failed: !delivery.succeeded)
            let limit = self.configuration.webhookBlacklistAfterFailures
            self.subscriptions.update(subscription.id) { entry in
                if delivery.succeeded {
                    entry.consecutiveFailures = 0
                } else {
                    entry.consecutiveFailures += 1
                    if limit > 0, entry.consecutiveFailures >= limit {
                        entry.status = "Blacklisted"
                        entry.blacklistedAt = Date()
                        entry.blacklistReason = outcome.error.map { "I/O operation is failed. Details: [\($0)]" } ?? "Webhook responded with HTTP \(outcome.status ?? 0)"
                    }
                }
            }
            deliveries.append(delivery)
        }
        return deliveries
    }
}
