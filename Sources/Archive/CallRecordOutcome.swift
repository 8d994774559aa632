/// What storing one ``CallRecord`` did (or, in a dry run, would do).
public struct CallRecordOutcome: Sendable, Equatable {
    /// What happened to a recording of the call.
    public enum RecordingOutcome: String, Sendable, Equatable {
        /// A download job was enqueued.
        case enqueued
        /// Already archived, downloaded, or waiting in a live download job.
        case alreadyKnown
        /// Failed for good before (gone, not audio); not enqueued again.
        case knownFailure
    }

    /// What happened to the call row (a dry run reports `.inserted` for a call not seen before).
    public var call: UpsertOutcome
    /// One outcome per recording, in the record's order.
    public var recordings: [RecordingOutcome]

    /// Creates an outcome.
    public init(call: UpsertOutcome, recordings: [RecordingOutcome]) {
        self.call = call
        self.recordings = recordings
    }
}
