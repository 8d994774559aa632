import Essentials

/// What a retention or erasure run deleted, or with `dryRun` would delete: the same figures
/// either way, so a dry run can be compared with the real one.
public struct DeletionReport: Sendable, Codable, Equatable {
    /// `retention` or `erasure`.
    public var purpose: String
    /// Whether nothing was changed.
    public var dryRun: Bool
    /// Retention: calls that started before this instant (ISO 8601 UTC).
    public var cutoff: String?
    /// How many recordings were (or would be) deleted.
    public var count: Int
    /// Their stored bytes (audio, original, sidecars, transcript).
    public var bytes: Int64
    /// The oldest and newest of their calls' starts (ISO 8601 UTC).
    public var oldestCall: String?
    public var newestCall: String?
    /// Their ids, oldest call first.
    public var recordings: [String]
    /// Recordings kept by a legal hold.
    public var held: [HeldRecording]
    /// Ids asked for that the catalog does not know.
    public var notFound: [String]
    /// Recordings an interrupted earlier run had marked and this run finished.
    public var resumed: [String]
    /// What purging the deleted text did (a real run that deleted something).
    public var index: IndexPurge?

    /// The report of `plan`; `deleted` narrows it to what a real run deleted.
    public init(plan: DeletionPlan, dryRun: Bool, deleted: [DeletionCandidate]? = nil, resumed: [String] = [], index: IndexPurge? = nil) {
        let removed = deleted ?? plan.selected
        purpose = plan.purpose.rawValue
        self.dryRun = dryRun
        cutoff = plan.cutoffMillis.map(Millis.iso8601)
        count = removed.count
        bytes = removed.reduce(0) { $0 + $1.bytes }
        oldestCall = removed.map(\.callStartMillis).min().map(Millis.iso8601)
        newestCall = removed.map(\.callStartMillis).max().map(Millis.iso8601)
        recordings = removed.map(\.recordingId)
        held = plan.held
        notFound = plan.notFound
        self.resumed = resumed
        self.index = index
    }
}
