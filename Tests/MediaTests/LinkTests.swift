import CFFmpeg
import Testing

@Suite struct LinkTests {
    @Test func avformatVersionIsLibavformat59() {
        let version = avformat_version()
        #expect(version >> 16 == 59)
        #expect(avcodec_version() >> 16 == 59)
    }
}
