extension RecordingEntry {
    /// This stored entry updated by `incoming`, as every catalog applies an upsert: the call,
    /// media URL, type and expected duration always follow `incoming`; its state is adopted only
    /// when it has at least the stored state's precedence, and then so are its non-`nil` progress
    /// fields (content type, bytes, hash, tmp path, last error).
    public func merging(_ incoming: RecordingEntry) -> RecordingEntry {
        var merged = self
        merged.callId = incoming.callId
        merged.contentUri = incoming.contentUri
        merged.recordingType = incoming.recordingType
        merged.expectedDurationSeconds = incoming.expectedDurationSeconds
        merged.expectedDurationIsExact = incoming.expectedDurationIsExact
        if incoming.state.precedence >= state.precedence {
            merged.state = incoming.state
            merged.contentType = incoming.contentType ?? contentType
            merged.receivedBytes = incoming.receivedBytes ?? receivedBytes
            merged.receivedSHA256 = incoming.receivedSHA256 ?? receivedSHA256
            merged.tmpPath = incoming.tmpPath ?? tmpPath
            merged.lastError = incoming.lastError ?? lastError
        }
        return merged
    }
}
