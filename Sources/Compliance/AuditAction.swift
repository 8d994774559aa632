/// What an audit entry records; an extensible set of stable names (stored as text).
public struct AuditAction: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The stored name, such as `stream`.
    public let rawValue: String

    /// An action with this stored name.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Audio streamed (details: `range`, `status`).
    public static let stream: AuditAction = "stream"
    /// A recording's details read (`GET /recordings/{id}`).
    public static let recordingRead: AuditAction = "recording.read"
    /// The recording list read (details: the filters).
    public static let recordingList: AuditAction = "recording.list"
    /// A transcript read (details: `format`).
    public static let transcriptRead: AuditAction = "transcript.read"
    /// A search (details: `query` and the filters).
    public static let search: AuditAction = "search"
    /// An export (details: `output` or `route`, `bytes`).
    public static let export: AuditAction = "export"
    /// A hold placed (details: `hold`, `reason`, `phone` as a keyed hash).
    public static let holdAdd: AuditAction = "hold.add"
    /// A hold removed.
    public static let holdRemove: AuditAction = "hold.remove"
    /// One recording removed by an erasure (details: `callStart`, `bytes`, `files`).
    public static let eraseDelete: AuditAction = "erase.delete"
    /// An erasure run (details: counts, `phone` as a keyed hash, held recordings).
    public static let erase: AuditAction = "erase"
    /// One recording removed by retention.
    public static let retentionDelete: AuditAction = "retention.delete"
    /// A retention run (details: cutoff, counts, held recordings).
    public static let retention: AuditAction = "retention"
    /// Deletion of a held recording refused.
    public static let refused: AuditAction = "refused"

    public var description: String { rawValue }
}
