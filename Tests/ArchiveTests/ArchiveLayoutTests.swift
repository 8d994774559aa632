import Foundation
import Testing
@testable import Archive

@Suite struct ArchiveLayoutTests {
    @Test func nameIsUTCAndFolderFollowsTheConfiguredZone() throws {
        // 2025-01-06T05:30:00Z is still 2025-01-05 (21:30) in Los Angeles.
        let start: Int64 = 1_736_141_400_000
        let utc = ArchiveLayout(home: "/h")
        let la = ArchiveLayout(home: "/h", timeZone: try #require(TimeZone(identifier: "America/Los_Angeles")))
        #expect(utc.relativePath(recordingId: "1662272004", startTimeMillis: start, role: .audio, extension: "mp3")
            == "recordings/2025/01/06/20250106T053000Z_recording_1662272004.mp3")
        #expect(la.relativePath(recordingId: "1662272004", startTimeMillis: start, role: .audio, extension: "mp3")
            == "recordings/2025/01/05/20250106T053000Z_recording_1662272004.mp3")
        #expect(la.relativePath(recordingId: "1662272004", startTimeMillis: start, role: .original, extension: "wav")
            == "recordings/2025/01/05/20250106T053000Z_recording_1662272004.original.wav")
        #expect(la.relativePath(recordingId: "1662272004", startTimeMillis: start, role: .sidecar, extension: "mp3")
            == "recordings/2025/01/05/20250106T053000Z_recording_1662272004.json")
        // Milliseconds are dropped, never rounded into the next second.
        #expect(utc.stem(recordingId: "7", startTimeMillis: start + 999) == "20250106T053000Z_recording_7")
        // East of UTC the folder is the next day.
        let tokyo = ArchiveLayout(home: "/h", timeZone: try #require(TimeZone(identifier: "Asia/Tokyo")))
        #expect(tokyo.folder(startTimeMillis: 1_736_121_600_000 - 1000) == "recordings/2025/01/06")  // 2025-01-05T23:59:59Z
    }

    @Test func sameSecondDiffersById() {
        let layout = ArchiveLayout(home: "/h")
        let a = layout.relativePath(recordingId: "100", startTimeMillis: 1_736_159_400_000, role: .audio, extension: "mp3")
        let b = layout.relativePath(recordingId: "101", startTimeMillis: 1_736_159_400_500, role: .audio, extension: "mp3")
        #expect(a != b)
        #expect((a as NSString).deletingLastPathComponent == (b as NSString).deletingLastPathComponent)
    }

    @Test func idsWithPathCharactersAreRejected() {
        #expect(ArchiveLayout.isValidRecordingId("1662272004"))
        #expect(ArchiveLayout.isValidRecordingId("abc-DEF_1"))
        #expect(!ArchiveLayout.isValidRecordingId("../etc"))
        #expect(!ArchiveLayout.isValidRecordingId("a/b"))
        #expect(!ArchiveLayout.isValidRecordingId(""))
    }
}
