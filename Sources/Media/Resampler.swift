internal import CFFmpeg

/// Owns a `SwrContext` that converts planar float audio between two sample rates.
///
/// Used only when the encoder cannot take the source rate (libmp3lame accepts 8–48 kHz in the
/// MPEG rate families). `deinit` calls `swr_free`.
final class Resampler {
    private var context: OpaquePointer?
    let inputRate: Int
    let outputRate: Int
    let channels: Int

    /// Creates and initialises the converter.
    init(channels: Int, inputRate: Int, outputRate: Int) throws {
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.channels = channels
        var inLayout = AVChannelLayout()
        var outLayout = AVChannelLayout()
        av_channel_layout_default(&inLayout, Int32(channels))
        av_channel_layout_default(&outLayout, Int32(channels))
        defer {
            av_channel_layout_uninit(&inLayout)
            av_channel_layout_uninit(&outLayout)
        }
        var swr: OpaquePointer?
        try check(
            swr_alloc_set_opts2(&swr, &outLayout, AV_SAMPLE_FMT_FLTP, Int32(outputRate), &inLayout, AV_SAMPLE_FMT_FLTP, Int32(inputRate), 0, nil),
            .resampleFailed, "swr_alloc_set_opts2")
        self.context = swr
        try check(swr_init(swr), .resampleFailed, "swr_init")
    }

    /// Converts one block (`nil` flushes the delayed samples).
    /// - Parameter input: One array per channel, all the same length, or `nil` to flush.
    /// - Returns: The converted samples, one array per channel.
    func convert(_ input: [[Float]]?) throws -> [[Float]] {
        let inCount = input?.first?.count ?? 0
        let capacity = Int(swr_get_out_samples(context, Int32(inCount))) + 16
        var output = [[Float]](repeating: [Float](repeating: 0, count: capacity), count: channels)
        var produced: Int32 = 0
        try withPlanePointers(&output) { outPlanes in
            if var input {
                try withPlanePointers(&input) { inPlanes in
                    let inConst = UnsafeMutablePointer<UnsafePointer<UInt8>?>.allocate(capacity: channels)
                    defer { inConst.deallocate() }
                    for c in 0..<channels { inConst[c] = UnsafePointer(inPlanes[c]) }
                    produced = try check(swr_convert(context, outPlanes, Int32(capacity), inConst, Int32(inCount)), .resampleFailed, "swr_convert")
                }
            } else {
                produced = try check(swr_convert(context, outPlanes, Int32(capacity), nil, 0), .resampleFailed, "swr_convert (flush)")
            }
        }
        return output.map { Array($0.prefix(Int(produced))) }
    }

    deinit {
        swr_free(&context)
    }
}

/// Calls `body` with a C array of byte pointers to copies of each channel's samples, then copies
/// the (possibly modified) samples back into `planes`.
func withPlanePointers<R>(_ planes: inout [[Float]], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>) throws -> R) rethrows -> R {
    let count = planes.count
    let pointers = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: max(count, 1))
    var buffers: [UnsafeMutableBufferPointer<Float>] = []
    defer {
        for buffer in buffers { buffer.deallocate() }
        pointers.deallocate()
    }
    for (index, plane) in planes.enumerated() {
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(plane.count, 1))
        _ = buffer.initialize(from: plane)
        buffers.append(buffer)
        pointers[index] = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self)
    }
    let result = try body(pointers)
    for index in 0..<count { planes[index] = Array(buffers[index].prefix(planes[index].count)) }
    return result
}
