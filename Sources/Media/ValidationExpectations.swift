/// What the caller knows about a recording independently of its bytes.
public struct ValidationExpectations: Sendable, Equatable, Codable {
    /// RingCentral's `duration` for the recording, in seconds.
    public var durationSeconds: Double?
    /// Whether ``durationSeconds`` is only an upper bound (the whole call's duration, not the
    /// recording's own): then only a longer recording is a mismatch.
    public var durationIsUpperBound: Bool
    /// The download's `Content-Length`.
    public var byteCount: Int64?

    /// Creates expectations; all default to "unknown".
    public init(durationSeconds: Double? = nil, durationIsUpperBound: Bool = false, byteCount: Int64? = nil) {
        self.durationSeconds = durationSeconds
        self.durationIsUpperBound = durationIsUpperBound
        self.byteCount = byteCount
    }

    /// The allowed difference from ``durationSeconds``: the larger of 1 s and 2 %.
    public static func durationTolerance(for expected: Double) -> Double { max(1.0, 0.02 * expected) }
}
