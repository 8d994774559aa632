/// Where a recording is in the archive pipeline (the `recordings.state` column).
public enum RecordingState: String, Sendable, Codable, CaseIterable {
    /// Known from the call log; not downloaded yet.
    case pending
    /// Downloaded to `tmp/`, checksummed; not filed yet.
    case downloaded
    /// Filed in `recordings/` with its sidecar; the catalog `files` rows list the files.
    case archived
    /// The last attempt failed (see ``RecordingEntry/lastError``).
    case failed

    /// How far along the state is; an upsert never moves a recording to a lower precedence.
    ///
    /// `pending` < `failed` < `downloaded` < `archived`: a sync that offers a known recording
    /// again (as `pending`) neither resets a failure nor undoes a download or an archive.
    public var precedence: Int {
        switch self {
        case .pending: 0
        case .failed: 1
        case .downloaded: 2
        case .archived: 3
        }
    }
}
