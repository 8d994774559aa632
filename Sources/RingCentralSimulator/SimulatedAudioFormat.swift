/// The encoding a simulated recording is served in.
public enum SimulatedAudioFormat: String, Sendable, Hashable, CaseIterable {
    /// MPEG-1 Layer III, `audio/mpeg`. Needs an MP3 ``RecordingAudioRenderer``; without one the simulator serves WAV.
    case mp3
    /// RIFF WAVE, PCM signed 16-bit little-endian, 8 kHz mono, `audio/wav`.
    case wavPCM16
    /// RIFF WAVE, G.711 mu-law, 8 kHz mono, `audio/wav`.
    case wavMuLaw

    /// The `Content-Type` RingCentral uses for this format.
    public var contentType: String {
        switch self {
        case .mp3: return "audio/mpeg"
        case .wavPCM16, .wavMuLaw: return "audio/wav"
        }
    }

    /// Whether this is one of the WAV variants.
    public var isWAV: Bool { self != .mp3 }
}
