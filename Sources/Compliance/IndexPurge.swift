/// What erasing deleted text from the database file did: the full-text index merged without
/// the deleted rows, freed pages overwritten, the write-ahead log checkpointed and truncated.
public struct IndexPurge: Sendable, Codable, Equatable {
    /// Database pages before and after.
    public var pagesBefore: Int64
    public var pagesAfter: Int64
    /// Free pages (overwritten with zeros) after.
    public var freePagesAfter: Int64
    /// The page size in bytes.
    public var pageSize: Int64
    /// Whether the checkpoint copied every frame and truncated the log (another process reading
    /// at that moment can keep some frames; the next purge or checkpoint finishes them).
    public var checkpointComplete: Bool

    /// Creates a report.
    public init(pagesBefore: Int64, pagesAfter: Int64, freePagesAfter: Int64, pageSize: Int64, checkpointComplete: Bool) {
        self.pagesBefore = pagesBefore
        self.pagesAfter = pagesAfter
        self.freePagesAfter = freePagesAfter
        self.pageSize = pageSize
        self.checkpointComplete = checkpointComplete
    }

    /// Bytes of free pages, reusable by the database (shrink the file with `VACUUM`).
    public var reclaimableBytes: Int64 { freePagesAfter * pageSize }
}
