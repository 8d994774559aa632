import Foundation

/// A job a worker holds a lease on: what its handler receives.
public struct ClaimedJob: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    /// The payload, a JSON object as text.
    public var payload: String
    /// This attempt's number, starting at 1.
    public var attempt: Int
    public var maxAttempts: Int
    /// The fencing token: finishing, failing or renewing the job requires it.
    public var leaseToken: Int64
    public var priority: Int
    public var runAt: Int64
    public var rescueCount: Int
    public var idempotencyKey: String?
    /// How many times the job was snoozed (snoozes spend no attempt): for growing waits.
    public var snoozeCount: Int

    /// Decodes the payload as `T`.
    /// - Throws: ``JobError`` with ``JobError/Disposition/permanent`` when the payload does not decode,
    ///   since retrying the same bytes cannot help.
    public func decodePayload<T: Decodable>(as type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload.utf8))
        } catch {
            throw JobError.permanent("payload of job \(id) (\(kind)) does not decode: \(error)")
        }
    }

    /// Creates a value.
    public init(id: Int64, kind: String, payload: String, attempt: Int, maxAttempts: Int, leaseToken: Int64, priority: Int, runAt: Int64, rescueCount: Int, idempotencyKey: String?, snoozeCount: Int = 0) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.leaseToken = leaseToken
        self.priority = priority
        self.runAt = runAt
        self.rescueCount = rescueCount
        self.idempotencyKey = idempotencyKey
        self.snoozeCount = snoozeCount
    }
}
