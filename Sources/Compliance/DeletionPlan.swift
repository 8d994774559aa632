/// What a retention or erasure run selected: the recordings it deletes, and those a hold keeps.
public struct DeletionPlan: Sendable {
    /// Why recordings are deleted.
    public enum Purpose: String, Sendable, Codable {
        /// Older than the retention period.
        case retention
        /// Erasure on request.
        case erasure
    }

    /// Why.
    public var purpose: Purpose
    /// The recordings to delete, oldest call first.
    public var selected: [DeletionCandidate]
    /// Selected by the criteria but held.
    public var held: [HeldRecording]
    /// Ids asked for that the catalog does not know (`erase --recording`).
    public var notFound: [String]
    /// Retention: calls that started before this instant (milliseconds since 1970, UTC).
    public var cutoffMillis: Int64?
    /// Erasure by number: the keyed hash of the E.164 number (never the number).
    public var phoneDigest: String?

    /// Creates a plan.
    public init(
        purpose: Purpose, selected: [DeletionCandidate], held: [HeldRecording], notFound: [String] = [], cutoffMillis: Int64? = nil,
        phoneDigest: String? = nil
    ) {
        self.purpose = purpose
        self.selected = selected
        self.held = held
        self.notFound = notFound
        self.cutoffMillis = cutoffMillis
        self.phoneDigest = phoneDigest
    }
}
