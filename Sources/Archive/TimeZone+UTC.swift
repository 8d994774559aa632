public import Foundation

extension TimeZone {
    /// Coordinated Universal Time (`TimeZone(identifier: "UTC")`), the default zone of the
    /// archive's date folders. Foundation on Linux only offers `.gmt`, whose identifier is `GMT`.
    public static var utc: TimeZone { TimeZone(identifier: "UTC")! }
}
