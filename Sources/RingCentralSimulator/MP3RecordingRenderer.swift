import Media

/// Renders MP3 recordings with the Media module's synthesizer and libmp3lame: 8 kHz mono
/// speech-like audio at a speech bit rate, seeded from the recording id (deterministic for one
/// FFmpeg/LAME build).
public struct MP3RecordingRenderer: RecordingAudioRenderer {
    /// Creates the renderer.
    public init() {}

    /// Renders an MP3 recording (WAV formats go to ``WAVRecordingRenderer``).
    public func render(recordingId: String, format: SimulatedAudioFormat, durationSeconds: Int) async throws -> [UInt8] {
        guard format == .mp3 else { return try WAVRecordingRenderer().render(recordingId: recordingId, format: format, durationSeconds: durationSeconds) }
        let synthesizer = AudioSynthesizer(durationSeconds: Double(durationSeconds), sampleRate: 8000, channels: 1, seed: Self.seed(recordingId))
        return try await synthesizer.render(.mp3(bitRate: AudioFileFormat.speechMP3BitRate(sampleRate: 8000, channels: 1)))
    }

    /// FNV-1a of the id: stable across processes, unlike `hashValue`.
    static func seed(_ id: String) -> UInt64 {
        id.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
