import Foundation
import JobQueue
import RingCentral
import RingCentralSimulator
import Testing

@Suite("RingCentral call log")
struct CallLogTests {
    static let window = (Date().addingTimeInterval(-86_400 * 2), Date().addingTimeInterval(60))

    @Test func pagesFollowNavigationUntilItEnds() async throws {
        var configuration = SimulatorConfiguration(rateLimitingEnabled: false)
        configuration.generator.callCount = 23
        try await withClientHarness(configuration) { h in
            try await h.unlimitOurBudgets()
            let pages = Counter()
            let ids = IDs()
            let count = try await h.client(perPage: 5).callLog(CallLogQuery(dateFrom: Self.window.0, dateTo: Self.window.1, types: [])) { page in
                pages.increment()
                ids.add(page.records.map(\.id))
            }
            #expect(count == 5)
            #expect(pages.value == 5)
            #expect(ids.all.count == 23)
            #expect(Set(ids.all).count == 23)
        }
    }

    @Test func detailedRecordsQualifyAndDirectionFilters() async throws {
        var configuration = SimulatorConfiguration(rateLimitingEnabled: false)
        configuration.generator.callCount = 60
        try await withClientHarness(configuration) { h in
            try await h.unlimitOurBudgets()
            let records = Records()
            try await h.client().callLog(CallLogQuery(dateFrom: Self.window.0, dateTo: Self.window.1, directions: ["Inbound"], types: [])) {
                records.add($0.records)
            }
            let all = records.all
            #expect(!all.isEmpty)
            #expect(all.allSatisfy { $0.direction == "Inbound" })
            let outcomes = Set(all.map { CallQualification.classify($0).outcome })
            #expect(outcomes.contains(.accepted))
            #expect(outcomes.count >= 2)
            #expect(all.contains { !$0.legs.isEmpty })
            #expect(all.contains { $0.recordings.count > 1 } || all.contains { $0.shortRecording == true })
        }
    }

    @Test func everyPageSpendsAHeavyToken() async throws {
        var configuration = SimulatorConfiguration(rateLimitingEnabled: false)
        configuration.generator.callCount = 12
        try await withClientHarness(configuration) { h in
            try await h.queue.setRateLimit(RateLimit(key: "ringcentral:heavy", limit: 1_000, windowMillis: 60_000))
            try await h.queue.setRateLimit(RateLimit(key: "ringcentral:auth", limit: 1_000, windowMillis: 60_000))
            try await h.client(perPage: 4).callLog(CallLogQuery(dateFrom: Self.window.0, dateTo: Self.window.1, types: [])) { _ in }
            let status = try #require(try await h.queue.rateLimitStatus("ringcentral:heavy"))
            #expect(status.limit - status.available == 3)
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

final class IDs: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    func add(_ more: [String]) { lock.withLock { ids += more } }
    var all: [String] { lock.withLock { ids } }
}

final class Records: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [CallLogRecord] = []
    func add(_ more: [CallLogRecord]) { lock.withLock { records += more } }
    var all: [CallLogRecord] { lock.withLock { records } }
}
