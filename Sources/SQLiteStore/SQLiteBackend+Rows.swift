import Essentials
import Foundation
import GRDB

extension SQLiteBackend {
    /// Every row of a table as text, ordered by `orderBy`, without the columns in `excluding`, for
    /// tests and diagnostics that compare whole tables. `table` and `orderBy` are trusted names.
    public func rows(_ table: String, orderBy: String, excluding: Set<String> = []) async throws -> [[String: String]] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(orderBy)").map { row in
                var values: [String: String] = [:]
                for (column, value) in row where !excluding.contains(column) {
                    switch value.storage {
                    case .null: values[column] = "NULL"
                    case .int64(let number): values[column] = String(number)
                    case .double(let number): values[column] = String(number)
                    case .string(let text): values[column] = text
                    case .blob(let data): values[column] = Hex.encode(data)
                    }
                }
                return values
            }
        }
    }
}
