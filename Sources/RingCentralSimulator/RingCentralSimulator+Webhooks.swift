import Essentials
import Foundation

extension RingCentralSimulator {
    /// One telephony-session notification of a call: the party's status at a moment.
    struct TelephonyStep: Sendable {
        var code: String
        var reason: String?
        var recordingsActive: Bool?
        var time: Date
    }

    /// The notifications a call produces: `Setup` at its start, `Answered` a moment later for connected calls (with
    /// its recordings active), and `Disconnected` at its end (with its recordings, no longer active).
    func telephonySteps(_ call: SimulatedCall) -> [TelephonyStep] {
        let connected = !call.allRecordings.isEmpty || ["Accepted", "Call connected"].contains(call.result)
        let hasRecordings = !call.allRecordings.isEmpty
        var steps = [TelephonyStep(code: "Setup", reason: nil, recordingsActive: nil, time: call.startTime)]
        if connected {
            let answered = call.startTime.addingTimeInterval(min(1, Double(call.durationMs) / 4000))
            steps.append(TelephonyStep(code: "Answered", reason: nil, recordingsActive: hasRecordings ? true : nil, time: answered))
        }
        let voicemail = call.result == "Voicemail" || call.result == "Sent to Voicemail"
        steps.append(
            TelephonyStep(
                code: "Disconnected", reason: voicemail ? "Voicemail" : "CallFinished", recordingsActive: hasRecordings ? false : nil,
                time: call.endTime
            )
        )
        return steps
    }

    /// Sends telephony-session events (`Setup`, `Answered` for connected calls, `Disconnected`) for a call now, to
    /// every active subscription with a matching `…/telephony/sessions` filter, with the `Verification-Token` header.
    ///
    /// For events that arrive on their own at the call's times, use ``playCall(_:)``.
    ///
    /// - Parameter callId: Id of a call in the call set.
    /// - Returns: One entry per POST made.
    public func emitTelephonySessionEvents(callId: String) async -> [WebhookDelivery] {
        guard let call = self.calls.first(where: { $0.id == callId }) else { return [] }
        var deliveries: [WebhookDelivery] = []
        for (index, step) in self.telephonySteps(call).enumerated() {
            deliveries += await self.deliverTelephonyStep(step, sequence: index + 1, of: call)
        }
        return deliveries
    }

    /// Sends one telephony-session notification (`AccountTelephonySessionsEvent`/`ExtensionTelephonySessionsEvent`).
    ///
    /// The body carries the account's own party (the agent), with `recordings[]` (`id`, `active`) once the call is
    /// answered. `to`/`from` are `CallPartyShortInfo` (`phoneNumber`, `name`, `extensionId`).
    func deliverTelephonyStep(_ step: TelephonyStep, sequence: Int, of call: SimulatedCall) async -> [WebhookDelivery] {
        let agent = call.internalParty
        let extensionId = agent.extensionId ?? self.configuration.extensionId
        func short(_ party: SimulatedParty) -> JSONValue {
            var members: [(key: String, value: JSONValue)] = []
            if let phone = party.phoneNumber { members.append((key: "phoneNumber", value: .string(phone))) }
            if let name = party.name { members.append((key: "name", value: .string(name))) }
            if let id = party.extensionId { members.append((key: "extensionId", value: .string(id))) }
            return .object(members)
        }
        let missed = !(["Accepted", "Call connected"].contains(call.result) || !call.allRecordings.isEmpty)
        var party: [(key: String, value: JSONValue)] = [
            (key: "accountId", value: .string(self.configuration.accountId)),
            (key: "extensionId", value: .string(extensionId)),
            (key: "id", value: .string(call.partyId(1))),
            (key: "direction", value: .string(call.direction)),
            (key: "to", value: short(call.to)),
            (key: "from", value: short(call.from)),
        ]
        if let active = step.recordingsActive {
            party.append((key: "recordings", value: .array(call.allRecordings.map { ["id": .string($0.id), "active": .bool(active)] })))
        }
        var status: JSONValue = ["code": .string(step.code), "rcc": false]
        if let reason = step.reason { status = status.setting("reason", to: .string(reason)) }
        party.append((key: "status", value: status))
        party.append((key: "missedCall", value: .bool(missed && step.code == "Disconnected")))
        party.append((key: "standAlone", value: false))
        party.append((key: "muted", value: false))
        let body: JSONValue = [
            "sequence": .int(sequence),
            "sessionId": .string(call.sessionId),
            "telephonySessionId": .string(call.telephonySessionId),
            "serverId": "10.13.22.28.SIM",
            "eventTime": .string(ISO8601.string(step.time)),
            "parties": [.object(party)],
            "origin": ["type": "Call"],
        ]
        let facts = EventFilter.TelephonyFacts(
            extensionId: extensionId, direction: call.direction, missedCall: missed && step.code == "Disconnected",
            statusCode: step.code, hasRecordings: !call.allRecordings.isEmpty,
            phoneNumbers: [call.from.phoneNumber, call.to.phoneNumber].compactMap { $0 }
        )
        return await self.deliver(body: body, kind: "telephonySession") { $0.matches(facts) }
    }

