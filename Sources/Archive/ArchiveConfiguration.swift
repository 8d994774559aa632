public import Foundation

/// Archive settings read from the environment.
///
/// `CALLVAULT_HOME` (default `./storage`), `CALLVAULT_TIMEZONE` (an IANA zone, default `UTC`) and
/// `CALLVAULT_KEEP_ORIGINAL` (`0`/`false`/`no` turns keeping the received bytes off; default on).
public struct ArchiveConfiguration: Sendable, Equatable {
    /// `CALLVAULT_HOME`.
    public var home: String
    /// The zone of the date folders.
    public var timeZone: TimeZone
    /// Keep the received bytes beside a transcoded file.
    public var keepOriginal: Bool

    /// Creates a configuration.
    public init(home: String = "./storage", timeZone: TimeZone = .utc, keepOriginal: Bool = true) {
        self.home = home
        self.timeZone = timeZone
        self.keepOriginal = keepOriginal
    }

    /// Reads the configuration from environment variables.
    /// - Throws: ``ArchiveError`` `.invalidArgument` naming the variable to fix.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        var configuration = ArchiveConfiguration()
        if let home = environment["CALLVAULT_HOME"], !home.isEmpty { configuration.home = home }
        if let name = environment["CALLVAULT_TIMEZONE"], !name.isEmpty {
            guard let zone = TimeZone(identifier: name) else {
                throw ArchiveError(
                    .invalidArgument, "CALLVAULT_TIMEZONE=\(name) is not an IANA time zone; set e.g. UTC or America/New_York")
            }
            configuration.timeZone = zone
        }
        if let keep = environment["CALLVAULT_KEEP_ORIGINAL"]?.lowercased(), !keep.isEmpty {
            switch keep {
            case "0", "false", "no", "off": configuration.keepOriginal = false
            case "1", "true", "yes", "on": configuration.keepOriginal = true
            default:
                throw ArchiveError(.invalidArgument, "CALLVAULT_KEEP_ORIGINAL=\(keep) must be 0 or 1")
            }
        }
        return configuration
    }
}
