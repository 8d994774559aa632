public import Archive
import Foundation
public import S3

/// The archive in an S3-compatible object store (AWS S3, MinIO, Ceph RGW): each key of the
/// layout (`recordings/2025/01/06/…_recording_1662272004.mp3`) is an object under the
/// configured `s3://bucket/prefix`.
///
/// A put is one verified upload (``S3Client/putObject(key:file:sha256:contentType:metadata:)``):
/// the file is checked against the SHA-256 the archive computed, sent in one request or, above
/// the client's multipart threshold, in parts, each body signed by its SHA-256 and checked by its
/// MD5; the object appears only when the upload completes, so a key is whole or absent, as in the
/// local tree. The SHA-256 is stored with the object, so ``sha256(of:)`` needs no download. Reads
/// pass their byte range to `GET`; listings follow continuation tokens.
///
/// Errors are ``ArchiveError``s: `.notFound` for a missing object on read, `.ioFailed` for every
/// failure of the store (the pipeline retries those), with the store's message and no secret.
///
/// ```swift
/// let storage = S3ArchiveStorage(client: S3Client(configuration: try S3Configuration(environment: env), httpClient: http))
/// try await storage.put(localFile: staged, key: "recordings/2025/01/06/a.mp3", sha256: digest)
/// ```
public struct S3ArchiveStorage: ArchiveStorage {
    /// The client, with the bucket and prefix.
    public let client: S3Client

    /// Storage in the client's bucket, under its prefix.
    public init(client: S3Client) {
        self.client = client
    }

    /// `s3://bucket/prefix`.
    public var location: String {
        let prefix = client.configuration.prefix
        return "s3://\(client.configuration.bucket)/" + (prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix)
    }

    public func put(localFile path: String, key: String, sha256: String) async throws {
        try await mapped(key) {
            _ = try await client.putObject(key: key, file: path, sha256: sha256, contentType: Self.contentType(of: key))
        }
        unlink(path)
    }

    public func put(data: [UInt8], key: String) async throws {
        try await mapped(key) {
            _ = try await client.putObject(key: key, bytes: data, contentType: Self.contentType(of: key))
        }
    }

    public func size(of key: String) async throws -> Int64? {
        try await mapped(key) { try await client.headObject(key: key)?.size }
    }

    public func sha256(of key: String) async throws -> String? {
        let head = try await mapped(key) { try await client.headObject(key: key) }
        guard let head else { return nil }
        if let stored = head.sha256 { return stored }
        // An object this client did not upload: hash its bytes.
        return try await StorageHash.read(key: key, from: self)
    }

    public func read(key: String, range: ClosedRange<Int64>?, chunk: @Sendable ([UInt8]) async throws -> Void) async throws {
        try await mapped(key) {
            _ = try await client.getObject(key: key, range: range) { buffer in try await chunk(Array(buffer)) }
        }
    }

    public func list(prefix: String) async throws -> [String] {
        let folder = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        return try await mapped(nil) { try await client.listAllObjects(prefix: folder).map(\.key).sorted() }
    }

    public func delete(key: String) async throws {
        try await mapped(key) { try await client.deleteObject(key: key) }
    }

    public func localPath(of key: String) -> String? { nil }

    public func temporaryURL(of key: String, validFor seconds: Int) throws -> String? {
        do {
            return try client.presignedGetURL(key: key, expiresIn: .seconds(seconds))
        } catch {
            throw ArchiveError(.invalidArgument, "no link for \(key): \(error.message)")
        }
    }

    /// Whether the bucket answers a listing with these credentials.
    /// - Throws: ``ArchiveError`` `.ioFailed` saying what the store answered.
    public func checkReachable() async throws {
        try await mapped(nil) { _ = try await client.listObjects(prefix: "", maximumKeys: 1) }
    }

    /// `audio/mpeg`, `audio/wav`, `application/json` or `application/octet-stream`, by extension.
    static func contentType(of key: String) -> String {
        switch (key as NSString).pathExtension.lowercased() {
        case "mp3": return "audio/mpeg"
        case "wav": return "audio/wav"
        case "json": return "application/json"
        default: return "application/octet-stream"
        }
    }

    /// Runs `body`, turning ``S3Error``s into ``ArchiveError``s.
    private func mapped<T>(_ key: String?, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as S3Error {
            throw Self.archiveError(error, key: key, location: location)
        }
    }

    /// The archive's view of a store failure.
    static func archiveError(_ error: S3Error, key: String?, location: String) -> ArchiveError {
        let subject = key.map { "\(location)/\($0)" } ?? location
        switch error.code {
        case .notFound:
            return ArchiveError(.notFound, "\(subject) does not exist")
        case .checksumMismatch where error.status == nil:
            return ArchiveError(.checksumMismatch, "\(subject): \(error.message)")
        case .invalidRequest where error.status == nil:
            return ArchiveError(.invalidArgument, "\(subject): \(error.message)")
        default:
            var detail = "\(error.code)"
            if let status = error.status { detail += ", HTTP \(status)" }
            if let server = error.serverCode { detail += ", \(server)" }
            return ArchiveError(.ioFailed, "the object store failed for \(subject) (\(detail)): \(error.message)")
        }
    }
}
