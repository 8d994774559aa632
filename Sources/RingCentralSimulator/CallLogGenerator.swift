import Essentials
public import Foundation

/// Generates a deterministic, realistic day of calls for the simulator's call log.
///
/// The mix covers what an archiver meets in production: accepted calls with recordings in MP3 or WAV, missed calls
/// (`Missed`, `No Answer`, `Busy`, `Hang Up`), voicemail, blocked calls, transfers with several legs and several
/// recordings, `shortRecording` rows without a recording, odd phone-number formats, and here and there an unknown
/// member or an unknown enum value. The same seed and end date always give the same calls.
public struct CallLogGenerator: Sendable {
    /// Generator settings.
    public struct Options: Sendable {
        /// PRNG seed.
        public var seed: UInt64
        /// How many calls to generate.
        public var callCount: Int
        /// The calls are spread over the 24 hours before this instant, and all of them have ended by then; `nil` means
        /// "now" on the simulator's clock (or the wall clock for ``CallLogGenerator/generate()``).
        public var endDate: Date?
        /// Share of recorded MP3 recordings; the rest are WAV (PCM or mu-law).
        public var mp3Fraction: Double
        /// Share of answered calls that carry a recording.
        public var recordedFraction: Double
        /// Longest generated call, in seconds.
        public var maxDurationSeconds: Int
        /// First recording id; ids increase from here.
        public var firstRecordingId: Int

        /// Creates options; every member is defaulted.
        public init(
            seed: UInt64 = 42,
            callCount: Int = 60,
            endDate: Date? = nil,
            mp3Fraction: Double = 0.7,
            recordedFraction: Double = 0.85,
            maxDurationSeconds: Int = 420,
            firstRecordingId: Int = 1_662_272_000
        ) {
            self.seed = seed
            self.callCount = callCount
            self.endDate = endDate
            self.mp3Fraction = mp3Fraction
            self.recordedFraction = recordedFraction
            self.maxDurationSeconds = maxDurationSeconds
            self.firstRecordingId = firstRecordingId
        }
    }

    /// The settings in use.
    public var options: Options
    /// Account id used for the owner party.
    public var extensionId: String

    /// Creates a generator.
    public init(options: Options = Options(), extensionId: String = "400643091008") {
        self.options = options
        self.extensionId = extensionId
    }

    private enum Kind: CaseIterable {
        case accepted, missed, voicemail, blocked, transfer, short
    }

    /// Generates the calls, newest first, ending by ``Options/endDate`` or, when that is `nil`, by the wall clock's now.
    public func generate() -> [SimulatedCall] {
        self.generate(now: Date())
    }

