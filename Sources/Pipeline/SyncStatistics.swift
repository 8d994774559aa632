/// What one call-log sync saw and did.
public struct SyncStatistics: Sendable, Codable, Equatable {
    public var pages = 0
    public var callsSeen = 0
    public var newCalls = 0
    public var updatedCalls = 0
    /// Calls by qualification (accepted, voicemail, blocked, missed, unknown).
    public var byQualification: [String: Int] = [:]
    public var recordingsFound = 0
    /// Rows marked `shortRecording` (too short to keep, nothing to download).
    public var shortRecordings = 0
    public var jobsEnqueued = 0
    /// Recordings already archived or already waiting in a live download job.
    public var alreadyKnown = 0
    /// Recordings that failed for good before (gone, not audio); not enqueued again.
    public var knownFailures = 0
    public var dryRun = false

    public init() {}
}
