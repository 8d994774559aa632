/// The job kinds, rate limits and recurring schedules one process knows.
///
/// Built once at start-up and handed to ``JobProcessor``; also used to reject unknown kinds and bad
/// payloads at enqueue time.
public struct JobRegistry: Sendable {
    public private(set) var definitions: [String: JobDefinition] = [:]
    /// Rate limits seeded into the database when absent (values learned later are kept).
    public private(set) var rateLimits: [RateLimit] = []
    public private(set) var schedules: [RecurringSchedule] = []

    public init() {}

    /// Adds a kind. Registering a kind twice is a programming error.
    public mutating func register(_ definition: JobDefinition) {
        precondition(definitions[definition.kind] == nil, "job kind \(definition.kind) is registered twice")
        definitions[definition.kind] = definition
    }

    /// Declares a rate limit's default budget.
    public mutating func declare(_ limit: RateLimit) {
        rateLimits.removeAll { $0.key == limit.key }
        rateLimits.append(limit)
    }

    /// Adds a recurring schedule for a registered kind.
    public mutating func schedule(_ schedule: RecurringSchedule) {
        schedules.removeAll { $0.name == schedule.name }
        schedules.append(schedule)
    }

    /// All registered kind names, sorted.
    public var kinds: [String] { definitions.keys.sorted() }

    /// Checks that a request names a registered kind and carries a payload that kind accepts.
    /// - Throws: ``JobQueueError`` with ``JobQueueError/Code/unknownKind`` or ``JobQueueError/Code/invalidPayload``.
    public func validate(_ request: JobRequest) throws {
        guard let definition = definitions[request.kind] else {
            throw JobQueueError(
                .unknownKind,
                "unknown job kind '\(request.kind)'; known kinds: \(kinds.joined(separator: ", "))"
            )
        }
        try PayloadValidation.requireJSONObject(request.payload)
        if let validate = definition.validatePayload {
            do {
                try validate(request.payload)
            } catch let error as JobQueueError {
                throw error
            } catch {
                throw JobQueueError(.invalidPayload, "payload for \(request.kind) is invalid: \(error)")
            }
        }
    }
}
