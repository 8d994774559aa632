import Essentials
import Archive
import Foundation
public import JobQueue
import GRDB
public import Logging
public import RingCentral

/// Pages through the call log, stores each call with its qualification, and enqueues one
/// `download-recording` job per recording not archived yet (idempotency key `download:<id>`).
///
/// Each page is stored in one transaction: calls, recordings and their jobs commit together.
public struct CallLogSync: Sendable {
    let client: RingCentralClient
    let queue: JobQueue
    let catalog: Catalog
    let logger: Logger

    public init(client: RingCentralClient, queue: JobQueue, logger: Logger = Logger(label: "callvault.sync")) {
        self.client = client
        self.queue = queue
        catalog = Catalog(database: queue.database)
        self.logger = logger
    }

    /// Runs one sync.
    /// - Parameters:
    ///   - dryRun: Fetch and classify, write nothing, and count what would be enqueued.
    ///   - firstPageBudget: `.prepaid` inside a job whose claim spent the first Heavy token.
    ///   - onPage: Progress after each stored page.
    public func run(
        _ query: CallLogQuery, dryRun: Bool = false, firstPageBudget: RequestBudget = .acquire,
        onPage: @Sendable (SyncStatistics) -> Void = { _ in }
    ) async throws -> SyncStatistics {
        var statistics = SyncStatistics()
        statistics.dryRun = dryRun
        try await client.callLog(query, firstPageBudget: firstPageBudget) { page in
            let entries = page.records.map(Self.entry)
            let pageStatistics: SyncStatistics
            if dryRun {
                pageStatistics = try await queue.database.read { db in try self.count(entries, db: db) }
            } else {
                pageStatistics = try await queue.write { db in try self.store(entries, db: db) }
            }
            statistics.merge(pageStatistics)
            statistics.pages += 1
            onPage(statistics)
        }
        logger.info(
            "sync finished",
            metadata: ["pages": "\(statistics.pages)", "calls": "\(statistics.callsSeen)", "enqueued": "\(statistics.jobsEnqueued)"]
        )
        return statistics
    }

    /// A record as the catalog stores it, with its recordings.
    struct Entry {
        var call: CallEntry
        var recordings: [RecordingEntry]
        var shortRecording: Bool
    }

    static func entry(_ record: CallLogRecord) -> Entry {
        let qualification = CallQualification.classify(record)
        // Sorted keys: the same record always gives the same text, so an unchanged call stays unchanged.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(record)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let call = CallEntry(
            id: record.id, sessionId: record.sessionId, telephonySessionId: record.telephonySessionId,
            startTimeMillis: record.startTime.flatMap(Millis.parse).map(Millis.from) ?? 0,
            durationSeconds: record.duration, direction: record.direction,
            fromNumber: record.from?.e164, fromName: record.from?.name, toNumber: record.to?.e164, toName: record.to?.name,
            result: record.result, qualification: qualification.outcome.rawValue, decidingLeg: qualification.decidingLeg,
            recordJSON: json
        )
        let recordings = record.recordings.map {
            RecordingEntry(id: $0.id, callId: record.id, contentUri: $0.contentUri, recordingType: $0.type,
                           expectedDurationSeconds: record.duration)
        }
        return Entry(call: call, recordings: recordings, shortRecording: record.shortRecording == true && recordings.isEmpty)
    }

    private func store(_ entries: [Entry], db: Database) throws -> SyncStatistics {
        var statistics = SyncStatistics()
        for entry in entries {
            statistics.see(entry)
            switch try catalog.upsertCall(entry.call, in: db) {
            case .inserted: statistics.newCalls += 1
            case .updated: statistics.updatedCalls += 1
            case .unchanged: break
            }
            for recording in entry.recordings {
                _ = try catalog.upsertRecording(recording, in: db)
                switch try catalog.recording(recording.id, in: db)?.state {
                case .archived?, .downloaded?:
                    statistics.alreadyKnown += 1
                    continue
                case .failed?:
                    // Failed for good before (gone, not audio): `callvault jobs retry` brings it back.
                    statistics.knownFailures += 1
                    continue
                default:
                    break
                }
                let result = try queue.enqueue(DownloadRecordingJob.request(recordingId: recording.id), in: db)
                if result.inserted { statistics.jobsEnqueued += 1 } else { statistics.alreadyKnown += 1 }
            }
        }
        return statistics
    }

    private func count(_ entries: [Entry], db: Database) throws -> SyncStatistics {
        var statistics = SyncStatistics()
        for entry in entries {
            statistics.see(entry)
            if try !Self.callExists(entry.call.id, db: db) { statistics.newCalls += 1 }
            for recording in entry.recordings {
                let live = try Bool.fetchOne(
                    db,
                    sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE idempotency_key = ? AND state IN ('available','scheduled','retryable','running'))",
                    arguments: [DownloadRecordingJob.idempotencyKey(recording.id)]
                ) ?? false
                let state = try catalog.recording(recording.id, in: db)?.state
                if state == .failed {
                    statistics.knownFailures += 1
                } else if state == .archived || state == .downloaded || live {
                    statistics.alreadyKnown += 1
                } else {
                    statistics.jobsEnqueued += 1
                }
            }
        }
        return statistics
    }

    private static func callExists(_ id: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM calls WHERE id = ?)", arguments: [id]) ?? false
    }
}

extension SyncStatistics {
    mutating func see(_ entry: CallLogSync.Entry) {
        callsSeen += 1
        byQualification[entry.call.qualification, default: 0] += 1
        recordingsFound += entry.recordings.count
        if entry.shortRecording { shortRecordings += 1 }
    }

    mutating func merge(_ other: SyncStatistics) {
        callsSeen += other.callsSeen
        newCalls += other.newCalls
        updatedCalls += other.updatedCalls
        for (key, value) in other.byQualification { byQualification[key, default: 0] += value }
        recordingsFound += other.recordingsFound
        shortRecordings += other.shortRecordings
        jobsEnqueued += other.jobsEnqueued
        alreadyKnown += other.alreadyKnown
        knownFailures += other.knownFailures
    }
}