    /// Generates the calls, newest first, ending by ``Options/endDate`` or, when that is `nil`, by `now`.
    ///
    /// - Parameter now: The end of the generated day when the options name none.
    /// - Returns: The calls.
    public func generate(now: Date) -> [SimulatedCall] {
        let endDate = self.options.endDate ?? now
        var random = SeededGenerator(seed: self.options.seed)
        var nextRecordingId = self.options.firstRecordingId
        var calls: [SimulatedCall] = []
        let span = 24.0 * 3600
        let count = max(self.options.callCount, 0)
        for index in 0..<count {
            // Spread the calls over the day with jitter; keep them strictly inside the window.
            let slot = span / Double(max(count, 1))
            let offset = slot * Double(index) + random.unit() * slot * 0.8 + 1
            let startMs = ((endDate.timeIntervalSince1970 - span + offset) * 1000).rounded(.down)
            let start = Date(timeIntervalSince1970: startMs / 1000)
            let kind = self.kind(&random)
            let inbound = random.chance(0.6)
            let direction = inbound ? "Inbound" : "Outbound"
            let external = self.externalParty(&random)
            let agent = self.agentParty(&random)
            let from = inbound ? external : agent
            let to = inbound ? agent : external
            let id = random.string(15, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            let sessionId = random.digits(13)
            let telephonySessionId = "s-a0" + random.string(30, alphabet: "0123456789abcdef") + "0000"
            func makeRecording(_ seconds: Int, onDemand: Bool = false) -> SimulatedRecording {
                defer { nextRecordingId += 1 + Int(random.next() % 7) }
                let format: SimulatedAudioFormat =
                    random.chance(self.options.mp3Fraction) ? .mp3 : (random.chance(0.7) ? .wavPCM16 : .wavMuLaw)
                guard onDemand, seconds > 40 else {
                    return SimulatedRecording(id: String(nextRecordingId), type: "Automatic", format: format, durationSeconds: seconds)
                }
                // Someone pressed "record" some way into the call: the recording is shorter than the call and ends
                // with it.
                let recorded = 30 + Int(random.next() % UInt64(seconds - 35))
                return SimulatedRecording(
                    id: String(nextRecordingId), type: "OnDemand", format: format, durationSeconds: recorded,
                    offsetSeconds: seconds - recorded
                )
            }
            var call: SimulatedCall
            switch kind {
            case .accepted:
                let seconds = 31 + Int(random.next() % UInt64(max(self.options.maxDurationSeconds - 30, 1)))
                call = SimulatedCall(
                    id: id, sessionId: sessionId, telephonySessionId: telephonySessionId, startTime: start,
                    durationMs: seconds * 1000 + Int(random.next() % 1000),
                    direction: direction, action: inbound ? "Phone Call" : random.pick(["VoIP Call", "RingOut Web", "Phone Call"]),
                    result: inbound ? "Accepted" : "Call connected", reason: inbound ? "Accepted" : "Connected",
                    from: from, to: to,
                    recording: random.chance(self.options.recordedFraction) ? makeRecording(seconds, onDemand: random.chance(0.25)) : nil,
                    internalType: random.pick(["Local", "LongDistance", "Usual", "TollFreeNumber"])
                )
            case .missed:
                let result = random.pick(["Missed", "No Answer", "Busy", "Hang Up"])
                call = SimulatedCall(
                    id: id, sessionId: sessionId, telephonySessionId: telephonySessionId, startTime: start,
                    durationMs: Int(random.next() % 30_000), direction: direction, action: "Phone Call", result: result,
                    reason: result == "Busy" ? "Line Busy" : (result == "Hang Up" ? "Hang Up" : "Not Answered"),
                    from: from, to: to
                )
            case .voicemail:
                call = SimulatedCall(
                    id: id, sessionId: sessionId, telephonySessionId: telephonySessionId, startTime: start,
                    durationMs: 8_000 + Int(random.next() % 60_000), direction: "Inbound", action: "Phone Call",
                    result: random.pick(["Voicemail", "Sent to Voicemail"]), reason: "Voicemail",
                    from: external, to: agent,
                    extraFields: ["message": ["id": .string(random.digits(11)), "type": "VoiceMail", "uri": "https://platform.ringcentral.com/restapi/v1.0/account/~/extension/~/message-store/1"]]
                )
            case .blocked:
                call = SimulatedCall(
                    id: id, sessionId: sessionId, telephonySessionId: telephonySessionId, startTime: start,
                    durationMs: 0, direction: "Inbound", action: "Phone Call", result: "Blocked", reason: "Number Blocked",
                    from: external, to: agent
                )
            case .short:
                call = SimulatedCall(
                    id: id, sessionId: sessionId, telephonySessionId: telephonySessionId, startTime: start,
                    durationMs: 4_000 + Int(random.next() % 20_000), direction: direction, action: "Phone Call",
                    result: inbound ? "Accepted" : "Call connected", from: from, to: to, shortRecording: true
                )
            case .transfer:
                let first = 31 + Int(random.next() % 120)
                let second = 31 + Int(random.next() % 240)
                let total = first + second
                let firstRecording = makeRecording(first)
                let secondRecording = makeRecording(second)
                let target = SimulatedParty(extensionNumber: String(200 + Int(random.next() % 50)), extensionId: random.digits(12), name: random.pick(["Casey Billing", "Morgan Support", "Taylor Sales"]))
                // The caller's leg spans the whole call (master, not recorded); each agent's leg carries its own
                // recording and lasts only as long as that agent was on the call.
                let legs = [
                    SimulatedLeg(
                        legType: random.chance(0.3) ? "SimFutureLegType" : (inbound ? "PstnToSip" : "SipToPstnMetered"), master: true,
                        startTime: start, durationMs: total * 1000, direction: direction, action: "Phone Call",
                        result: inbound ? "Accepted" : "Call connected", from: from, to: to
                    ),
                    SimulatedLeg(
                        legType: "Accept", master: false, startTime: start, durationMs: first * 1000,
                        direction: direction, action: "Phone Call", result: inbound ? "Accepted" : "Call connected",
                        from: from, to: to, recording: firstRecording
                    ),
                    SimulatedLeg(
                        legType: "TransferCall", master: false, startTime: start.addingTimeInterval(Double(first)),
                        durationMs: second * 1000, direction: "Outbound", action: "Transfer", result: "Call connected",
                        from: agent, to: target, recording: secondRecording
                    ),
                ]
                call = SimulatedCall(
                    id: id, sessionId: sessionId, telephonySessionId: telephonySessionId, startTime: start,
                    durationMs: total * 1000 + Int(random.next() % 1000), direction: direction, action: "Phone Call",
                    result: inbound ? "Accepted" : "Call connected", reason: "Accepted", from: from, to: to,
                    recording: firstRecording, legs: legs
                )
            }
            if index % 11 == 5 {
                call.extraFields["simFutureField"] = ["nested": true, "level": 3]
            }
            if index % 17 == 8 {
                call.internalType = "SimFutureInternalType"
            }
            if index % 13 == 3 {
                call.transport = "VoIP"
            }
            // Every generated call has ended (and its record exists) by the end date.
            let overrun = call.endTime.timeIntervalSince(endDate) + 1
            if overrun > 0 {
                call = call.shifted(by: -overrun.rounded(.up))
            }
            calls.append(call)
        }
        return calls.sorted { $0.startTime > $1.startTime }
    }

    private func kind(_ random: inout SeededGenerator) -> Kind {
        let roll = random.unit()
        switch roll {
        case ..<0.45: return .accepted
        case ..<0.60: return .missed
        case ..<0.68: return .voicemail
        case ..<0.73: return .blocked
        case ..<0.88: return .transfer
        default: return .short
        }
    }

    private func externalParty(_ random: inout SeededGenerator) -> SimulatedParty {
        let area = random.pick(["415", "650", "212", "312", "617", "206"])
        let line = random.digits(7)
        let style = random.next() % 10
        let phone: String
        switch style {
        case 0: phone = "(\(area)) \(line.prefix(3))-\(line.suffix(4))"
        case 1: phone = "\(area)\(line)"
        case 2: phone = "+44 20 7946 \(line.suffix(4))"
        case 3: phone = "1\(area)\(line)"
        default: phone = "+1\(area)\(line)"
        }
        if style == 9 {
            return SimulatedParty(name: "Anonymous")
        }
        return SimulatedParty(
            phoneNumber: phone,
            name: random.pick(["SAN FRANCSCO CA", "WIRELESS CALLER", "Jane Q. Customer", "ACME CORP", "NEW YORK NY"]),
            location: random.chance(0.5) ? random.pick(["San Francisco (South), CA", "New York, NY", "Seattle, WA"]) : nil
        )
    }

    private func agentParty(_ random: inout SeededGenerator) -> SimulatedParty {
        let number = 101 + Int(random.next() % 20)
        return SimulatedParty(
            phoneNumber: "+1650555" + String(format: "%04d", 1000 + number),
            extensionNumber: String(number),
            extensionId: number == 101 ? self.extensionId : String(400_643_091_000 + number),
            name: random.pick(["Alex Agent", "Sam Support", "Robin Sales", "Kim Ops"])
        )
    }
}
