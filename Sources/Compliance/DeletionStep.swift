/// The points of a deletion run where a crash leaves a distinct state; a test hook can end the
/// process at each (`CALLVAULT_TEST_CRASH_AT`) to prove a rerun finishes the work.
public enum DeletionStep: String, Sendable, CaseIterable {
    /// The selected recordings are marked; nothing is removed yet.
    case marked
    /// The first file of the run is removed; its recording's rows remain.
    case fileRemoved = "file-removed"
    /// The first batch's rows are deleted; later batches are untouched.
    case rowsDeleted = "rows-deleted"
    /// Every row is deleted; the index is not purged yet.
    case beforePurge = "before-purge"
}
