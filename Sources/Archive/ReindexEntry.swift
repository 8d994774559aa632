/// One recording rebuilt from its sidecar: what ``CatalogStore/rebuild(from:now:)`` writes.
public struct ReindexEntry: Sendable, Equatable {
    /// The sidecar (its recording's state is `archived`).
    public var sidecar: RecordingSidecar
    /// The files it lists, plus the sidecar itself.
    public var files: [StoredFile]

    /// Creates an entry.
    public init(sidecar: RecordingSidecar, files: [StoredFile]) {
        self.sidecar = sidecar
        self.files = files
    }
}
