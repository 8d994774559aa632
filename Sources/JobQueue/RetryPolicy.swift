import Essentials
/// How a kind retries failed attempts: exponential backoff with full jitter.
///
/// The delay before attempt `n + 1` is a uniform random value in `0 ... min(cap, base × 2^(n−1))`
/// ("full jitter"), so a burst of failures does not come back as a burst of retries.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first one included.
    public var maxAttempts: Int
    /// The backoff scale in milliseconds.
    public var baseMillis: Int64
    /// The largest backoff in milliseconds.
    public var capMillis: Int64

    public init(maxAttempts: Int = 10, baseMillis: Int64 = 1_000, capMillis: Int64 = 3_600_000) {
        precondition(maxAttempts >= 1, "maxAttempts must be at least 1")
        precondition(baseMillis >= 0 && capMillis >= baseMillis, "need 0 <= base <= cap")
        self.maxAttempts = maxAttempts
        self.baseMillis = baseMillis
        self.capMillis = capMillis
    }

    /// The ceiling of the jittered delay after `attempt` failed attempts.
    public func ceiling(afterAttempt attempt: Int) -> Int64 {
        let exponent = max(0, min(attempt - 1, 40))
        let (scaled, overflow) = baseMillis.multipliedReportingOverflow(by: Int64(1) << exponent)
        return overflow ? capMillis : min(capMillis, scaled)
    }

    /// A random delay for the retry that follows `attempt` failed attempts.
    public func delay(afterAttempt attempt: Int) -> Int64 {
        let ceiling = ceiling(afterAttempt: attempt)
        return ceiling <= 0 ? 0 : Int64.random(in: 0...ceiling)
    }
}
