public import Archive
import Essentials
import Foundation
public import JobQueue
public import Logging
public import RingCentral

/// Pages through the call log, stores each call with its qualification, and enqueues one
/// `download-recording` job per recording not archived yet (idempotency key `download:<id>`).
///
/// Each page is stored in one unit of work: calls, recordings and their jobs commit together.
public struct CallLogSync: Sendable {
    let client: RingCentralClient
    let queue: JobQueue
    let catalog: any CatalogStore
    let logger: Logger

    /// A sync that stores into `catalog` and enqueues on `queue`.
    public init(client: RingCentralClient, queue: JobQueue, catalog: any CatalogStore, logger: Logger = Logger(label: "callvault.sync")) {
        self.client = client
        self.queue = queue
        self.catalog = catalog
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
            statistics.merge(try await record(page.records, dryRun: dryRun))
            statistics.pages += 1
            onPage(statistics)
        }
        logger.info(
            "sync finished",
            metadata: ["pages": "\(statistics.pages)", "calls": "\(statistics.callsSeen)", "enqueued": "\(statistics.jobsEnqueued)"]
        )
        return statistics
    }

    /// Stores call-log records in one unit of work: each call with its qualification, its
    /// recordings, and a download job for every recording not archived yet.
    public func record(_ records: [CallLogRecord], dryRun: Bool = false) async throws -> SyncStatistics {
        let entries = records.map(Self.entry)
        var downloads: [String: JobRequest] = [:]
        for recording in entries.flatMap(\.record.recordings) {
            downloads[recording.id] = try queue.prepared(DownloadRecordingJob.request(recordingId: recording.id))
        }
        let outcomes = try await catalog.recordCalls(entries.map(\.record), downloads: downloads, dryRun: dryRun)
        var statistics = SyncStatistics()
        for (entry, outcome) in zip(entries, outcomes) { statistics.count(entry, outcome) }
        return statistics
    }

    /// A record as the catalog stores it, and whether the call log marked it too short to keep.
    struct Entry {
        var record: CallRecord
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
        let recordings = record.recordings.map { recording in
            // A leg that carries the recording gives its own length; the call's is only an upper bound.
            let leg = record.legs.first { $0.recording?.id == recording.id && $0.duration != nil }
            return RecordingEntry(
                id: recording.id, callId: record.id, contentUri: recording.contentUri, recordingType: recording.type,
                expectedDurationSeconds: leg?.duration ?? record.duration, expectedDurationIsExact: leg != nil)
        }
        return Entry(
            record: CallRecord(call: call, recordings: recordings),
            shortRecording: record.shortRecording == true && recordings.isEmpty)
    }
}

extension SyncStatistics {
    mutating func count(_ entry: CallLogSync.Entry, _ outcome: CallRecordOutcome) {
        callsSeen += 1
        byQualification[entry.record.call.qualification, default: 0] += 1
        recordingsFound += entry.record.recordings.count
        if entry.shortRecording { shortRecordings += 1 }
        switch outcome.call {
        case .inserted: newCalls += 1
        case .updated: updatedCalls += 1
        case .unchanged: break
        }
        for recording in outcome.recordings {
            switch recording {
            case .enqueued: jobsEnqueued += 1
            case .alreadyKnown: alreadyKnown += 1
            case .knownFailure: knownFailures += 1
            }
        }
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
