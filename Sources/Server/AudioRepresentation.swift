import Archive
import HTTPTypes

/// What `/recordings/{id}/stream` serves for an archived recording: the stored audio file with
/// its validators and the header fields every answer about it carries.
struct AudioRepresentation: Sendable {
    /// The stored file (size, SHA-256, format, when it was filed).
    let file: StoredFile
    /// The strong entity tag: the SHA-256 of the stored bytes, the same on every machine, after a
    /// restart or a reindex, and different whenever the bytes are.
    let etag: EntityTag
    /// `Last-Modified`: when the file was filed, in whole seconds since 1970.
    let lastModified: Int64
    /// `audio/mpeg` or `audio/wav`, from the stored format.
    let contentType: String
    /// Header fields of every answer: `Accept-Ranges`, `ETag`, `Last-Modified`, `Cache-Control`,
    /// `Content-Type`, `Content-Disposition`, `X-Content-Type-Options`.
    let headers: HTTPFields

    /// The representation of `file`; `download` asks for `attachment`. It holds nothing that
    /// depends on the time of a request, so ``StreamFileCache`` keeps it with its entry.
    init(file: StoredFile, download: Bool) {
        self.file = file
        etag = EntityTag(opaque: Substring(file.sha256), isWeak: false)
        lastModified = file.createdAt >= 0 ? file.createdAt / 1000 : (file.createdAt - 999) / 1000
        contentType = Self.contentType(format: file.format)
        var headers = HTTPFields()
        headers.reserveCapacity(10)
        headers[.acceptRanges] = "bytes"
        headers[.eTag] = "\"\(file.sha256)\""
        headers[.lastModified] = HTTPDate.format(lastModified)
        // Customer audio: browsers may keep it, shared caches must not.
        headers[.cacheControl] = "private"
        headers[.contentType] = contentType
        headers[.contentDisposition] = Self.disposition(fileName: Self.fileName(of: file.relativePath), download: download)
        headers[Self.contentTypeOptions] = "nosniff"
        self.headers = headers
    }

    /// The size in bytes.
    var size: Int64 { file.bytes }

    /// Whether ``lastModified`` may validate `If-Range` at `nowMillis`: it is at least a second
    /// before then (RFC 9110 §8.8.2.2).
    func lastModifiedIsStrong(nowMillis: Int64) -> Bool { nowMillis / 1000 >= lastModified + 1 }

    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!

    /// The media type of a stored format.
    static func contentType(format: String) -> String {
        switch format.lowercased() {
        case "wav": "audio/wav"
        case "mp3": "audio/mpeg"
        default: "application/octet-stream"
        }
    }

    /// `inline` (players) or `attachment` (`?download=1`) with the archive's file name.
    static func disposition(fileName: String, download: Bool) -> String {
        // Archive names are `{timestamp}_recording_{id}.{ext}` with a letters-digits-dash id: no
        // quoting or encoding is needed; anything else is dropped rather than escaped.
        let isSafe: (UInt8) -> Bool = { $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        let safe = fileName.utf8.allSatisfy(isSafe) ? fileName : String(decoding: fileName.utf8.filter(isSafe), as: UTF8.self)
        return (download ? "attachment" : "inline") + "; filename=\"\(safe)\""
    }

    /// The last component of a storage key (found from the end, without splitting the key on
    /// every request).
    static func fileName(of key: String) -> String {
        let utf8 = key.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
        let start = utf8[..<end].lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        return start < end ? String(key[start..<end]) : key
    }
}
