/// What an upsert did to the catalog row.
public enum UpsertOutcome: Sendable, Equatable {
    /// No row had the id; one was inserted.
    case inserted
    /// The row existed and at least one column changed.
    case updated
    /// The row existed with the same values; nothing was written.
    case unchanged
}
