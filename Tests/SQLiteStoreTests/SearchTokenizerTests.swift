import GRDB
import Testing
import Transcripts

/// The search parser splits text as the index's tokenizer does, closely enough that a word it
/// keeps always has a token in the index (a quoted FTS5 string without tokens would match
/// nothing and silently empty an AND).
@Suite("Search tokens agree with FTS5's unicode61")
struct SearchTokenizerTests {
    @Test func everyCharacterThatStartsATokenHereIsATokenInTheIndex() throws {
        let db = try DatabaseQueue()
        let missing = try db.write { db -> [UInt32] in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')")
            try db.execute(sql: "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
            let insert = try db.makeStatement(sql: "INSERT INTO t (rowid, x) VALUES (?, ?)")
            for value in UInt32(0)...0x10_FFFF {
                guard let scalar = Unicode.Scalar(value), SearchQuery.startsToken(scalar) else { continue }
                try insert.execute(arguments: [Int64(value), String(Character(scalar))])
            }
            return try UInt32.fetchAll(db, sql: "SELECT rowid FROM t WHERE rowid NOT IN (SELECT doc FROM v) LIMIT 20")
        }
        #expect(missing.isEmpty, "\(missing.map { String($0, radix: 16) })")
    }

    @Test func tokensMatchTheIndexTokensForMixedText() throws {
        let db = try DatabaseQueue()
        let samples = [
            "Crème brûlée, s'il vous plaît!", "cafe\u{301}s naïve Ωmega ǅemo ½ x²", "refund😀card a\u{200D}b 退款 مرحبا",
            "don't e-mail 555-1212", "İstanbul ß ﬁ",
        ]
        for sample in samples {
            let indexed = try db.write { db -> [String] in
                try db.execute(sql: "DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS v")
                try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')")
                try db.execute(sql: "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
                try db.execute(sql: "INSERT INTO t (x) VALUES (?)", arguments: [sample])
                return try String.fetchAll(db, sql: "SELECT term FROM v ORDER BY offset")
            }
            // Each token here, tokenized again by FTS5 (as a quoted string is), gives the index's tokens.
            let retokenized = try db.write { db -> [String] in
                try SearchQuery.tokenize(sample).flatMap { token -> [String] in
                    try db.execute(sql: "DELETE FROM t")
                    try db.execute(sql: "INSERT INTO t (x) VALUES (?)", arguments: [token])
                    return try String.fetchAll(db, sql: "SELECT term FROM v ORDER BY offset")
                }
            }
            #expect(retokenized == indexed, "\(sample)")
        }
    }
}
