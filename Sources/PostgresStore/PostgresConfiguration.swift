import Foundation

/// Where the PostgreSQL database is and how to use it, parsed from
/// `postgres://user:password@host:port/database?schema=…&sslmode=…`.
///
/// The password is kept for connecting only: ``redactedURL`` and ``description`` show the URL with
/// `***` in its place, so the value can be printed or logged.
///
/// ```swift
/// let configuration = try PostgresConfiguration(url: "postgres://callvault:secret@db:5432/callvault", poolSize: 8)
/// print(configuration.redactedURL)   // postgres://callvault:***@db:5432/callvault
/// ```
public struct PostgresConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted (`sslmode`).
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, else plain TCP (libpq's default).
        case prefer
        /// TLS or no connection; the server's certificate is verified.
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The role to connect as.
    public var username: String
    /// The role's password, if any; never printed.
    public var password: String?
    /// The database.
    public var database: String
    /// The schema callvault's tables live in (`search_path`); default `public`.
    public var schema: String
    /// How the connection is encrypted.
    public var tls: TLSMode
    /// The most connections this process opens (the LISTEN connection among them).
    public var poolSize: Int

    /// The default pool size.
    public static let defaultPoolSize = 8

    /// Parses a `postgres://` (or `postgresql://`) URL.
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database[?schema=name&sslmode=disable|prefer|require]`;
    ///     percent-encoded user and password are decoded.
    ///   - poolSize: The most connections, at least 2 (one of them listens for wake-ups).
    /// - Throws: ``PostgresStoreError`` `.invalidURL`, whose message never contains the password.
    public init(url: String, poolSize: Int = PostgresConfiguration.defaultPoolSize) throws {
        let shown = Self.redact(url)
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw PostgresStoreError(.invalidURL, "\(shown) is not a postgres:// URL; use postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresStoreError(.invalidURL, "\(shown) names no host; use postgres://user:password@host:port/database")
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw PostgresStoreError(.invalidURL, "\(shown) names no user; use postgres://user:password@host:port/database")
        }
        let database = String(components.path.drop { $0 == "/" }).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError(.invalidURL, "\(shown) names no database; use postgres://user:password@host:port/database")
        }
        guard poolSize >= 2 else {
            throw PostgresStoreError(.invalidURL, "a pool of \(poolSize) connections is too small; use at least 2")
        }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        self.username = user
        self.password = components.password?.removingPercentEncoding
        self.database = database
        self.poolSize = poolSize
        var schema = "public"
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "schema", "search_path":
                guard let value = item.value, Self.isIdentifier(value) else {
                    throw PostgresStoreError(
                        .invalidURL, "\(shown): schema must be a plain identifier (letters, digits and _, not starting with a digit)")
                }
                schema = value
            case "sslmode":
                switch item.value?.lowercased() {
                case "disable"?: tls = .disable
                case "allow"?, "prefer"?: tls = .prefer
                case "require"?, "verify-ca"?, "verify-full"?: tls = .require
                default:
                    throw PostgresStoreError(.invalidURL, "\(shown): sslmode must be disable, prefer or require")
                }
            default:
                throw PostgresStoreError(.invalidURL, "\(shown): unknown parameter \(item.name); only schema and sslmode are understood")
            }
        }
        self.schema = schema
        self.tls = tls
    }

    /// The URL without the password, for people.
    public var redactedURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var text = "postgres://\(username)\(password == nil ? "" : ":***")@\(hostPart):\(port)/\(database)"
        var parameters: [String] = []
        if schema != "public" { parameters.append("schema=\(schema)") }
        if tls != .prefer { parameters.append("sslmode=\(tls.rawValue)") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }

    public var description: String { redactedURL }

    /// The same database in another schema (tests give each case its own).
    public func withSchema(_ schema: String) -> PostgresConfiguration {
        precondition(Self.isIdentifier(schema), "a schema name is a plain identifier")
        var copy = self
        copy.schema = schema
        return copy
    }

    /// Whether `text` is a plain SQL identifier that needs no quoting.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 63,
            first == "_" || ("a"..."z").contains(first)
        else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// Any URL with its password replaced by `***`, without parsing it as a whole (for messages
    /// about URLs that do not parse).
    public static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url.contains("@") ? "<a URL with credentials>" : url }
        let rest = url[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return url }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<schemeEnd.upperBound]) + userInfo[..<colon] + ":***" + rest[at...]
    }
}
