import Metrics

/// What the processor reports through swift-metrics for each finished attempt: its duration and
/// its outcome, by job kind (`callvault_job_duration_seconds`, `callvault_job_outcomes_total`).
///
/// Whatever backend the process bootstrapped receives them (`callvault serve` exports them in
/// Prometheus format at `/metrics`); without one they cost nothing.
enum JobMetrics {
    /// Records one attempt of `kind` that ended as `outcome` after `duration`.
    static func record(kind: String, outcome: JobOutcome, duration: Duration) {
        let dimensions = [("kind", kind), ("outcome", outcome.label)]
        Counter(label: "callvault_job_outcomes_total", dimensions: dimensions).increment()
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        Timer(label: "callvault_job_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
            .recordNanoseconds(nanoseconds)
    }
}
