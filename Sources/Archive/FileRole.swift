/// What a stored file is to its recording (the `files.role` column).
public enum FileRole: String, Sendable, Codable, CaseIterable {
    /// The audio served to players (`{stem}.mp3` or `{stem}.wav`).
    case audio
    /// The bytes as received, kept when normalization changed them (`{stem}.original.{ext}`).
    case original
    /// The JSON metadata sidecar (`{stem}.json`).
    case sidecar
}
