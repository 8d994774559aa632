/// Time limits for one transfer.
///
/// libcurl counts the low-speed window in whole seconds; sub-second ``lowSpeedTime`` values
/// are rounded up to one second.
public struct TransferTimeouts: Sendable, Hashable {
    /// The longest a connection (TCP plus TLS) may take to establish (`CURLOPT_CONNECTTIMEOUT_MS`).
    public var connect: Duration
    /// The transfer fails when it moves fewer than this many bytes per second …
    /// (`CURLOPT_LOW_SPEED_LIMIT`; `0` disables the check).
    public var lowSpeedLimit: Int
    /// … for this long (`CURLOPT_LOW_SPEED_TIME`).
    public var lowSpeedTime: Duration
    /// An optional cap on the whole transfer (`CURLOPT_TIMEOUT_MS`); `nil` means none,
    /// which suits large downloads guarded by the low-speed limit.
    public var total: Duration?

    /// Creates timeouts; the defaults suit API calls and long downloads alike.
    public init(
        connect: Duration = .seconds(10),
        lowSpeedLimit: Int = 1,
        lowSpeedTime: Duration = .seconds(60),
        total: Duration? = nil
    ) {
        self.connect = connect
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.total = total
    }
}
