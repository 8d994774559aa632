/// Where time comes from: the wall clock in production, a clock the test moves in tests.
///
/// Every timestamp the queue, the RingCentral client and the simulator store or compare is
/// milliseconds since 1970 from a time source, and every wait for a moment (a retry backoff, a
/// lease renewal, a rate-limit token) sleeps on it, so a test advances time instead of waiting
/// for it.
///
/// ```swift
/// let clock = ManualTimeSource(nowMillis: 1_736_159_400_000)
/// let queue = JobQueue(store: store, registry: registry, clock: clock)
/// clock.advance(byMillis: 30_000)   // leases expire, backoffs end
/// ```
public protocol TimeSource: Sendable {
    /// Now, in milliseconds since 1970.
    func nowMillis() -> Int64

    /// Returns once ``nowMillis()`` has reached `deadline`.
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(untilMillis deadline: Int64) async throws
}

extension TimeSource {
    /// Sleeps for `millis` milliseconds of this source's time.
    public func sleep(forMillis millis: Int64) async throws {
        try await sleep(untilMillis: nowMillis() + max(0, millis))
    }
}
