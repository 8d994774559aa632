/// Produces the bytes the media host serves for a recording.
///
/// Output must be deterministic for a given recording id, format and duration, and must last exactly
/// `durationSeconds`. The simulator caches rendered bytes per recording id, so a renderer is called at most once per
/// recording. The built-in ``WAVRecordingRenderer`` handles the WAV formats; MP3 needs a renderer plugged in through
/// ``SimulatorConfiguration/mp3Renderer`` (for example one built on libmp3lame).
public protocol RecordingAudioRenderer: Sendable {
    /// Renders a recording.
    ///
    /// - Parameters:
    ///   - recordingId: The recording id; seeds the content.
    ///   - format: The format to produce.
    ///   - durationSeconds: Exact length of the audio.
    /// - Returns: The complete file.
    /// - Throws: When the renderer can't produce `format`.
    func render(recordingId: String, format: SimulatedAudioFormat, durationSeconds: Int) async throws -> [UInt8]
}
