import Archive
import Foundation
import PostgresStore
import SQLiteStore
import Transcripts

/// Measures transcript search for `scripts/bench/search` and `scripts/bench/postgres`; prints one
/// JSON object per line. `DB` is a SQLite file, or a `postgres://` URL for PostgreSQL's engine
/// (whose lines say `"engine":"postgres"`).
///
/// - `search-bench generate DIR SEGMENTS`: writes `DIR/corpus.tsv` and `DIR/queries.tsv`.
/// - `search-bench prepare DB CORPUS`: a migrated database with the corpus's calls and
///   recordings (not timed), the starting point of both indexing runs.
/// - `search-bench index DB CORPUS`: stores every transcript with `replaceTranscript`, one
///   recording at a time, and reports segments per second.
/// - `search-bench query DB QUERIES [REPEAT]`: runs every query through `SQLiteCatalog.search`
///   (top 20 with snippets and the total), warm, and reports latency percentiles per scenario;
///   the very common words once more with no ranking window, for comparison.
@main
enum SearchBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 4 else { usage() }
        switch arguments[1] {
        case "generate":
            try CorpusGenerator(segments: Int(arguments[3]) ?? 1_000_000, directory: arguments[2]).run()
        case "prepare", "index", "query":
            let backend = try await open(arguments[2])
            do {
                switch arguments[1] {
                case "prepare": try await prepare(backend, corpus: arguments[3])
                case "index": try await index(backend, corpus: arguments[3])
                default: try await query(backend, queries: arguments[3], repeat: arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1)
                }
            } catch {
                await backend.close()
                throw error
            }
            await backend.close()
        default:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data("usage: search-bench generate DIR SEGMENTS | prepare DB CORPUS | index DB CORPUS | query DB QUERIES [REPEAT]\n".utf8))
        exit(2)
    }

    /// The catalog of the back end `database` names, and how to close it.
    static func open(_ database: String) async throws -> Backend {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            let backend = try await PostgresBackend.open(configuration: PostgresConfiguration(url: database, poolSize: 2))
            return Backend(engine: "postgres", catalog: backend.catalog, close: { await backend.close() })
        }
        let backend = try await SQLiteBackend.open(path: database)
        return Backend(engine: "callvault", catalog: backend.catalog, close: {})
    }

    static func prepare(_ backend: Backend, corpus: String) async throws {
        let recordings = try CorpusRecording.read(corpus)
        var index = 0
        while index < recordings.count {
            let page = recordings[index..<min(index + 500, recordings.count)]
            _ = try await backend.catalog.recordCalls(
                page.map { CallRecord(call: $0.call, recordings: [$0.recording]) }, downloads: [:], dryRun: false)
            index += page.count
        }
    }

    static func index(_ backend: Backend, corpus: String) async throws {
        let recordings = try CorpusRecording.read(corpus)
        let segments = recordings.reduce(0) { $0 + $1.transcript.segments.count }
        let start = DispatchTime.now().uptimeNanoseconds
        for recording in recordings {
            let stored = try await backend.catalog.replaceTranscript(
                recordingId: recording.recording.id, transcript: recording.transcript, file: recording.file)
            precondition(stored, "recording \(recording.recording.id) was not stored")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(
            #"{"engine":"\#(backend.engine)","recordings":\#(recordings.count),"segments":\#(segments),"seconds":\#(seconds),"#
                + #""segments_per_second":\#(Int(Double(segments) / seconds))}"#)
    }

    static func query(_ backend: Backend, queries: String, repeat count: Int) async throws {
        let lines = try String(contentsOfFile: queries, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        var scenarios: [String] = []
        var byScenario: [String: [SearchRequest]] = [:]
        for fields in lines {
            if byScenario[fields[0]] == nil { scenarios.append(fields[0]) }
            byScenario[fields[0], default: []].append(
                SearchRequest(
                    query: SearchQuery.parse(fields[1]), fromMillis: Int64(fields[2]), toMillis: Int64(fields[3]),
                    phone: fields[4].isEmpty ? nil : fields[4], speaker: fields[5].isEmpty ? nil : fields[5], limit: 20))
        }
        func measure(_ name: String, _ requests: [SearchRequest]) async throws {
            for request in requests { _ = try await backend.catalog.search(request) }  // warm
            var samples: [Double] = []
            var hits = 0
            var totals = 0
            var estimated = 0
            for _ in 0..<count {
                for request in requests {
                    let start = DispatchTime.now().uptimeNanoseconds
                    let results = try await backend.catalog.search(request)
                    samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                    hits += results.results.count
                    totals += results.total
                    if !results.totalIsExact { estimated += 1 }
                }
            }
            samples.sort()
            func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
            print(
                #"{"engine":"\#(backend.engine)","scenario":"\#(name)","queries":\#(samples.count),"#
                    + #""p50_ms":\#(round3(percentile(0.5))),"p95_ms":\#(round3(percentile(0.95))),"#
                    + #""mean_hits":\#(hits / samples.count),"mean_total":\#(totals / samples.count),"estimated_totals":\#(estimated)}"#)
        }
        for scenario in scenarios { try await measure(scenario, byScenario[scenario]!) }
        if let common = byScenario["very-common"], backend.engine == "callvault" {
            try await SearchOptions.$rankingWindow.withValue(Int.max / 2) {
                try await measure("very-common-all-ranked", common)
            }
        }
    }

    static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
