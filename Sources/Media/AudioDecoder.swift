import Essentials
internal import CFFmpeg
import Foundation

/// Opens one file, reads its header into a ``ProbeResult``, and decodes its best audio stream
/// to planar float blocks.
///
/// Not `Sendable`: created, used and released on one media-queue thread. All C state is held by
/// owner classes (``InputFormatContext``, ``CodecContext``, ``Packet``, ``Frame``) that free it
/// in `deinit`, so every exit path, including thrown errors and cancellation, releases it.
final class AudioDecoder {
    let input: InputFormatContext
    let codec: CodecContext
    let streamIndex: Int32
    let probe: ProbeResult
    private let cancellation: CancellationFlag

    /// Opens `path` and its audio decoder.
    /// - Throws: ``MediaError`` (`.openFailed`, `.noAudioStream`, `.decoderNotFound`, …) or
    ///   `CancellationError`.
    init(path: String, cancellation: CancellationFlag) throws {
        self.cancellation = cancellation
        input = try InputFormatContext(path: path, cancellation: cancellation)
        var decoder: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(input.pointer, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0)
        if index == cffmpeg_averror_stream_not_found() {
            throw MediaError(code: .noAudioStream, message: "\(path) has no audio stream", ffmpegCode: index)
        }
        if index == cffmpeg_averror_decoder_not_found() || (index >= 0 && decoder == nil) {
            throw MediaError(code: .decoderNotFound, message: "no decoder for the audio stream of \(path)", ffmpegCode: index)
        }
        try check(index, .noAudioStream, "no usable audio stream in \(path)")
        guard let decoder else { throw MediaError(code: .decoderNotFound, message: "no decoder for \(path)") }
        streamIndex = index
        let stream = input.pointer.pointee.streams[Int(index)]!
        codec = try CodecContext(codec: decoder)
        try check(avcodec_parameters_to_context(codec.pointer, stream.pointee.codecpar), .codecOpenFailed, "avcodec_parameters_to_context")
        codec.pointer.pointee.pkt_timebase = stream.pointee.time_base
        try codec.open(decoder)
        probe = Self.makeProbe(path: path, format: input.pointer, stream: stream, codec: codec.pointer)
    }

    private static func makeProbe(
        path: String, format: UnsafeMutablePointer<AVFormatContext>, stream: UnsafeMutablePointer<AVStream>,
        codec: UnsafeMutablePointer<AVCodecContext>
    ) -> ProbeResult {
        let parameters = stream.pointee.codecpar.pointee
        var duration: Double?
        if format.pointee.duration != cffmpeg_nopts_value() && format.pointee.duration > 0 {
            duration = Double(format.pointee.duration) / Double(cffmpeg_time_base())
        } else if stream.pointee.duration != cffmpeg_nopts_value() && stream.pointee.duration > 0 {
            duration = Double(stream.pointee.duration) * av_q2d(stream.pointee.time_base)
        }
        let source: ProbeResult.DurationSource
        switch format.pointee.duration_estimation_method {
        case AVFMT_DURATION_FROM_PTS: source = .timestamps
        case AVFMT_DURATION_FROM_STREAM: source = .streamHeader
        case AVFMT_DURATION_FROM_BITRATE: source = .bitRate
        default: source = .unknown
        }
        var tags = dictionary(format.pointee.metadata)
        tags.merge(dictionary(stream.pointee.metadata)) { _, new in new }
        var layout = [CChar](repeating: 0, count: 64)
        var channelLayout = parameters.ch_layout
        av_channel_layout_describe(&channelLayout, &layout, layout.count)
        let formatName = String(cString: format.pointee.iformat.pointee.name)
        let byteCount = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return ProbeResult(
            formatName: formatName,
            formatLongName: format.pointee.iformat.pointee.long_name.map { String(cString: $0) } ?? formatName,
            codecName: String(cString: avcodec_get_name(parameters.codec_id)),
            durationSeconds: duration,
            durationSource: source,
            sampleRate: Int(parameters.sample_rate),
            channels: Int(parameters.ch_layout.nb_channels),
            channelLayout: String(decoding: layout.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
            bitRate: Int(format.pointee.bit_rate),
            streamBitRate: Int(parameters.bit_rate),
            frameSize: Int(parameters.frame_size),
            bitsPerSample: Int(parameters.bits_per_coded_sample),
            tags: tags,
            hasStreamingHeader: formatName == "wav" && WAVHeader.hasStreamingSizes(path: path),
            gaplessTrimSamples: formatName == "mp3" ? MP3InfoTag.gaplessTrimSamples(path: path) : 0,
            byteCount: byteCount)
    }

    private static func dictionary(_ dictionary: OpaquePointer?) -> [String: String] {
        var result: [String: String] = [:]
        var entry: UnsafeMutablePointer<AVDictionaryEntry>?
        while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
            result[String(cString: next.pointee.key)] = String(cString: next.pointee.value)
            entry = next
        }
        return result
    }

