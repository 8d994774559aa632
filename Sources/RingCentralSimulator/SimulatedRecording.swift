/// One recording attached to a simulated call (or to one of its legs).
public struct SimulatedRecording: Sendable, Hashable {
    /// RingCentral's recording id (numeric string), used in URLs and as the RingSense `sourceRecordId`.
    public var id: String
    /// `Automatic` or `OnDemand` (any string is passed through).
    public var type: String
    /// The format the content endpoint serves.
    public var format: SimulatedAudioFormat
    /// Length of the audio in whole seconds (the metadata `duration`). It may be shorter than the call: an on-demand
    /// recording starts mid-call, and a transferred call's recordings each cover one leg.
    public var durationSeconds: Int
    /// Seconds between the start of the call (or of the leg carrying the recording) and the start of the recording.
    public var offsetSeconds: Int

    /// Creates a recording.
    ///
    /// - Parameters:
    ///   - id: Recording id.
    ///   - type: `Automatic` (default) or `OnDemand`.
    ///   - format: Served format; `.mp3` by default.
    ///   - durationSeconds: Audio length in seconds.
    ///   - offsetSeconds: When the recording started, in seconds after the start of its call or leg.
    public init(id: String, type: String = "Automatic", format: SimulatedAudioFormat = .mp3, durationSeconds: Int, offsetSeconds: Int = 0) {
        self.id = id
        self.type = type
        self.format = format
        self.durationSeconds = durationSeconds
        self.offsetSeconds = offsetSeconds
    }
}
