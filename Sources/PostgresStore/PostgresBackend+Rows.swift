import Foundation
import PostgresNIO

extension PostgresBackend {
    /// Every row of a table as text, ordered by `orderBy`, without the columns in `excluding`, for
    /// tests and diagnostics that compare whole tables. `table` and `orderBy` are trusted names.
    public func rows(_ table: String, orderBy: String, excluding: Set<String> = []) async throws -> [[String: String]] {
        let texts = try await pool.read { connection in
            try await connection.all(
                PostgresQuery(unsafeSQL: "SELECT to_jsonb(t)::text FROM (SELECT * FROM \(table) ORDER BY \(orderBy)) AS t")
            ).map { try $0.decode(String.self) }
        }
        return try texts.map { text in
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
            var values: [String: String] = [:]
            for (column, value) in object where !excluding.contains(column) {
                switch value {
                case is NSNull: values[column] = "NULL"
                case let text as String: values[column] = text
                default:
                    values[column] = String(
                        decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]),
                        as: UTF8.self)
                }
            }
            return values
        }
    }
}

extension PostgresBackend {
    /// Drops this back end's schema with everything in it (tests give each case a schema and
    /// drop it afterwards). Refuses `public`.
    public func dropSchema() async throws {
        let schema = pool.configuration.schema
        precondition(schema != "public", "the public schema is not dropped")
        try await pool.read { connection in
            try await connection.run("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
        }
    }
}
