import Essentials
import Synchronization

/// How many database calls are in flight per manual clock, so ``TimeDriver`` moves simulated
/// time only while nothing waits for the database: a networked database answers in real time,
/// and simulated time must not run on meanwhile (a lease renewal in flight is not a worker that
/// stopped renewing).
enum StoreActivity {
    private static let counts = Mutex<[ObjectIdentifier: Int]>([:])

    /// Runs `body` counted as in flight on `clock`.
    static func track<T>(_ clock: ManualTimeSource, _ body: () async throws -> T) async rethrows -> T {
        let key = ObjectIdentifier(clock)
        counts.withLock { $0[key, default: 0] += 1 }
        defer {
            counts.withLock { counts in
                counts[key, default: 1] -= 1
                if counts[key] == 0 { counts[key] = nil }
            }
        }
        return try await body()
    }

    /// Whether a call is in flight on `clock`.
    static func isBusy(_ clock: ManualTimeSource) -> Bool {
        counts.withLock { $0[ObjectIdentifier(clock)] != nil }
    }
}
