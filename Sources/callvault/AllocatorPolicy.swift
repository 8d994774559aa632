#if canImport(Glibc)
import Glibc
#endif

/// The C allocator's settings for a callvault process, applied first thing in `main`.
///
/// glibc serves a block above its mmap threshold (128 KiB) with `mmap` and returns it with
/// `munmap`, but on each such free it raises the threshold to the block's size (up to 32 MiB): from
/// then on, blocks of that size come from the arenas and, once freed, stay there. The pipeline
/// allocates 0.5–1 MiB buffers (downloads, hashing, file copies) on many threads (NIO, the blocking
/// pool, libcurl), each with its own arena, so each arena kept several of them: in
/// `scripts/bench/pipeline` 90 MB of a 160 MB peak was memory already freed (heaptrack: 14 MB live
/// at the peak). Setting the threshold explicitly, to glibc's own default, turns that adjustment
/// off: large buffers are mapped and unmapped again, and resident memory follows what is live.
enum AllocatorPolicy {
    /// The threshold above which blocks are mapped on their own and unmapped when freed.
    static let mmapThreshold: Int32 = 128 * 1024

    /// Applies the settings; harmless when called twice, and a no-op off glibc.
    static func apply() {
        #if canImport(Glibc)
        // `mallopt` and `M_MMAP_THRESHOLD` (-3) live in <malloc.h>, which the Glibc module does not
        // export: look the function up in the C library instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThresholdParameter: Int32 = -3
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThresholdParameter, mmapThreshold)
        #endif
    }
}
