/// What ``Reindexer/run()`` did.
public struct ReindexReport: Sendable, Equatable {
    /// A sidecar that could not be indexed.
    public struct Problem: Sendable, Equatable {
        /// The sidecar, relative to home.
        public var path: String
        /// Why.
        public var message: String
    }

    /// Sidecars found under `recordings/`.
    public var sidecarsFound: Int = 0
    /// Recordings written to the catalog (complete sets).
    public var recordingsIndexed: Int = 0
    /// Distinct calls written to the catalog.
    public var callsIndexed: Int = 0
    /// Transcripts catalogued from `{stem}.transcript.json`.
    public var transcriptsIndexed: Int = 0
    /// Sidecars skipped: unreadable, or a referenced file missing or of the wrong size.
    public var problems: [Problem] = []
    /// Recordings the catalog had as archived but the tree has no complete set for; their `files`
    /// rows were removed and they were marked `failed`.
    public var recordingsNotInTree: [String] = []
}
