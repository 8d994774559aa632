import Foundation

extension SimulatedRecording {
    func json(accountURI: String, mediaAccountURI: String) -> JSONValue {
        [
            "uri": .string("\(accountURI)/recording/\(self.id)"),
            "id": .string(self.id),
            "type": .string(self.type),
            "contentUri": .string("\(mediaAccountURI)/recording/\(self.id)/content"),
        ]
    }
}

extension SimulatedCall {
    /// The call as a RingCentral `CallLogRecord`.
    ///
    /// - Parameters:
    ///   - detailed: `view=Detailed` (adds `legs` and `billing`).
    ///   - accountURI: `<platform>/restapi/v1.0/account/<id>`.
    ///   - mediaAccountURI: `<media>/restapi/v1.0/account/<id>`.
    func json(detailed: Bool, accountURI: String, mediaAccountURI: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "uri", value: .string("\(accountURI)/call-log/\(self.id)?view=\(detailed ? "Detailed" : "Simple")")),
            (key: "id", value: .string(self.id)),
            (key: "sessionId", value: .string(self.sessionId)),
            (key: "startTime", value: .string(ISO8601.string(self.startTime))),
            (key: "duration", value: .int(self.durationMs / 1000)),
            (key: "durationMs", value: .int(self.durationMs)),
            (key: "type", value: .string(self.type)),
        ]
        if let internalType { members.append((key: "internalType", value: .string(internalType))) }
        members.append((key: "direction", value: .string(self.direction)))
        members.append((key: "action", value: .string(self.action)))
        members.append((key: "result", value: .string(self.result)))
        if let reason { members.append((key: "reason", value: .string(reason))) }
        if let reasonDescription { members.append((key: "reasonDescription", value: .string(reasonDescription))) }
        members.append((key: "to", value: self.to.json))
        members.append((key: "from", value: self.from.json))
        if let recording {
            members.append((key: "recording", value: recording.json(accountURI: accountURI, mediaAccountURI: mediaAccountURI)))
        }
        if self.shortRecording {
            members.append((key: "shortRecording", value: true))
        }
        members.append((key: "telephonySessionId", value: .string(self.telephonySessionId)))
        members.append((key: "transport", value: .string(self.transport)))
        let modified = self.lastModifiedTime ?? self.startTime.addingTimeInterval(Double(self.durationMs) / 1000 + 240)
        members.append((key: "lastModifiedTime", value: .string(ISO8601.string(modified))))
        if detailed {
            members.append((key: "billing", value: ["costIncluded": 0.0, "costPurchased": 0.0]))
            let legs = self.legs.isEmpty ? [self.masterLeg] : self.legs
            members.append((key: "legs", value: .array(legs.map { $0.json(call: self, accountURI: accountURI, mediaAccountURI: mediaAccountURI) })))
        }
        for key in self.extraFields.keys.sorted() {
            members.append((key: key, value: self.extraFields[key]!))
        }
        return .object(members)
    }

    /// The single master leg of a call defined without explicit legs.
    var masterLeg: SimulatedLeg {
        SimulatedLeg(
            legType: self.direction == "Outbound" ? "SipToPstnMetered" : "PstnToSip", master: true,
            startTime: self.startTime, durationMs: self.durationMs, direction: self.direction, action: self.action,
            result: self.result, reason: self.reason, from: self.from, to: self.to, recording: self.recording
        )
    }
}

extension SimulatedLeg {
    func json(call: SimulatedCall, accountURI: String, mediaAccountURI: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "startTime", value: .string(ISO8601.string(self.startTime))),
            (key: "duration", value: .int(self.durationMs / 1000)),
            (key: "durationMs", value: .int(self.durationMs)),
            (key: "type", value: .string(call.type)),
            (key: "direction", value: .string(self.direction)),
            (key: "action", value: .string(self.action)),
            (key: "result", value: .string(self.result)),
        ]
        if let reason { members.append((key: "reason", value: .string(reason))) }
        members.append((key: "to", value: self.to.json))
        members.append((key: "from", value: self.from.json))
        members.append((key: "telephonySessionId", value: .string(call.telephonySessionId)))
        members.append((key: "transport", value: .string(call.transport)))
        members.append((key: "legType", value: .string(self.legType)))
        members.append((key: "master", value: .bool(self.master)))
        if let recording {
            members.append((key: "recording", value: recording.json(accountURI: accountURI, mediaAccountURI: mediaAccountURI)))
        }
        for key in self.extraFields.keys.sorted() {
            members.append((key: key, value: self.extraFields[key]!))
        }
        return .object(members)
    }
}
