import Essentials
import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-transfer state libcurl's callbacks reach through their user-data pointer.
///
/// Created on the transfer thread for one `curl_easy_perform` and kept alive for its whole
/// duration (the caller holds it in `withExtendedLifetime`); the callbacks recover it with
/// `Unmanaged.fromOpaque(_:).takeUnretainedValue()`. It is never shared across threads.
final class TransferContext {
    var head = ResponseHead()
    let sink: any ResponseBodySink
    let cancellation: CancellationFlag
    /// The request body streamed from a file, when the request has one.
    var upload: FileUploadSource?

    init(sink: any ResponseBodySink, cancellation: CancellationFlag) {
        self.sink = sink
        self.cancellation = cancellation
    }

    /// The pointer handed to libcurl as WRITEDATA / HEADERDATA / XFERINFODATA.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> TransferContext {
        Unmanaged<TransferContext>.fromOpaque(pointer!).takeUnretainedValue()
    }

    // MARK: - libcurl callbacks

    /// `CURLOPT_WRITEFUNCTION`: body bytes. Returning fewer bytes than given aborts.
    static let writeCallback: curl_write_callback = { buffer, size, count, userData in
        let context = TransferContext.from(userData)
        let length = size * count
        let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
        return context.sink.receive(bytes, head: context.head) ? length : 0
    }

    /// `CURLOPT_HEADERFUNCTION`: one header line at a time, for every response seen.
    static let headerCallback: curl_write_callback = { buffer, size, count, userData in
        let context = TransferContext.from(userData)
        let length = size * count
        context.head.consume(line: UnsafeRawBufferPointer(start: buffer, count: length))
        return length
    }

    /// `CURLOPT_READFUNCTION`: the next bytes of a file body; `CURL_READFUNC_ABORT` on a read
    /// failure or cancellation.
    static let readCallback: curl_read_callback = { buffer, size, count, userData in
        let context = TransferContext.from(userData)
        guard let upload = context.upload, let buffer, !context.cancellation.isCancelled else { return cv_curl_readfunc_abort }
        return upload.read(into: buffer, capacity: size * count) ?? cv_curl_readfunc_abort
    }

    /// `CURLOPT_SEEKFUNCTION`: rewinds a file body so libcurl can send it again.
    static let seekCallback: curl_seek_callback = { userData, offset, origin in
        let context = TransferContext.from(userData)
        guard origin == SEEK_SET, let upload = context.upload, upload.seek(to: Int64(offset)) else {
            return Int32(CURL_SEEKFUNC_CANTSEEK)
        }
        return Int32(CURL_SEEKFUNC_OK)
    }

    /// `CURLOPT_XFERINFOFUNCTION`: called often, including about once a second while idle;
    /// a non-zero return aborts the transfer with `CURLE_ABORTED_BY_CALLBACK`.
    static let progressCallback: curl_xferinfo_callback = { userData, _, _, _, _ in
        TransferContext.from(userData).cancellation.isCancelled ? 1 : 0
    }
}
