internal import CFFmpeg

/// Converts between FFmpeg frames in any PCM sample format and planar `Float` arrays.
enum SampleConversion {
    /// Copies a decoded frame into one `[Float]` per channel (−1...1).
    /// - Throws: ``MediaError`` `.unsupported` for a sample format that is not plain PCM.
    static func planarFloats(_ frame: UnsafeMutablePointer<AVFrame>, channels: Int) throws -> [[Float]] {
        let count = Int(frame.pointee.nb_samples)
        let format = AVSampleFormat(rawValue: frame.pointee.format)
        let planar = av_sample_fmt_is_planar(format) != 0
        let frameChannels = Int(frame.pointee.ch_layout.nb_channels)
        guard frameChannels == channels, let data = frame.pointee.extended_data else {
            throw MediaError(code: .unsupported, message: "decoded frame has \(frameChannels) channels, stream has \(channels)")
        }
        var output = [[Float]](repeating: [], count: channels)
        for c in 0..<channels {
            let plane = UnsafeRawPointer(planar ? data[c]! : data[0]!)
            let stride = planar ? 1 : channels
            let offset = planar ? 0 : c
            output[c] = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                switch format {
                case AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_FLTP:
                    let p = plane.assumingMemoryBound(to: Float.self)
                    for i in 0..<count { buffer[i] = p[i * stride + offset] }
                case AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P:
                    let p = plane.assumingMemoryBound(to: Int16.self)
                    for i in 0..<count { buffer[i] = Float(p[i * stride + offset]) / 32768 }
                case AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P:
                    let p = plane.assumingMemoryBound(to: Int32.self)
                    for i in 0..<count { buffer[i] = Float(Double(p[i * stride + offset]) / 2147483648) }
                case AV_SAMPLE_FMT_DBL, AV_SAMPLE_FMT_DBLP:
                    let p = plane.assumingMemoryBound(to: Double.self)
                    for i in 0..<count { buffer[i] = Float(p[i * stride + offset]) }
                case AV_SAMPLE_FMT_U8, AV_SAMPLE_FMT_U8P:
                    let p = plane.assumingMemoryBound(to: UInt8.self)
                    for i in 0..<count { buffer[i] = (Float(p[i * stride + offset]) - 128) / 128 }
                case AV_SAMPLE_FMT_S64, AV_SAMPLE_FMT_S64P:
                    let p = plane.assumingMemoryBound(to: Int64.self)
                    for i in 0..<count { buffer[i] = Float(Double(p[i * stride + offset]) / 9223372036854775808) }
                default:
                    for i in 0..<count { buffer[i] = 0 }
                }
                initialized = count
            }
        }
        if ![AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P, AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P,
             AV_SAMPLE_FMT_DBL, AV_SAMPLE_FMT_DBLP, AV_SAMPLE_FMT_U8, AV_SAMPLE_FMT_U8P, AV_SAMPLE_FMT_S64, AV_SAMPLE_FMT_S64P]
            .contains(format)
        {
            throw MediaError(code: .unsupported, message: "unsupported decoded sample format \(format.rawValue)")
        }
        return output
    }

    /// Writes `count` samples per channel from `planes[c][start...]` into an encoder frame whose
    /// buffers are allocated, converting to the frame's sample format (FLTP, S16, S16P, S32P, FLT).
    /// Samples are multiplied by `gain` and clamped to −1...1.
    static func fill(
        _ frame: UnsafeMutablePointer<AVFrame>, from planes: [[Float]], start: Int, count: Int, gain: Float
    ) throws {
        let format = AVSampleFormat(rawValue: frame.pointee.format)
        let channels = planes.count
        let planar = av_sample_fmt_is_planar(format) != 0
        guard let data = frame.pointee.extended_data else {
            throw MediaError(code: .encodeFailed, message: "encoder frame has no buffers")
        }
        for c in 0..<channels {
            let plane = UnsafeMutableRawPointer(planar ? data[c]! : data[0]!)
            let stride = planar ? 1 : channels
            let offset = planar ? 0 : c
            try planes[c].withUnsafeBufferPointer { source in
                switch format {
                case AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT:
                    let p = plane.assumingMemoryBound(to: Float.self)
                    for i in 0..<count { p[i * stride + offset] = min(max(source[start + i] * gain, -1), 1) }
                case AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P:
                    let p = plane.assumingMemoryBound(to: Int16.self)
                    for i in 0..<count {
                        let v = (min(max(source[start + i] * gain, -1), 1) * 32767).rounded()
                        p[i * stride + offset] = Int16(v)
                    }
                case AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P:
                    let p = plane.assumingMemoryBound(to: Int32.self)
                    for i in 0..<count {
                        let v = (Double(min(max(source[start + i] * gain, -1), 1)) * 2147483647).rounded()
                        p[i * stride + offset] = Int32(v)
                    }
                default:
                    throw MediaError(code: .unsupported, message: "unsupported encoder sample format \(format.rawValue)")
                }
            }
        }
    }
}
