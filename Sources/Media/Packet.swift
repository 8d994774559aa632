internal import CFFmpeg

/// Owns an `AVPacket`; `deinit` calls `av_packet_free` (which also unreferences its data).
final class Packet {
    /// The packet; never `nil`.
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws {
        guard let packet = av_packet_alloc() else {
            throw MediaError(code: .allocationFailed, message: "av_packet_alloc failed")
        }
        self.pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }
}
