import Essentials
import Foundation

/// A job enqueued again and again: every N seconds, or daily at a time of day.
///
/// Schedules live in the database. Firing moves `next_run_at` forward in the same transaction that
/// enqueues the job, so two processes never fire the same occurrence twice, and an occurrence that
/// fell due while nothing ran fires once at the next start instead of being lost.
public struct RecurringSchedule: Sendable, Equatable {
    /// When the schedule fires.
    public enum Cadence: Sendable, Equatable {
        /// Every `seconds` seconds.
        case every(seconds: Int)
        /// Every day at `hour`:`minute` in `timeZone` (an IANA identifier; default UTC).
        case daily(hour: Int, minute: Int, timeZone: String)

        /// A stable text form stored in the database, such as `every 900s` or `daily 03:00 UTC`.
        public var spec: String {
            switch self {
            case .every(let seconds): "every \(seconds)s"
            case .daily(let hour, let minute, let zone):
                "daily \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute) \(zone)"
            }
        }

        /// The first firing time strictly after `millis`.
        public func next(after millis: Int64) -> Int64 {
            switch self {
            case .every(let seconds):
                return millis + Int64(seconds) * 1000
            case .daily(let hour, let minute, let zone):
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
                let after = Millis.date(millis)
                let components = DateComponents(hour: hour, minute: minute, second: 0)
                let date = calendar.nextDate(after: after, matching: components, matchingPolicy: .nextTime)
                return date.map(Millis.from) ?? millis + 86_400_000
            }
        }
    }

    /// Unique name, such as `sync-call-log`.
    public var name: String
    public var cadence: Cadence
    /// The job to enqueue at each firing.
    public var kind: String
    public var payload: String
    public var priority: Int

    public init(name: String, cadence: Cadence, kind: String, payload: String = "{}", priority: Int = 0) {
        if case .every(let seconds) = cadence { precondition(seconds >= 1, "a schedule needs at least 1 s") }
        self.name = name
        self.cadence = cadence
        self.kind = kind
        self.payload = payload
        self.priority = priority
    }

    /// The job one firing enqueues: unique by `schedule:<name>` among live jobs, due at once.
    public func request(maxAttempts: Int) -> JobRequest {
        JobRequest(kind: kind, payload: payload, idempotencyKey: "schedule:\(name)", priority: priority, maxAttempts: maxAttempts)
    }

    /// When a newly installed (or changed) schedule first fires: at once when it repeats every N
    /// seconds, at its next time of day when daily.
    public func firstRun(after now: Int64) -> Int64 {
        switch cadence {
        case .every: now
        case .daily: cadence.next(after: now)
        }
    }
}
