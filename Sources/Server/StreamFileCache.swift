import Archive
import Synchronization

/// The catalog's recent answers to "which stored file is recording X's audio", for audio in the
/// local archive tree, so that a player's burst of range requests (a probe, then a seek after
/// another) asks the database once.
///
/// An answer is used only while the file it named is the same file: each entry keeps the
/// ``FileIdentity`` seen when the file was read for it, and a response from the entry reads the
/// file and compares before it is answered. A file that was erased, removed by retention,
/// re-filed (a new inode) or changed is therefore never served from an entry; the request falls
/// back to the catalog and answers exactly as it would have without one. Responses that would not
/// read the file (`HEAD`, `304`, `412`, `416`) always ask the catalog. A catalog change that leaves
/// the file untouched is seen once the entry expires, ``lifetimeMillis`` after it was made (by the
/// injected clock). At most ``capacity`` entries are kept.
final class StreamFileCache: Sendable {
    /// One remembered answer.
    struct Entry: Sendable {
        /// The recording's stored audio (as the catalog described it) as a player's and as a
        /// download's answer, built once for every request the entry serves.
        let inline: AudioRepresentation
        let attachment: AudioRepresentation
        /// The file as it was when it was read for this entry.
        let identity: FileIdentity
        /// When the entry stops being used.
        let expiresAtMillis: Int64

        /// The representation for a player (`inline`) or a download (`attachment`).
        func representation(download: Bool) -> AudioRepresentation { download ? attachment : inline }
    }

    /// The most entries kept.
    let capacity: Int
    /// How long an entry is used.
    let lifetimeMillis: Int64
    private let entries = Mutex<[String: Entry]>([:])
    private let lookups = Mutex<[String: Task<StoredFile?, any Error>]>([:])

    init(capacity: Int = 4_096, lifetimeMillis: Int64 = 5_000) {
        self.capacity = max(1, capacity)
        self.lifetimeMillis = max(0, lifetimeMillis)
    }

    /// The unexpired entry for `recordingId`, if any.
    func entry(_ recordingId: String, nowMillis: Int64) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[recordingId] else { return nil }
            guard nowMillis < entry.expiresAtMillis else {
                entries[recordingId] = nil
                return nil
            }
            return entry
        }
    }

    /// Remembers that `file` was read as `identity`.
    func remember(_ file: StoredFile, identity: FileIdentity, nowMillis: Int64) {
        guard lifetimeMillis > 0 else { return }
        let entry = Entry(
            inline: AudioRepresentation(file: file, download: false), attachment: AudioRepresentation(file: file, download: true),
            identity: identity, expiresAtMillis: nowMillis + lifetimeMillis)
        entries.withLock { entries in
            if entries.count >= capacity, entries[file.recordingId] == nil {
                entries = entries.filter { nowMillis < $0.value.expiresAtMillis }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[file.recordingId] = entry
        }
    }

    /// The catalog's answer for `recordingId` from `lookup`, asked once for all the requests that
    /// want it at the same time: when an entry expires under load, or a crowd starts on one
    /// recording, the database sees one query, not one per waiting player.
    func audio(
        of recordingId: String, lookup: @escaping @Sendable () async throws -> StoredFile?
    ) async throws -> StoredFile? {
        let (task, isOwner) = lookups.withLock { lookups -> (Task<StoredFile?, any Error>, Bool) in
            if let running = lookups[recordingId] { return (running, false) }
            let task = Task { try await lookup() }
            lookups[recordingId] = task
            return (task, true)
        }
        defer {
            if isOwner { _ = lookups.withLock { $0.removeValue(forKey: recordingId) } }
        }
        return try await task.value
    }

    /// Forgets `recordingId`'s entry.
    func forget(_ recordingId: String) {
        _ = entries.withLock { $0.removeValue(forKey: recordingId) }
    }
}
