import Logging
import Synchronization

/// Says once per process why transcripts are off, instead of once per recording.
enum TranscriptAvailability {
    private static let said = Mutex<Set<String>>([])

    static func logOnce(_ reason: String, logger: Logger) {
        let first = said.withLock { $0.insert(reason).inserted }
        if first { logger.notice("\(reason)") }
    }
}
