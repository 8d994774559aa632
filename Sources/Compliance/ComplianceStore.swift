/// What retention, legal holds and erasure need from the catalog: holds, the recordings a run
/// may delete, a deletion mark, and the removal of rows and of deleted text.
///
/// A deletion is three steps that each survive a crash: ``markForDeletion(_:reason:at:refuse:)``
/// (one unit of work), the files (through ``ArchiveStorage``, by the caller), then
/// ``deleteRecordings(_:)`` (one unit of work). A rerun finds the marked recordings with
/// ``markedForDeletion()`` and finishes them. Implementations: `SQLiteComplianceStore` (the
/// embedded default) and, for a fleet, a PostgreSQL store with the same semantics (holds and
/// marks in ordinary tables; ``purgeDeletedText()`` runs `VACUUM` on the affected tables).
public protocol ComplianceStore: Sendable {
    // MARK: Holds

    /// Places a hold on one recording or on a party's number (E.164).
    /// - Throws: ``ComplianceError`` `.notFound` for a recording the catalog does not know,
    ///   `.beingDeleted` for one a run has marked.
    @discardableResult
    func addHold(recordingId: String?, phone: String?, reason: String, createdBy: String, at: Int64) async throws -> LegalHold

    /// Removes the holds on these recordings.
    /// - Returns: The holds removed.
    @discardableResult
    func removeHolds(recordingIds: [String]) async throws -> [LegalHold]

    /// Removes the holds on a number (E.164).
    /// - Returns: The holds removed.
    @discardableResult
    func removeHolds(phone: String) async throws -> [LegalHold]

    /// Every hold, oldest first.
    func holds() async throws -> [LegalHold]

    // MARK: Selection

    /// Recordings whose call started before `millis` (UTC instants), oldest call first.
    func candidates(callStartedBefore millis: Int64) async throws -> [DeletionCandidate]

    /// The recordings with these ids that the catalog knows.
    func candidates(recordingIds: [String]) async throws -> [DeletionCandidate]

    /// Recordings of calls with a party whose number's digits end with `digitsSuffix` (a superset
    /// the caller narrows by comparing E.164 forms).
    func candidates(partyDigitsEndingWith digitsSuffix: String) async throws -> [DeletionCandidate]

    /// Recordings a run marked for deletion and did not finish.
    func markedForDeletion() async throws -> [DeletionCandidate]

    // MARK: Deletion

    /// Marks recordings for deletion in one unit of work, except those `refuse` names: it is
    /// called inside that unit with the candidates and the current holds, so a hold placed
    /// meanwhile is honoured.
    /// - Returns: The ids marked (already marked ones included).
    func markForDeletion(
        _ recordingIds: [String], reason: String, at: Int64,
        refuse: @escaping @Sendable ([DeletionCandidate], [LegalHold]) -> Set<String>
    ) async throws -> [String]

    /// Deletes everything the catalog holds about marked recordings in one unit of work: rows of
    /// the recording, its files and transcript, the transcript's segments and index entries, the
    /// jobs still waiting for it, and its call once no recording is left on it. Unmarked ids are
    /// skipped.
    /// - Returns: The ids deleted.
    func deleteRecordings(_ recordingIds: [String]) async throws -> [String]

    /// Makes deleted text unrecoverable from the database's files: removes the finished jobs of
    /// recordings no longer in the catalog, merges the full-text index without deleted entries,
    /// overwrites freed pages and checkpoints the log.
    func purgeDeletedText() async throws -> IndexPurge
}
