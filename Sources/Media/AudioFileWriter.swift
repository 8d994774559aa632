import Essentials
internal import CFFmpeg

/// Encodes planar float audio into an ``AudioFileFormat`` file.
///
/// Owns the encoder ``CodecContext``, the ``OutputFormatContext`` muxer, a reusable ``Frame``
/// and ``Packet``, and a ``Resampler`` when the encoder cannot take the source rate; all are
/// released in their own `deinit`s on every path. Not `Sendable`: one media-queue thread.
final class AudioFileWriter {
    private let output: OutputFormatContext
    private let encoder: CodecContext
    private let stream: UnsafeMutablePointer<AVStream>
    private let frame: Frame
    private let packet: Packet
    private let resampler: Resampler?
    private let frameSize: Int
    private let channels: Int
    private let cancellation: CancellationFlag
    private var pending: [[Float]]
    private var samplesWritten: Int64 = 0
    /// Linear gain applied to every sample before encoding (clamped to full scale).
    var gain: Float = 1
    /// Sample rate of the file being written.
    let outputSampleRate: Int
    /// Samples that had to be clamped because `gain` pushed them past full scale.
    private(set) var clippedSamples = 0

    /// Opens the output and the encoder.
    /// - Throws: ``MediaError`` `.encoderNotFound` when libmp3lame is missing, and other codes.
    init(
        path: String, format: AudioFileFormat, sampleRate: Int, channels: Int, tags: [String: String] = [:],
        cancellation: CancellationFlag
    ) throws {
        guard channels > 0, sampleRate > 0 else {
            throw MediaError(code: .unsupported, message: "cannot encode \(channels) channels at \(sampleRate) Hz")
        }
        self.channels = channels
        self.cancellation = cancellation
        let codec: UnsafePointer<AVCodec>?
        switch format {
        case .mp3: codec = avcodec_find_encoder_by_name("libmp3lame")
        case .wavPCM16: codec = avcodec_find_encoder(AV_CODEC_ID_PCM_S16LE)
        case .wavMuLaw: codec = avcodec_find_encoder(AV_CODEC_ID_PCM_MULAW)
        }
        guard let codec else {
            throw MediaError(code: .encoderNotFound, message: "no encoder for \(format) in this FFmpeg build")
        }
        let rate = Self.supportedRate(for: sampleRate, codec: codec)
        outputSampleRate = rate
        resampler = rate == sampleRate ? nil : try Resampler(channels: channels, inputRate: sampleRate, outputRate: rate)

        output = try OutputFormatContext(formatName: format.muxerName, path: path, cancellation: cancellation)
        encoder = try CodecContext(codec: codec)
        let context = encoder.pointer
        context.pointee.sample_rate = Int32(rate)
        av_channel_layout_default(&context.pointee.ch_layout, Int32(channels))
        context.pointee.sample_fmt = Self.sampleFormat(for: codec)
        context.pointee.time_base = AVRational(num: 1, den: Int32(rate))
        if case .mp3(let bitRate) = format { context.pointee.bit_rate = Int64(bitRate) }
        if output.pointer.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0 {
            context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
        }
        try encoder.open(codec)
        stream = try output.addStream(from: context)
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            try check(av_dict_set(&output.pointer.pointee.metadata, key, value, 0), .writeFailed, "av_dict_set")
        }
        try output.writeHeader()
        frameSize = context.pointee.frame_size > 0 ? Int(context.pointee.frame_size) : 1024
        frame = try Frame()
        packet = try Packet()
        pending = Array(repeating: [], count: channels)
    }

    private static func supportedRate(for rate: Int, codec: UnsafePointer<AVCodec>) -> Int {
        guard let list = codec.pointee.supported_samplerates else { return rate }
        var rates: [Int] = []
        var index = 0
        while list[index] != 0 {
            rates.append(Int(list[index]))
            index += 1
        }
        if rates.isEmpty || rates.contains(rate) { return rate }
        // Never upsample when a lower supported rate exists.
        return rates.filter { $0 <= rate }.max() ?? rates.min()!
    }

    private static func sampleFormat(for codec: UnsafePointer<AVCodec>) -> AVSampleFormat {
        guard let list = codec.pointee.sample_fmts else { return AV_SAMPLE_FMT_S16 }
        var formats: [AVSampleFormat] = []
        var index = 0
        while list[index] != AV_SAMPLE_FMT_NONE {
            formats.append(list[index])
            index += 1
        }
        for preferred in [AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P, AV_SAMPLE_FMT_S32P, AV_SAMPLE_FMT_FLT]
        where formats.contains(preferred) {
            return preferred
        }
        return formats.first ?? AV_SAMPLE_FMT_S16
    }

    /// Appends one block of audio (one array per channel, at the source sample rate).
    func write(_ planes: [[Float]]) throws {
        try cancellation.check()
        let block = try resampler?.convert(planes) ?? planes
        for c in 0..<channels { pending[c].append(contentsOf: block[c]) }
        try encodePending(final: false)
    }

    /// Flushes the resampler and the encoder, writes the trailer, closes and fsyncs the file.
    func finish() throws {
        if let resampler {
            let tail = try resampler.convert(nil)
            for c in 0..<channels { pending[c].append(contentsOf: tail[c]) }
        }
        try encodePending(final: true)
        try send(nil)
        try output.finish()
    }

    private func encodePending(final: Bool) throws {
        var start = 0
        let available = pending[0].count
        while available - start >= frameSize || (final && available - start > 0) {
            let count = min(frameSize, available - start)
            try encodeFrame(start: start, count: count)
            start += count
        }
        if start > 0 {
            for c in 0..<channels { pending[c].removeFirst(start) }
        }
    }

    private func encodeFrame(start: Int, count: Int) throws {
        let f = frame.pointer
        av_frame_unref(f)
        f.pointee.nb_samples = Int32(count)
        f.pointee.format = encoder.pointer.pointee.sample_fmt.rawValue
        f.pointee.sample_rate = encoder.pointer.pointee.sample_rate
        try check(av_channel_layout_copy(&f.pointee.ch_layout, &encoder.pointer.pointee.ch_layout), .encodeFailed, "av_channel_layout_copy")
        try check(av_frame_get_buffer(f, 0), .allocationFailed, "av_frame_get_buffer")
        if gain != 1 {
            for c in 0..<channels {
                for i in start..<(start + count) where abs(pending[c][i] * gain) > 1 { clippedSamples += 1 }
            }
        }
        try SampleConversion.fill(f, from: pending, start: start, count: count, gain: gain)
        f.pointee.pts = samplesWritten
        samplesWritten += Int64(count)
        try send(f)
    }

    private func send(_ frame: UnsafeMutablePointer<AVFrame>?) throws {
        try check(avcodec_send_frame(encoder.pointer, frame), .encodeFailed, "avcodec_send_frame")
        let eagain = cffmpeg_averror_eagain()
        let eof = cffmpeg_averror_eof()
        while true {
            let result = avcodec_receive_packet(encoder.pointer, packet.pointer)
            if result == eagain || result == eof { return }
            try check(result, .encodeFailed, "avcodec_receive_packet")
            av_packet_rescale_ts(packet.pointer, encoder.pointer.pointee.time_base, stream.pointee.time_base)
            packet.pointer.pointee.stream_index = stream.pointee.index
            try output.write(packet.pointer)
        }
    }
}
