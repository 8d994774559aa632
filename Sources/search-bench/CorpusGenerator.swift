import Essentials
import Foundation
import Transcripts

/// Writes a deterministic synthetic archive for `scripts/bench/search`: thousands of calls over
/// six months, each with two speakers (a named agent, a customer) and 20 to 80 segments of 10 to
/// 30 words from ``Vocabulary``, plus the query sets measured on it.
///
/// `corpus.tsv` holds, per recording, an `R` line (recording, call, start, direction, numbers,
/// first segment id, and the JSON the catalog stores for speakers, insights and redactions) and
/// its `S` lines (seq, speaker id, name, role, start, end, text): exactly the rows callvault
/// writes, so the C baseline can insert the same ones. `queries.tsv` holds one query per line:
/// scenario, text, from and to (ms), phone, speaker, and for the raw FTS5 baseline the same
/// `MATCH` expression and rowid bounds (empty where raw FTS5 has no equivalent).
struct CorpusGenerator {
    let segments: Int
    let directory: String

    static let agents = [
        "Grace Kim", "José Núñez", "Zoë Martin", "Farid Haddad", "Élodie Durand", "David Okafor", "Hiro Tanaka",
        "Carla Ruiz", "Ben Adler", "Priya Shah", "Liam O'Brien", "Anna Kowalska", "Sven Larsen", "Mei Chen",
        "Omar Aziz", "Sara Rossi", "Tom Becker", "Nina Petrova", "Luis Garza", "Emma Wilson",
    ] + (1...40).map { "Agent\($0) Smith" }
    static let customers = [
        "Maria", "John", "Ahmed", "Sophie", "Kenji", "Olga", "Pedro", "Fatima", "Lucas", "Chloé", "Noah", "Ava",
    ]
    /// Six months from 2025-01-01T00:00:00Z.
    static let firstDay: Int64 = 1_735_689_600
    static let days: Int64 = 181

