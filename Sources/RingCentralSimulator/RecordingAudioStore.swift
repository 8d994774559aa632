import Synchronization

/// Renders recordings on first use and caches the bytes per recording id.
final class RecordingAudioStore: Sendable {
    /// A rendered recording.
    struct Rendered: Sendable {
        var bytes: [UInt8]
        var format: SimulatedAudioFormat
    }

    private let mp3Renderer: (any RecordingAudioRenderer)?
    private let wavRenderer: any RecordingAudioRenderer
    private let cache = Mutex<[String: Rendered]>([:])

    init(mp3Renderer: (any RecordingAudioRenderer)?, wavRenderer: any RecordingAudioRenderer = WAVRecordingRenderer()) {
        self.mp3Renderer = mp3Renderer
        self.wavRenderer = wavRenderer
    }

    /// The format actually served: MP3 falls back to PCM WAV when no MP3 renderer is configured.
    func servedFormat(for recording: SimulatedRecording) -> SimulatedAudioFormat {
        if recording.format == .mp3 && self.mp3Renderer == nil {
            return .wavPCM16
        }
        return recording.format
    }

    func audio(for recording: SimulatedRecording) async throws -> Rendered {
        if let cached = self.cache.withLock({ $0[recording.id] }) {
            return cached
        }
        let format = self.servedFormat(for: recording)
        let renderer: any RecordingAudioRenderer = format == .mp3 ? self.mp3Renderer! : self.wavRenderer
        let rendered = Rendered(
            bytes: try await renderer.render(recordingId: recording.id, format: format, durationSeconds: recording.durationSeconds),
            format: format
        )
        self.cache.withLock { $0[recording.id] = rendered }
        return rendered
    }

    func removeAll() {
        self.cache.withLock { $0.removeAll() }
    }
}
