import GRDB

extension SQLiteBackend {
    /// Every row of a table as text, ordered by `orderBy`, without the columns in `excluding`, for
    /// tests and diagnostics that compare whole tables. `table` and `orderBy` are trusted names.
    public func rows(_ table: String, orderBy: String, excluding: Set<String> = []) async throws -> [[String: String]] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(orderBy)").map { row in
                var values: [String: String] = [:]
                for (column, value) in row where !excluding.contains(column) {
                    values[column] = value.isNull ? "NULL" : "\(value)"
                }
                return values
            }
        }
    }
}
