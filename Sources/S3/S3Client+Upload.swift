import Essentials
import Crypto
import Transfer

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension S3Client {
    /// Uploads a file, streamed from disk with bounded memory, as one object.
    ///
    /// The file is read once first to compute its SHA-256 (compared with `sha256` when given)
    /// and the SHA-256 and MD5 of each part. Files up to ``S3Configuration/multipartThreshold``
    /// go in one `PUT`; larger ones in a multipart upload of ``S3Configuration/partSize`` parts,
    /// sent ``S3Configuration/multipartConcurrency`` at a time.
    ///
    /// Verification, end to end:
    /// - every request body is signed by its SHA-256 (`x-amz-content-sha256`) and carries
    ///   `Content-MD5`, so the server refuses bytes that changed on the way or on disk meanwhile
    ///   (`XAmzContentSHA256Mismatch`, `BadDigest`);
    /// - a single `PUT` also sends `x-amz-checksum-sha256` when configured;
    /// - each ETag is compared with the MD5 that was sent (for the multipart object: the MD5 of
    ///   the parts' MD5s, `-N`), unless ``S3Configuration/verifiesETags`` is off;
    /// - the whole file's SHA-256 is stored as `x-amz-meta-sha256`.
    ///
    /// Atomic: the object becomes visible only when the upload completes; a failed multipart
    /// upload is aborted so no parts linger.
    ///
    /// - Parameters:
    ///   - key: The key, relative to the configured prefix.
    ///   - path: The local file.
    ///   - sha256: The lowercase hex SHA-256 the file must have; `nil` skips the comparison.
    ///   - contentType: Stored as the object's `Content-Type`.
    ///   - metadata: Extra `x-amz-meta-*` values.
    /// - Returns: ETag, size, SHA-256 and part count.
    /// - Throws: ``S3Error`` (``S3Error/Code/checksumMismatch`` when the file does not match
    ///   `sha256` or the server rejects a body), `CancellationError`.
    @discardableResult
    public func putObject(
        key: String,
        file path: String,
        sha256 expected: String? = nil,
        contentType: String = "application/octet-stream",
        metadata: [String: String] = [:]
    ) async throws -> S3PutResult {
        let full = try fullKey(key)
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileDigests.fileError("stat", path: path) }
        let size = Int64(info.st_size)
        let multipart = size > configuration.multipartThreshold
        let partSize = multipart ? effectivePartSize(for: size) : max(size, 1)
        let digests = try await FileDigests.compute(path: path, partSize: partSize)
        let sha256Hex = Hex.encode(digests.sha256)
        if let expected, expected.lowercased() != sha256Hex {
            throw S3Error(
                code: .checksumMismatch,
                message: "\(path) has SHA-256 \(sha256Hex), not the expected \(expected.lowercased())",
                key: key
            )
        }
        let headers = try uploadHeaders(contentType: contentType, metadata: metadata, sha256: digests.sha256)
        if digests.parts.count == 1 {
            return try await putSingle(key: key, fullKey: full, path: path, digests: digests, headers: headers, contentType: contentType)
        }
        return try await putMultipart(key: key, fullKey: full, path: path, digests: digests, headers: headers)
    }

    /// The configured part size, raised (in whole MiB) so that `size` needs at most 10,000 parts.
    func effectivePartSize(for size: Int64) -> Int64 {
        let mebibyte: Int64 = 1024 * 1024
        let needed = (size + S3Configuration.maximumPartCount - 1) / S3Configuration.maximumPartCount
        let rounded = (needed + mebibyte - 1) / mebibyte * mebibyte
        return max(configuration.partSize, rounded)
    }

    // MARK: - One request

    func putSingle(
        key: String, fullKey: String, path: String, digests: FileDigests, headers: HTTPHeaders, contentType: String
    ) async throws -> S3PutResult {
        let part = digests.parts[0]
        var headers = headers
        headers["Content-MD5"] = Data(part.md5).base64EncodedString()
        if configuration.sendsChecksumHeader { headers["x-amz-checksum-sha256"] = Data(digests.sha256).base64EncodedString() }
        var request = request(.put, fullKey: fullKey, headers: headers, payloadHash: payloadHash(part.sha256))
        request.fileBody = HTTPFileBody(path: path, offset: 0, length: part.length, contentType: contentType)
        request.expectsContinue = true
        let response = try await perform(request, operation: "PutObject", key: key)
        let etag = S3ObjectInfo.unquote(response.headers["ETag"] ?? "")
        try verifyETag(etag, expected: Hex.encode(part.md5), key: key)
        return S3PutResult(key: key, etag: etag, size: digests.size, sha256: Hex.encode(digests.sha256), partCount: 0)
    }

    // MARK: - Multipart

    func putMultipart(key: String, fullKey: String, path: String, digests: FileDigests, headers: HTTPHeaders) async throws -> S3PutResult {
        let uploadID = try await createMultipartUpload(key: key, fullKey: fullKey, headers: headers)
        do {
            let etags = try await uploadParts(key: key, fullKey: fullKey, path: path, uploadID: uploadID, parts: digests.parts)
            var etag = try await completeMultipartUpload(key: key, fullKey: fullKey, uploadID: uploadID, etags: etags)
            if etag.isEmpty {
                // Ceph RGW (Pacific) answers with an empty <ETag/>; the object has the right one.
                guard let info = try await headObject(key: key), !info.etag.isEmpty else {
                    throw S3Error(code: .malformedResponse, message: "the completed multipart object has no ETag", key: key)
                }
                etag = info.etag
            }
            var combined = Insecure.MD5()
            for part in digests.parts { combined.update(data: part.md5) }
            try verifyETag(etag, expected: Hex.encode(combined.finalize()) + "-\(digests.parts.count)", key: key)
            return S3PutResult(key: key, etag: etag, size: digests.size, sha256: Hex.encode(digests.sha256), partCount: digests.parts.count)
        } catch {
            // Best effort, also when the task was cancelled: the object never appears, and the
            // parts do not linger (a bucket lifecycle rule should still expire strays).
            let abort = request(.delete, fullKey: fullKey, query: [("uploadId", uploadID)])
            _ = try? await Task { [self] in try await send(abort, key: key) }.value
            throw error
        }
    }

    /// `POST ?uploads`: returns the upload id.
    func createMultipartUpload(key: String, fullKey: String, headers: HTTPHeaders) async throws -> String {
        var request = request(.post, fullKey: fullKey, query: [("uploads", "")], headers: headers)
        request.body = HTTPBody(bytes: [], contentType: headers["Content-Type"])
        let response = try await perform(request, operation: "CreateMultipartUpload", key: key)
        guard let document = S3XMLNode.parse(response.body), let uploadID = document.value("UploadId"), !uploadID.isEmpty else {
            throw S3Error(code: .malformedResponse, message: "CreateMultipartUpload answered without an UploadId", key: key)
        }
        return uploadID
    }

    /// Sends every part, at most ``S3Configuration/multipartConcurrency`` at a time; returns
    /// their ETags in part order.
    func uploadParts(key: String, fullKey: String, path: String, uploadID: String, parts: [FileDigests.Part]) async throws -> [String] {
        var etags = [String](repeating: "", count: parts.count)
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var next = 0
            func startNext() {
                guard next < parts.count else { return }
                let index = next
                next += 1
                group.addTask { [self] in
                    (index, try await uploadPart(key: key, fullKey: fullKey, path: path, uploadID: uploadID, number: index + 1, part: parts[index]))
                }
            }
            for _ in 0..<min(configuration.multipartConcurrency, parts.count) { startNext() }
            while let (index, etag) = try await group.next() {
                etags[index] = etag
                startNext()
            }
        }
        return etags
    }

    /// `PUT ?partNumber=N&uploadId=…` with the part streamed from the file; returns its ETag.
    func uploadPart(key: String, fullKey: String, path: String, uploadID: String, number: Int, part: FileDigests.Part) async throws -> String {
        let headers: HTTPHeaders = ["Content-MD5": Data(part.md5).base64EncodedString()]
        var request = request(
            .put, fullKey: fullKey, query: [("partNumber", String(number)), ("uploadId", uploadID)], headers: headers,
            payloadHash: payloadHash(part.sha256)
        )
        request.fileBody = HTTPFileBody(path: path, offset: part.offset, length: part.length, contentType: "application/octet-stream")
        request.expectsContinue = true
        let response = try await perform(request, operation: "UploadPart", key: key)
        let etag = S3ObjectInfo.unquote(response.headers["ETag"] ?? "")
        guard !etag.isEmpty else {
            throw S3Error(code: .malformedResponse, message: "UploadPart \(number) answered without an ETag", key: key)
        }
        try verifyETag(etag, expected: Hex.encode(part.md5), key: key)
        return etag
    }

    /// `POST ?uploadId=…` with the part list; returns the object's ETag (empty when the server
    /// left it out).
    ///
    /// S3 may answer 200 and still report an error in the body (the answer starts before the
    /// parts are joined), so the body's root element decides.
    func completeMultipartUpload(key: String, fullKey: String, uploadID: String, etags: [String]) async throws -> String {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for (index, etag) in etags.enumerated() {
            xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\"\(etag)\"</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let body = Array(xml.utf8)
        var request = request(.post, fullKey: fullKey, query: [("uploadId", uploadID)], payloadHash: Hex.encode(SHA256.hash(data: body)))
        request.body = HTTPBody(bytes: body, contentType: "application/xml")
        return try await withRetries(operation: "CompleteMultipartUpload", key: key) {
            let response = try await send(request, key: key)
            guard response.isSuccess else { throw Self.error(from: response, key: key) }
            guard let document = S3XMLNode.parse(response.body) else {
                throw S3Error(code: .malformedResponse, message: "CompleteMultipartUpload answered without XML", status: response.status, key: key)
            }
            if document.name == "Error" {
                var error = Self.error(from: HTTPResponse(status: 500, headers: response.headers, body: response.body), key: key)
                error.status = response.status
                throw error
            }
            guard document.name == "CompleteMultipartUploadResult" else {
                throw S3Error(code: .malformedResponse, message: "CompleteMultipartUpload answered with <\(document.name)>", key: key)
            }
            return document.value("ETag").map(S3ObjectInfo.unquote) ?? ""
        }
    }
}
