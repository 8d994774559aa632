/// What `callvault doctor` found: the effective configuration (secrets redacted) and each check.
public struct DoctorReport: Sendable, Codable, Equatable {
    /// One setting as in effect.
    public struct Setting: Sendable, Codable, Equatable {
        /// The environment variable.
        public var name: String
        /// Its value; `<set>`/`<unset>` for secrets.
        public var value: String
        /// `environment`, `callvault.env` or `default`.
        public var source: String
    }

    /// One check.
    public struct Check: Sendable, Codable, Equatable {
        /// How it went.
        public enum Status: String, Sendable, Codable {
            /// Fine.
            case ok
            /// Works, but something is off (transcripts unavailable, little free space).
            case warning
            /// Broken: callvault cannot do its job until it is fixed.
            case failed
        }

        /// What was checked, such as `database`.
        public var name: String
        /// The outcome.
        public var status: Status
        /// What was found.
        public var detail: String
        /// What to do, for a warning or a failure.
        public var advice: String?
    }

    /// Every setting.
    public var configuration: [Setting]
    /// Every check, in order.
    public var checks: [Check]

    /// Whether any check failed.
    public var hasFailures: Bool { checks.contains { $0.status == .failed } }
}
