public import Media

/// The JSON metadata sidecar written beside each stored recording (`{stem}.json`).
///
/// It holds everything the catalog has about the recording, so ``Reindexer`` can rebuild the
/// `calls`, `recordings` and `files` tables from the tree alone. It is written last: a sidecar in
/// `recordings/` means its audio (and original) are complete.
public struct RecordingSidecar: Sendable, Codable, Equatable {
    /// The caller and callee.
    public struct Parties: Sendable, Codable, Equatable {
        /// One side of the call.
        public struct Party: Sendable, Codable, Equatable {
            /// E.164 or raw number.
            public var number: String?
            /// Display name.
            public var name: String?
        }

        /// `Inbound` or `Outbound`.
        public var direction: String?
        /// The caller.
        public var from: Party
        /// The callee.
        public var to: Party
    }

    /// The call's qualification.
    public struct Qualification: Sendable, Codable, Equatable {
        /// `accepted`, `voicemail`, `blocked`, `missed` or `unknown`.
        public var value: String
        /// The leg that decided it.
        public var decidingLeg: Int?
        /// RingCentral's `result`.
        public var result: String?
    }

    /// Size and hash of some bytes.
    public struct Checksum: Sendable, Codable, Equatable {
        /// Size in bytes.
        public var bytes: Int64
        /// SHA-256, lowercase hex.
        public var sha256: String
        /// `mp3` or `wav`.
        public var format: String
    }

    /// What the media layer found and did.
    public struct MediaInfo: Sendable, Codable, Equatable {
        /// The received file: probe and full decode.
        public var before: MediaAnalysis?
        /// The stored file: probe and full decode.
        public var after: MediaAnalysis?
        /// The normalization record, when normalization ran.
        public var normalization: NormalizationRecord?
    }

    /// One audio file of the set (the sidecar is not listed in itself).
    public struct FileInfo: Sendable, Codable, Equatable {
        /// `audio` or `original`.
        public var role: FileRole
        /// The path relative to `CALLVAULT_HOME`.
        public var path: String
        /// Size in bytes.
        public var bytes: Int64
        /// SHA-256, lowercase hex.
        public var sha256: String
        /// `mp3` or `wav`.
        public var format: String
    }

    /// Catalog timestamps, milliseconds since 1970, so a reindex restores them exactly.
    public struct Timestamps: Sendable, Codable, Equatable {
        /// The call's start, ISO 8601 UTC (for people; the catalog uses ``CallEntry/startTimeMillis``).
        public var callStart: String
        /// When the set was filed.
        public var archivedAt: Int64
        /// `archivedAt` in ISO 8601 UTC.
        public var archivedAtISO: String
        /// The call row's `first_seen_at`.
        public var callFirstSeenAt: Int64
        /// The call row's `updated_at`.
        public var callUpdatedAt: Int64
        /// The recording row's `created_at`.
        public var recordingCreatedAt: Int64
    }

    /// The sidecar format version (1).
    public var version: Int
    /// The call, including the raw record JSON as received.
    public var call: CallEntry
    /// The recording (state `archived`).
    public var recording: RecordingEntry
    /// Who called whom.
    public var parties: Parties
    /// How the call was qualified.
    public var qualification: Qualification
    /// Probe before and after, normalization.
    public var media: MediaInfo
    /// The bytes received from RingCentral.
    public var received: Checksum
    /// The bytes stored as the audio file.
    public var stored: Checksum
    /// The audio files of the set.
    public var files: [FileInfo]
    /// Timestamps.
    public var timestamps: Timestamps
}
