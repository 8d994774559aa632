import Archive
import GRDB

extension SQLiteCatalog {
    /// The stored files of a recording, audio first.
    static func files(recordingId: String, in db: Database) throws -> [StoredFile] {
        // Cached: every stream request asks this, and compiling (with GRDB's authorizer) would
        // cost more than running it.
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM files WHERE recording_id = ?
                    ORDER BY CASE role WHEN 'audio' THEN 0 WHEN 'original' THEN 1 ELSE 2 END
                    """),
            arguments: [recordingId]
        ).map(StoredFile.init(row:))
    }

    /// Replaces the `files` rows of a recording.
    static func replaceFiles(recordingId: String, with files: [StoredFile], in db: Database) throws {
        try db.execute(sql: "DELETE FROM files WHERE recording_id = ?", arguments: [recordingId])
        for file in files {
            try db.execute(
                sql: """
                    INSERT INTO files (recording_id, role, relative_path, bytes, sha256, format, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    file.recordingId, file.role.rawValue, file.relativePath, file.bytes, file.sha256, file.format,
                    file.createdAt,
                ])
        }
    }
}

extension StoredFile {
    init(row: Row) {
        self.init(
            recordingId: row["recording_id"], role: FileRole(rawValue: row["role"] as String) ?? .audio,
            relativePath: row["relative_path"], bytes: row["bytes"], sha256: row["sha256"], format: row["format"],
            createdAt: row["created_at"])
    }
}
