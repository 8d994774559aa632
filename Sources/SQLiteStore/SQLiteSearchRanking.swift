import Foundation
import GRDB
import GRDBSQLite

/// `callvault_rank(transcript_fts, w0, w1, …)`: Okapi BM25 (k1 = 1.2, b = 0.75, as FTS5's own
/// `bm25()`) over the `text` column, with each phrase's document frequency given by the caller
/// instead of counted by the function.
///
/// FTS5's `bm25()` computes every phrase's IDF on its first row by walking the phrase's whole
/// doclist (`xQueryPhrase`): for a word in most segments that is hundreds of thousands of rows
/// on every query, even one narrowed to a single day or combined with a rare word. Here the
/// search passes one argument per phrase, in FTS5's phrase order:
///
/// - `NULL`: the phrase does not count (excluded terms, speaker tokens in other columns);
/// - a number `n ≥ 0`: the phrase is in `n` rows;
/// - a number `-f < 0`: the phrase is in the fraction `f` of all rows, and in more than
///   ``estimatedAbove`` (an estimate from a sample, made only for a phrase counted past that).
///
/// IDF is then `ln((N − n + 0.5) / (n + 0.5))`, floored at 1e-6 like FTS5's, with `N` and the
/// average length read from the index's own totals; the result is the score, higher is better.
enum SQLiteSearchRanking {
    /// The auxiliary function's name.
    static let functionName = "callvault_rank"
    /// The count past which a phrase's frequency is estimated rather than counted.
    static let estimatedAbove: Int64 = 10_000

    /// Registers the function on one connection; every connection that searches needs it.
    static func register(_ db: Database) throws {
        let api = FTS5.api(db)
        let code = api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), functionName, nil, rank, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(functionName)")
        }
    }

    /// BM25's term-frequency saturation.
    private static let k1 = 1.2
    /// BM25's length normalization.
    private static let b = 0.75

    /// The per-row function. Its per-query state (computed on the first row and kept as FTS5
    /// auxiliary data) is one allocation of doubles: phrase count, average length, then one IDF
    /// per phrase (0: not counted).
    private static let rank: fts5_extension_function = { api, fts, context, count, values in
        guard let api, let fts else { return }
        var stateBytes = api.pointee.xGetAuxdata(fts, 0)
        if stateBytes == nil {
            guard let fresh = makeState(api, fts, count: Int(count), values: values) else {
                sqlite3_result_error_nomem(context)
                return
            }
            guard api.pointee.xSetAuxdata(fts, fresh, { $0?.deallocate() }) == SQLITE_OK else {
                sqlite3_result_error_nomem(context)
                return
            }
            stateBytes = fresh
        }
        guard let stateBytes else { return }
        let state = stateBytes.assumingMemoryBound(to: Double.self)
        let phraseCount = Int32(state[0])
        let averageLength = state[1]
        var length: Int32 = 0
        _ = api.pointee.xColumnSize(fts, 0, &length)
        let normalization = k1 * (1 - b + b * Double(length) / averageLength)
        var score = 0.0
        var phrase: Int32 = 0
        while phrase < phraseCount {
            let idf = state[2 + Int(phrase)]
            if idf > 0 {
                var iterator = Fts5PhraseIter()
                var column: Int32 = -1
                var offset: Int32 = 0
                var frequency = 0.0
                _ = api.pointee.xPhraseFirst(fts, phrase, &iterator, &column, &offset)
                while column >= 0 {
                    if column == 0 { frequency += 1 }
                    api.pointee.xPhraseNext(fts, &iterator, &column, &offset)
                }
                if frequency > 0 { score += idf * frequency * (k1 + 1) / (frequency + normalization) }
            }
            phrase += 1
        }
        sqlite3_result_double(context, score)
    }

    /// The per-query state, from the index's totals and the arguments.
    private static func makeState(
        _ api: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, count: Int, values: UnsafeMutablePointer<OpaquePointer?>?
    ) -> UnsafeMutableRawPointer? {
        var rows: Int64 = 0
        var tokens: Int64 = 0
        _ = api.pointee.xRowCount(fts, &rows)
        _ = api.pointee.xColumnTotalSize(fts, 0, &tokens)
        let phraseCount = Int(max(0, api.pointee.xPhraseCount(fts)))
        let bytes = UnsafeMutableRawPointer.allocate(
            byteCount: (2 + phraseCount) * MemoryLayout<Double>.stride, alignment: MemoryLayout<Double>.alignment)
        let state = bytes.bindMemory(to: Double.self, capacity: 2 + phraseCount)
        let total = Double(max(0, rows))
        state[0] = Double(phraseCount)
        state[1] = rows > 0 && tokens > 0 ? Double(tokens) / total : 1
        for phrase in 0..<phraseCount {
            var idf = 0.0
            if phrase < count, let value = values?[phrase], sqlite3_value_type(value) != SQLITE_NULL {
                let given = sqlite3_value_double(value)
                let frequency = given >= 0 ? given : max(-given * total, Double(estimatedAbove + 1))
                idf = log((total - frequency + 0.5) / (frequency + 0.5))
                if !(idf > 1e-6) { idf = 1e-6 }
            }
            state[2 + phrase] = idf
        }
        return bytes
    }
}
