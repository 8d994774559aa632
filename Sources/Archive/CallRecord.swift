/// A call as the call log describes it, with the recordings it carries.
public struct CallRecord: Sendable, Equatable {
    /// The call.
    public var call: CallEntry
    /// Its recordings (state `pending`).
    public var recordings: [RecordingEntry]

    /// Creates a record.
    public init(call: CallEntry, recordings: [RecordingEntry]) {
        self.call = call
        self.recordings = recordings
    }
}
