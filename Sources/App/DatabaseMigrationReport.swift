/// What `callvault migrate --database` copied and whether the copy checks out.
public struct DatabaseMigrationReport: Sendable, Codable, Equatable {
    /// Archived recordings with their calls and files.
    public var archivedRecordings = 0
    /// Recordings not archived yet (pending, downloaded, failed), with their calls.
    public var otherRecordings = 0
    /// Available transcripts (segments and index entries).
    public var transcripts = 0
    /// Transcript states other than available (pending, unavailable, none).
    public var transcriptStates = 0
    /// Legal holds added (holds already in the target are not added twice).
    public var holdsAdded = 0
    /// Audit entries appended verbatim after the target's last one.
    public var auditEntries = 0
    /// Waiting jobs copied (a job the target already has, by idempotency key, is not).
    public var jobsCopied = 0
    /// Whether the call-log sync's watermark was copied.
    public var watermarkCopied = false
    /// Recordings that could not be copied, with why.
    public var problems: [Problem] = []
    /// Differences found by the final comparison; empty when the target matches the source.
    public var mismatches: [String] = []

    /// One recording that was not copied.
    public struct Problem: Sendable, Codable, Equatable {
        /// The recording.
        public var recordingId: String
        /// Why.
        public var message: String
    }

    /// Whether everything was copied and the comparison found nothing different.
    public var isComplete: Bool { problems.isEmpty && mismatches.isEmpty }

    /// Creates an empty report.
    public init() {}
}
