import Essentials
import Testing
@testable import SQLiteStore

@Suite("Search on SQLite: hit times")
struct SQLiteSearchTimeTests {
    @Test func callStartsAreWrittenAsMillisWritesThem() {
        var millis: Int64 = 0
        while millis < 4_102_444_800_000 {  // 1970 to 2100, leap days and month ends included
            #expect(SQLiteSearchPlan.iso8601(millis) == Millis.iso8601(millis))
            millis += 86_400_000 * 7 + 3_723_123
        }
        for edge: Int64 in [951_782_400_000, 951_868_799_999, 1_709_164_800_000, 1_735_689_599_999, 253_402_300_799_999] {
            #expect(SQLiteSearchPlan.iso8601(edge) == Millis.iso8601(edge))
        }
    }
}