    func run() throws {
        let vocabulary = Vocabulary(tailSize: 20_000, seed: 7)
        var generator = SeededGenerator(seed: 2025)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let insights = try json(TranscriptInsights())
        let redactions = try json([TranscriptRedaction]())

        // Customers: a pool of numbers, some calling often (rank-weighted).
        let customerNumbers = (0..<6_000).map { index -> String in
            index % 10 == 9
                ? "+4420\(7_000_0000 + Int(generator.next() % 9_999_999))"
                : "+1\(200 + Int(generator.next() % 790))\(200 + Int(generator.next() % 790))\(1_000 + Int(generator.next() % 8_999))"
        }
        let companyLines = (0..<10).map { "+1650555\(String(format: "%04d", 100 + $0))" }

        var corpus = ""
        corpus.reserveCapacity(segments * 170)
        var usedPerSecond: [Int64: Int64] = [:]
        var written = 0
        var calls: [(start: Int64, customer: String, agent: String)] = []
        var bigrams: [String] = []
        var call = 0
        while written < segments {
            call += 1
            let day = Self.firstDay + Int64(generator.next() % UInt64(Self.days)) * 86_400
            let second = day + 8 * 3_600 + Int64(generator.next() % (12 * 3_600))
            let startMillis = second * 1_000 + Int64(generator.next() % 1_000)
            let inbound = generator.chance(0.6)
            let customer = customerNumbers[min(customerNumbers.count - 1, Int(pow(generator.unit(), 2.5) * Double(customerNumbers.count)))]
            let line = companyLines[Int(generator.next() % UInt64(companyLines.count))]
            let agent = Self.agents[Int(generator.next() % UInt64(Self.agents.count))]
            let customerName = generator.chance(0.7) ? Self.customers[Int(generator.next() % UInt64(Self.customers.count))] : nil
            let recordingId = "\(3_000_000_000 + call)"
            let firstId = (second << 20) + usedPerSecond[second, default: 0]
            let count = min(segments - written, 20 + Int(generator.next() % 61))
            usedPerSecond[second, default: 0] += Int64(count)
            let speakers = [
                TranscriptSpeaker(id: "a", name: agent, isInternal: true, extensionId: "10\(call % 90)"),
                TranscriptSpeaker(id: "c", name: customerName, isInternal: false, phoneNumber: customer),
            ]
            let path = "recordings/\(recordingId).transcript.json"
            corpus += "R\t\(recordingId)\tcall-\(call)\t\(startMillis)\t\(inbound ? "Inbound" : "Outbound")\t"
            corpus += "\(inbound ? customer : line)\t\(inbound ? line : customer)\t\(firstId)\t\(try json(speakers))\t"
            corpus += "\(insights)\t\(redactions)\t\(path)\t\(1_000 + count * 200)\t\(String(repeating: "ab", count: 32))\n"
            var offset = 0.0
            for seq in 0..<count {
                let words = (0..<(10 + Int(generator.next() % 21))).map { _ in vocabulary.draw(&generator) }
                if bigrams.count < 30, generator.chance(0.002) {
                    let at = Int(generator.next() % UInt64(words.count - 1))
                    bigrams.append(words[at] + " " + words[at + 1])
                }
                let text = words[0].prefix(1).uppercased() + words.joined(separator: " ").dropFirst() + (generator.chance(0.2) ? "?" : ".")
                let isAgent = seq % 2 == 0
                let duration = Double(words.count) * 0.35
                let end = offset + duration
                corpus += "S\t\(seq)\t\(isAgent ? "a" : "c")\t\((isAgent ? agent : customerName) ?? "")\t"
                corpus += "\(isAgent ? "agent" : "customer")\t\(Self.seconds(offset))\t\(Self.seconds(end))\t\(text)\n"
                offset = end + 0.6
            }
            written += count
            calls.append((second, customer, agent))
        }
        try corpus.write(toFile: directory + "/corpus.tsv", atomically: true, encoding: .utf8)
        try queries(vocabulary, calls: calls, bigrams: bigrams, generator: &generator)
            .write(toFile: directory + "/queries.tsv", atomically: true, encoding: .utf8)
        print(#"{"calls":\#(call),"segments":\#(written),"vocabulary":\#(vocabulary.words.count)}"#)
    }

    /// Seconds with three decimals, as text both sides parse alike.
    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    /// The query sets, as `queries.tsv` lines.
    private func queries(
        _ vocabulary: Vocabulary, calls: [(start: Int64, customer: String, agent: String)], bigrams: [String],
        generator: inout SeededGenerator
    ) -> String {
        let words = vocabulary.words
        let top = Array(words.prefix(5))
        let medium = Array(words[110..<360])
        let rare = Array(words[12_000..<20_000])
        func pick(_ list: [String]) -> String { list[Int(generator.next() % UInt64(list.count))] }
        var lines: [String] = []
        func add(_ scenario: String, _ text: String, from: Int64? = nil, to: Int64? = nil, phone: String = "", speaker: String = "",
                 raw match: String = "", rawLow: Int64? = nil, rawHigh: Int64? = nil) {
            func number(_ value: Int64?) -> String { value.map { String($0) } ?? "" }
            let fields: [String] = [scenario, text, number(from), number(to), phone, speaker, match, number(rawLow), number(rawHigh)]
            lines.append(fields.joined(separator: "\t"))
        }
        func quoted(_ word: String) -> String { "\"" + word + "\"" }
        for _ in 0..<50 {
            let word = pick(rare)
            add("rare", word, raw: "text : (\(quoted(word)))")
        }
        for index in 0..<50 {
            let word = top[index % top.count]
            add("very-common", word, raw: "text : (\(quoted(word)))")
        }
        for index in 0..<50 {
            let word = top[index % top.count]
            let day = Self.firstDay + Int64(generator.next() % UInt64(Self.days)) * 86_400
            add("common-one-day", word, from: day * 1_000, to: (day + 86_400) * 1_000, raw: "text : (\(quoted(word)))",
                rawLow: day << 20, rawHigh: (day + 86_400) << 20)
        }
        for _ in 0..<50 {
            let word = pick(medium)
            add("medium", word, raw: "text : (\(quoted(word)))")
        }
        for bigram in bigrams { add("phrase", "\"\(bigram)\"", raw: "text : (\(quoted(bigram)))") }
        for _ in 0..<30 {
            let (first, second) = (pick(medium), pick(medium))
            add("two-words", "\(first) \(second)", raw: "text : (\(quoted(first)) AND \(quoted(second)))")
        }
        for _ in 0..<30 {
            let (first, second) = (pick(medium), pick(medium))
            add("either-word", "\(first) OR \(second)", raw: "text : ((\(quoted(first)) OR \(quoted(second))))")
        }
        for _ in 0..<30 {
            let prefix = String(pick(medium).prefix(3))
            add("prefix", prefix + "*", raw: "text : (\(quoted(prefix))*)")
        }
        for _ in 0..<30 {
            let (word, common) = (pick(rare), pick(top))
            add("rare-and-common", "\(word) \(common)", raw: "text : (\(quoted(word)) AND \(quoted(common)))")
        }
        for index in 0..<30 {
            let agent = calls[Int(generator.next() % UInt64(calls.count))].agent
            let tokens = SearchQuery.tokenize(agent).map(quoted).joined(separator: " AND ")
            add("common-agent", top[index % top.count], speaker: agent,
                raw: "text : (\(quoted(top[index % top.count]))) AND speaker_name : (\(tokens))")
        }
        for index in 0..<30 {
            let customer = calls[Int(generator.next() % UInt64(calls.count))].customer
            // Written nationally, as people do: "(650) 555-1212" or "020 7946 0958".
            let national = customer.hasPrefix("+1")
                ? "(\(customer.dropFirst(2).prefix(3))) \(customer.dropFirst(5).prefix(3))-\(customer.suffix(4))"
                : "0\(customer.dropFirst(3).prefix(2)) \(customer.dropFirst(5).prefix(4)) \(customer.suffix(4))"
            add("common-phone", top[index % top.count], phone: national)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