    /// Sends a RingSense insights event (`body` = `RecordingInsights`, the newest version available now) for a
    /// recording to every active subscription with a `/ai/ringsense/…/domains/pbx/insights` filter.
    ///
    /// Nothing is sent while the recording has no insights yet (see ``SimulatorConfiguration/insightsDelay``).
    /// Played calls (``playCall(_:)``) get these events on their own, once per insights version.
    ///
    /// - Parameter recordingId: A recording of the call set.
    /// - Returns: One entry per POST made.
    public func emitRingSenseInsightsEvent(recordingId: String) async -> [WebhookDelivery] {
        guard let found = self.recording(id: recordingId), let version = self.insightsVersion(call: found.call, recording: found.recording) else {
            return []
        }
        return await self.deliverInsights(call: found.call, recording: found.recording, version: version)
    }

    func deliverInsights(call: SimulatedCall, recording: SimulatedRecording, version: InsightsVersion) async -> [WebhookDelivery] {
        let body = self.insightsGenerator.recordingInsights(
            call: call, recording: recording, transcript: self.recordingTranscript(call: call, recording: recording), version: version, types: nil
        )
        return await self.deliver(body: body, kind: "ringSenseInsights") { $0.matchesInsights(domain: "pbx") }
    }

    /// Plays a call live on the simulator's clock.
    ///
    /// The call joins the call set at once but, like every call, its call-log record (and its recordings) appear only
    /// ``SimulatorConfiguration/callLogDelay`` after it ends. Its telephony-session events are delivered at their
    /// times (`Setup` at the start, `Answered` just after, `Disconnected` with `recordings[]` at the end), and each
    /// version of its recordings' RingSense insights is announced by an insights event when it becomes available. With
    /// a `ManualTimeSource` nothing is delivered until the test advances the clock; ``settle()`` waits for what is due.
    ///
    /// - Parameter call: The call; its times are read on the simulator's clock.
    public func playCall(_ call: SimulatedCall) {
        self.addCall(call)
        for (index, step) in self.telephonySteps(call).enumerated() {
            self.scheduler.schedule(at: step.time) { [self] in
                _ = await self.deliverTelephonyStep(step, sequence: index + 1, of: call)
            }
        }
        for recording in call.allRecordings {
            for version in self.insightsVersions(call: call, recording: recording) {
                self.scheduler.schedule(at: version.lastModifiedTime) { [self] in
                    // Use the call as it is now (a test may have replaced the call set meanwhile).
                    guard let found = self.recording(id: recording.id) else { return }
                    _ = await self.deliverInsights(call: found.call, recording: found.recording, version: version)
                }
            }
        }
    }

    /// Posts `body` to every active, unexpired subscription with an enabled filter accepted by `matching`.
    ///
    /// The notification's `event` is the matching filter without its query (RingCentral's samples show the expanded
    /// filter path; whether a filter's query options appear in `event` is not documented). Failed deliveries count
    /// towards ``SimulatorConfiguration/webhookBlacklistAfterFailures``.
    private func deliver(body: JSONValue, kind: String, matching: (EventFilter) -> Bool) async -> [WebhookDelivery] {
        var deliveries: [WebhookDelivery] = []
        for subscription in self.subscriptions.active(now: self.now) where subscription.status == "Active" {
            guard let filter = subscription.filters.first(where: matching) else { continue }
            let uuid = String(UInt64.random(in: 1_000_000_000_000_000_000...9_000_000_000_000_000_000))
            let envelope: JSONValue = [
                "uuid": .string(uuid),
                "event": .string(filter.path),
                "timestamp": .string(ISO8601.string(self.now)),
                "subscriptionId": .string(subscription.id),
                "ownerId": .string(self.configuration.extensionId),
                "body": body,
            ]
            var headers = ["Content-Type": "application/json; charset=UTF-8", "User-Agent": "RingCentral-Webhook/8.3 (simulator)"]
            if let token = subscription.verificationToken { headers["Verification-Token"] = token }
            let outcome = await self.webhookClient.post(
                subscription.address, headers: headers, body: envelope.serializedBytes(), timeout: self.configuration.webhookDeliveryTimeout
            )
            let delivery = WebhookDelivery(subscriptionId: subscription.id, event: filter.path, uuid: uuid, status: outcome.status)
            self.countDelivery(failed: !delivery.succeeded, event: kind)
            let limit = self.configuration.webhookBlacklistAfterFailures
            let now = self.now
            self.subscriptions.update(subscription.id, now: now) { entry in
                if delivery.succeeded {
                    entry.consecutiveFailures = 0
                } else {
                    entry.consecutiveFailures += 1
                    if limit > 0, entry.consecutiveFailures >= limit {
                        entry.status = "Blacklisted"
                        entry.blacklistedAt = now
                        entry.blacklistReason = outcome.error.map { "I/O operation is failed. Details: [\($0)]" } ?? "Webhook responded with HTTP \(outcome.status ?? 0)"
                    }
                }
            }
            deliveries.append(delivery)
        }
        return deliveries
    }
}
