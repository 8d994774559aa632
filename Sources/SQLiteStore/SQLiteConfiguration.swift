/// How the shared SQLite file is opened.
public struct SQLiteConfiguration: Sendable, Equatable {
    /// SQLite's durability setting for the WAL.
    public enum Synchronous: String, Sendable, Equatable, CaseIterable {
        /// Committed transactions survive a process crash; the last ones may roll back on power loss.
        case normal = "NORMAL"
        /// Every commit is on disk before it returns.
        case full = "FULL"
    }

    public var synchronous: Synchronous
    /// How long a connection waits for another process's lock before an operation gives up.
    public var busyTimeoutSeconds: Double
    /// Readers for concurrent inspection.
    public var maximumReaderCount: Int

    public init(synchronous: Synchronous = .normal, busyTimeoutSeconds: Double = 30, maximumReaderCount: Int = 4) {
        self.synchronous = synchronous
        self.busyTimeoutSeconds = busyTimeoutSeconds
        self.maximumReaderCount = maximumReaderCount
    }
}
