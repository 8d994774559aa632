import Foundation
import Media
import TestSupport
import Testing
@testable import Archive

@Suite struct DiskFullTests {
    @Test(
        .enabled(
            if: TmpfsMount.isPermitted,
            "skipped: mounting a tmpfs is not permitted here (run the tests as root with CAP_SYS_ADMIN)"))
    func diskFullThrowsLeavesNothingAndRetrySucceeds() async throws {
        let mount = try TmpfsMount(sizeBytes: 2 * 1024 * 1024)
        defer { mount.unmount() }
        let fixture = try await ArchiveFixture.make(home: mount.path + "/storage")
        defer { fixture.backend.remove() }
        // 20 s of 8 kHz s16 WAV is 320 kB; its MP3 is 80 kB. Leave room for the MP3 but not the original.
        let received = try await TestAudio.received(.wavPCM16, in: fixture.inputs, name: "r1", seconds: 20)
        try mount.fill("filler", bytes: mount.freeBytes() - 160 * 1024)

        let store = fixture.store()
        await #expect {
            try await store.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        } throws: { error in
            guard let error = error as? ArchiveError else { return false }
            return error.code == .diskFull && error.message.contains("free space")
        }
        #expect(try fixture.treeFiles().isEmpty)
        #expect(fixture.tmpFiles().isEmpty)
        #expect(try await fixture.catalog.recording("r1")?.state == .pending)
        #expect(try await fixture.catalog.files(recordingId: "r1").isEmpty)

        // Free the space and retry.
        try FileManager.default.removeItem(atPath: mount.path + "/filler")
        let filed = try await store.file(received, recording: TestAudio.recording(), call: TestAudio.call())
        #expect(filed.original != nil)
        #expect(try fixture.treeFiles().count == 3)
        #expect(try await fixture.catalog.recording("r1")?.state == .archived)
        #expect(try await fixture.verifier().run().isClean)
    }
}
