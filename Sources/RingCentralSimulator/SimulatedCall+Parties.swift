import Foundation

extension SimulatedCall {
    /// When the call ended.
    var endTime: Date {
        self.startTime.addingTimeInterval(Double(self.durationMs) / 1000)
    }

    /// The account's own party: the callee of an inbound call, the caller of an outbound one.
    var internalParty: SimulatedParty {
        self.direction == "Outbound" ? self.from : self.to
    }

    /// The outside party.
    var externalParty: SimulatedParty {
        self.direction == "Outbound" ? self.to : self.from
    }

    /// The leg that carries `recording`, if the call lists legs and one of them has it.
    func leg(carrying recording: SimulatedRecording) -> SimulatedLeg? {
        self.legs.first { $0.recording?.id == recording.id }
    }

    /// When `recording` started: its leg's start (or the call's) plus its offset.
    func startTime(of recording: SimulatedRecording) -> Date {
        let base = self.leg(carrying: recording)?.startTime ?? self.startTime
        return base.addingTimeInterval(Double(recording.offsetSeconds))
    }

    /// When `recording` ended.
    func endTime(of recording: SimulatedRecording) -> Date {
        self.startTime(of: recording).addingTimeInterval(Double(recording.durationSeconds))
    }

    /// Who speaks in `recording`: the agent (an extension of the account) and the customer (outside party), with the
    /// party index used in RingSense speaker ids (`p-…-1` agent, `p-…-2` customer, `p-…-3` a transfer target).
    func speakers(of recording: SimulatedRecording) -> (agent: SimulatedParty, agentIndex: Int, customer: SimulatedParty) {
        if let leg = self.leg(carrying: recording), leg.legType == "TransferCall" {
            return (leg.to, 3, self.externalParty)
        }
        return (self.internalParty, 1, self.externalParty)
    }

    /// The same call moved in time by `seconds` (legs included).
    func shifted(by seconds: TimeInterval) -> SimulatedCall {
        var call = self
        call.startTime = call.startTime.addingTimeInterval(seconds)
        call.lastModifiedTime = call.lastModifiedTime?.addingTimeInterval(seconds)
        call.legs = call.legs.map { leg in
            var leg = leg
            leg.startTime = leg.startTime.addingTimeInterval(seconds)
            return leg
        }
        return call
    }

    /// The telephony party id of the party with `index` (RingCentral's `p-<session>-<n>` form).
    func partyId(_ index: Int) -> String {
        let session = self.telephonySessionId.hasPrefix("s-") ? String(self.telephonySessionId.dropFirst(2)) : self.telephonySessionId
        return "p-\(session)-\(index)"
    }
}
