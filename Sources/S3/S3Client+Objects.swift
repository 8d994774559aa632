import Essentials
import Crypto
import Logging
import Transfer

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension S3Client {
    // MARK: - HEAD

    /// Size, ETag, content type and metadata of an object.
    ///
    /// - Parameter key: The key, relative to the configured prefix.
    /// - Returns: The object's description, or `nil` when there is no such object.
    /// - Throws: ``S3Error`` (``S3Error/Code/noSuchBucket`` cannot be told apart from a missing
    ///   key here: a `HEAD` answer has no body, so a 404 is reported as `nil`).
    public func headObject(key: String) async throws -> S3ObjectInfo? {
        let full = try fullKey(key)
        let request = request(.head, fullKey: full)
        return try await withRetries(operation: "HeadObject", key: key) {
            let response = try await send(request, key: key)
            if response.status == 404 { return nil }
            guard response.isSuccess else { throw Self.error(from: response, key: key) }
            return S3ObjectInfo(key: key, headers: response.headers)
        }
    }

    // MARK: - GET

    /// Streams an object, or a byte range of it, into `sink`.
    ///
    /// The body is handed over in chunks as it arrives; memory stays bounded whatever the
    /// object's size, and a slow sink slows the download down (TCP back-pressure). The range is
    /// sent as `Range: bytes=first-last` and the answer's `Content-Range` is checked to start at
    /// `first`. A transfer is retried only while no byte has reached the sink.
    ///
    /// - Parameters:
    ///   - key: The key, relative to the configured prefix.
    ///   - range: Inclusive byte positions; `nil` reads the whole object.
    ///   - sink: Receives the bytes in order; the buffer is valid only during the call. Throwing
    ///     stops the download and the error is rethrown.
    /// - Returns: The object's description (``S3ObjectInfo/size`` is the whole object's size).
    /// - Throws: ``S3Error`` (``S3Error/Code/notFound``, ``S3Error/Code/invalidRange``, …),
    ///   what `sink` throws, or `CancellationError`.
    @discardableResult
    public func getObject(
        key: String,
        range: ClosedRange<Int64>? = nil,
        into sink: (UnsafeRawBufferPointer) async throws -> Void
    ) async throws -> S3ObjectInfo {
        let full = try fullKey(key)
        var headers = HTTPHeaders()
        if let range {
            guard range.lowerBound >= 0 else {
                throw S3Error(code: .invalidRange, message: "a byte range cannot start before 0", key: key)
            }
            headers["Range"] = "bytes=\(range.lowerBound)-\(range.upperBound)"
        }
        let request = request(.get, fullKey: full, headers: headers)
        var delivered = false
        // Bytes already handed to the sink cannot be taken back: no retry once there are some.
        return try await withRetries(operation: "GetObject", key: key, while: { !delivered }) {
            let response: HTTPResponse
            do {
                response = try await http.stream(request) { chunk in
                    delivered = true
                    try await sink(chunk)
                }
            } catch let error as TransferError {
                throw Self.error(from: error, key: key)
            }
            logger.debug("S3 request", metadata: ["s3.method": "GET", "s3.key": "\(key)", "s3.status": "\(response.status)"])
            guard response.isSuccess else { throw Self.error(from: response, key: key) }
            if let range {
                let contentRange = response.headers["Content-Range"] ?? ""
                guard response.status == 206, contentRange.hasPrefix("bytes \(range.lowerBound)-") else {
                    throw S3Error(
                        code: .malformedResponse,
                        message: "asked for bytes \(range.lowerBound)-\(range.upperBound) but got HTTP \(response.status) '\(contentRange)'",
                        status: response.status, key: key
                    )
                }
            }
            return S3ObjectInfo(key: key, headers: response.headers)
        }
    }

    /// Reads a small object (or a range of one) into memory.
    ///
    /// - Throws: ``S3Error``; ``S3Error/Code/malformedResponse`` when the body is larger than the
    ///   HTTP client's ``HTTPClient/Configuration/maximumResponseBodySize``.
    public func getObject(key: String, range: ClosedRange<Int64>? = nil) async throws -> [UInt8] {
        let full = try fullKey(key)
        var headers = HTTPHeaders()
        if let range { headers["Range"] = "bytes=\(range.lowerBound)-\(range.upperBound)" }
        let response = try await perform(request(.get, fullKey: full, headers: headers), operation: "GetObject", key: key)
        return response.body
    }

    // MARK: - PUT of bytes

    /// Stores `bytes` as an object in one request.
    ///
    /// The body is signed by its SHA-256 (the server rejects bytes that do not match),
    /// carries `Content-MD5` and, when configured, `x-amz-checksum-sha256`; the SHA-256 is kept
    /// as `x-amz-meta-sha256`. The object appears whole or not at all.
    ///
    /// - Parameters:
    ///   - key: The key, relative to the configured prefix.
    ///   - bytes: The content (in memory; use ``putObject(key:file:sha256:contentType:metadata:)`` for files).
    ///   - contentType: Stored as the object's `Content-Type`.
    ///   - metadata: Extra `x-amz-meta-*` values (names: lowercase letters, digits and `-`).
    /// - Returns: The new object's ETag, size and SHA-256.
    /// - Throws: ``S3Error``.
    @discardableResult
    public func putObject(
        key: String,
        bytes: [UInt8],
        contentType: String = "application/octet-stream",
        metadata: [String: String] = [:]
    ) async throws -> S3PutResult {
        let full = try fullKey(key)
        let sha256 = Array(SHA256.hash(data: bytes))
        let md5 = Array(Insecure.MD5.hash(data: bytes))
        var headers = try uploadHeaders(contentType: contentType, metadata: metadata, sha256: sha256)
        headers["Content-MD5"] = Data(md5).base64EncodedString()
        if configuration.sendsChecksumHeader { headers["x-amz-checksum-sha256"] = Data(sha256).base64EncodedString() }
        var request = request(.put, fullKey: full, headers: headers, payloadHash: payloadHash(sha256))
        request.body = HTTPBody(bytes: bytes, contentType: contentType)
        let response = try await perform(request, operation: "PutObject", key: key)
        let etag = S3ObjectInfo.unquote(response.headers["ETag"] ?? "")
        try verifyETag(etag, expected: Hex.encode(md5), key: key)
        return S3PutResult(key: key, etag: etag, size: Int64(bytes.count), sha256: Hex.encode(sha256), partCount: 0)
    }

    // MARK: - DELETE

    /// Deletes an object. Deleting a key that does not exist succeeds (S3 answers 204 either way).
    ///
    /// - Throws: ``S3Error`` (``S3Error/Code/noSuchBucket``, ``S3Error/Code/accessDenied``, …).
    public func deleteObject(key: String) async throws {
        let full = try fullKey(key)
        _ = try await perform(request(.delete, fullKey: full), operation: "DeleteObject", key: key)
    }

    // MARK: - Buckets

    /// Creates the configured bucket (for set-up and tests). An existing bucket owned by the
    /// same account is not an error.
    ///
    /// - Throws: ``S3Error`` (`BucketAlreadyExists` when another account owns the name).
    public func createBucket() async throws {
        var request = request(.put, fullKey: nil)
        if configuration.region != "us-east-1" {
            let body = Array(
                ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>").utf8
            )
            request.headers["x-amz-content-sha256"] = Hex.encode(SHA256.hash(data: body))
            request.body = HTTPBody(bytes: body, contentType: "application/xml")
        } else {
            request.body = HTTPBody(bytes: [], contentType: "application/xml")
        }
        do {
            _ = try await perform(request, operation: "CreateBucket", key: nil)
        } catch let error as S3Error where error.serverCode == "BucketAlreadyOwnedByYou" {
            return
        }
    }

    // MARK: - Presigned URLs

    /// A URL that lets anyone holding it `GET` the object (with `Range`, for players) until it expires.
    ///
    /// Signed in Swift with the query-string form of SigV4 (see ``S3Client``: the one signature
    /// libcurl cannot make). Treat the URL as a secret until it expires: it is never logged here.
    ///
    /// - Parameters:
    ///   - key: The key, relative to the configured prefix.
    ///   - expiresIn: 1 second to 7 days.
    ///   - now: The signing time (for tests and clock-skew corrections).
    /// - Throws: ``S3Error/Code/invalidRequest`` for an invalid key or lifetime.
    public func presignedGetURL(key: String, expiresIn: Duration, now: Date = Date()) throws(S3Error) -> String {
        let full = try fullKey(key)
        let seconds = Int(expiresIn.components.seconds)
        guard (1...604_800).contains(seconds) else {
            throw S3Error(code: .invalidRequest, message: "a presigned URL must expire within 1 second to 7 days", key: key)
        }
        return S3Presigner(builder: builder).presignedGET(fullKey: full, expires: seconds, time: Int64(now.timeIntervalSince1970))
    }

    // MARK: - Helpers

    /// `x-amz-content-sha256` for a body with this digest, per ``S3Configuration/payloadSigning``.
    func payloadHash(_ sha256: [UInt8]) -> String {
        configuration.payloadSigning == .signed ? Hex.encode(sha256) : "UNSIGNED-PAYLOAD"
    }

    /// `Content-Type`, `x-amz-meta-sha256` and the caller's metadata.
    func uploadHeaders(contentType: String, metadata: [String: String], sha256: [UInt8]) throws(S3Error) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Content-Type": contentType]
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            let lowered = name.lowercased()
            guard !lowered.isEmpty, lowered != "sha256",
                lowered.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }),
                value.utf8.allSatisfy({ $0 >= 32 && $0 < 127 })
            else {
                throw S3Error(
                    code: .invalidRequest,
                    message: "metadata name '\(name)' must use a-z, 0-9 and '-' (not 'sha256') and its value printable ASCII"
                )
            }
            headers["x-amz-meta-\(lowered)"] = value
        }
        headers["x-amz-meta-sha256"] = Hex.encode(sha256)
        return headers
    }

    /// Throws ``S3Error/Code/checksumMismatch`` when ETags are verified and `etag` differs from `expected`.
    func verifyETag(_ etag: String, expected: String, key: String) throws(S3Error) {
        guard configuration.verifiesETags else { return }
        guard etag.lowercased() == expected else {
            throw S3Error(
                code: .checksumMismatch,
                message: "the server's ETag \(etag) differs from the MD5 of the bytes sent (\(expected)); "
                    + "for SSE-KMS or SSE-C buckets turn verifiesETags off",
                key: key
            )
        }
    }
}