    /// Decodes the whole audio stream, handing each decoded frame to `body` as planar floats.
    ///
    /// Decoder errors on single packets are counted and skipped (the damaged-but-decodable
    /// case); a read error other than end of file stops the pass and is reported. Loudness and
    /// sample peak are measured on the way.
    /// - Parameter body: Receives one array per channel; may throw to stop.
    /// - Returns: Counts, decoded duration and loudness.
    func decodeAll(_ body: ([[Float]]) throws -> Void = { _ in }) throws -> DecodeReport {
        let packet = try Packet()
        let frame = try Frame()
        let channels = probe.channels
        var meter = LoudnessMeter(sampleRate: probe.sampleRate, channels: channels)
        var report = DecodeReport(
            packets: 0, frames: 0, samples: 0, decodeErrors: 0, firstError: nil, readError: nil,
            sampleRate: probe.sampleRate, decodedSeconds: 0, loudness: LoudnessMeasurement(integratedLUFS: nil, samplePeak: 0))
        let eagain = cffmpeg_averror_eagain()
        let eof = cffmpeg_averror_eof()

        func noteError(_ result: Int32) {
            report.decodeErrors += 1
            if report.firstError == nil { report.firstError = MediaError.ffmpegMessage(for: result) }
        }

        func drain() throws {
            while true {
                let result = avcodec_receive_frame(codec.pointer, frame.pointer)
                if result == eagain || result == eof { return }
                if result < 0 {
                    noteError(result)
                    return
                }
                defer { av_frame_unref(frame.pointer) }
                if frame.pointer.pointee.decode_error_flags != 0 { noteError(cffmpeg_averror_invaliddata()) }
                let planes = try SampleConversion.planarFloats(frame.pointer, channels: channels)
                report.frames += 1
                report.samples += Int64(frame.pointer.pointee.nb_samples)
                meter.process(planes)
                try body(planes)
            }
        }

        reading: while true {
            try cancellation.check()
            let result = av_read_frame(input.pointer, packet.pointer)
            if result == eof { break reading }
            if result < 0 {
                try check(result == cffmpeg_averror_exit() ? result : 0, .readFailed, "")
                report.readError = MediaError.ffmpegMessage(for: result)
                break reading
            }
            defer { av_packet_unref(packet.pointer) }
            guard packet.pointer.pointee.stream_index == streamIndex else { continue }
            report.packets += 1
            let sent = avcodec_send_packet(codec.pointer, packet.pointer)
            if sent < 0 && sent != eagain {
                noteError(sent)
                continue
            }
            try drain()
        }
        try cancellation.check()
        avcodec_send_packet(codec.pointer, nil)
        try drain()
        report.decodedSeconds = probe.sampleRate > 0 ? Double(report.samples) / Double(probe.sampleRate) : 0
        report.loudness = meter.measurement
        return report
    }
}
