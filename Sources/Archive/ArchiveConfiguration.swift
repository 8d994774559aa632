public import Foundation

/// Archive settings: `CALLVAULT_HOME` (default `./storage`), `CALLVAULT_TIMEZONE` (an IANA zone,
/// default `UTC`) and `CALLVAULT_KEEP_ORIGINAL` (default on).
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
}
