import Essentials
public import Logging
import Foundation

/// Decides whether a downloaded recording is a complete, clean audio file.
///
/// A file is ``ValidationResult/valid(_:)`` only when (1) its first bytes look like audio,
/// (2) libavformat opens it and finds an audio stream, (3) a full decode succeeds without decoder
/// errors, (4) the decoded duration matches the header's within one codec frame (20 ms for PCM),
/// (5) it matches the expected duration within 1 s or 2 %, and (6) the byte count equals the
/// expected one. A header probe alone misses a CBR MP3 or μ-law WAV cut in half; step (4)
/// catches both.
///
/// ```swift
/// let result = try await MediaValidator().validate(
///     path: "/tmp/rec.part", expectations: ValidationExpectations(durationSeconds: 61, byteCount: 244_800))
/// switch result {
/// case .valid(let analysis): print(analysis.decode.decodedSeconds)
/// case .damaged(let reasons, _): print(reasons)
/// case .notAudio(let body) where body.isRateLimitBody: print("rate limited, retry later")
/// case .notAudio(let body): print(body.message)
/// }
/// ```
public struct MediaValidator: Sendable {
    /// Where the media layer logs.
    public var logger: Logger

    /// Creates a validator.
    public init(logger: Logger = Logger(label: "callvault.media")) {
        self.logger = logger
        FFmpegLogging.install()
    }

    /// Validates a file.
    /// - Parameters:
    ///   - path: The file.
    ///   - expectations: RingCentral's duration and the download's `Content-Length`, when known.
    /// - Returns: The verdict; damage and non-audio are results, not errors.
    /// - Throws: ``MediaError`` `.ioFailed` when the file cannot be read, or `CancellationError`.
    public func validate(path: String, expectations: ValidationExpectations = ValidationExpectations()) async throws -> ValidationResult {
        let result = try await BlockingExecutor.shared.run { flag in
            try Self.validateBlocking(path: path, expectations: expectations, cancellation: flag)
        }
        switch result {
        case .valid: logger.debug("media valid", metadata: ["path": "\(path)"])
        case .damaged(let reasons, _):
            logger.info("media damaged", metadata: ["path": "\(path)", "reasons": "\(reasons.map(\.description))"])
        case .notAudio(let content): logger.info("not audio", metadata: ["path": "\(path)", "reason": "\(content.message)"])
        }
        return result
    }

    static func validateBlocking(path: String, expectations: ValidationExpectations, cancellation: CancellationFlag) throws -> ValidationResult {
        if case .notAudio(let content) = try ContentSniffer.sniff(path: path) { return .notAudio(content) }
        let analysis: MediaAnalysis
        do {
            analysis = try MediaProbe.analyzeBlocking(path: path, cancellation: cancellation)
        } catch let error as MediaError {
            var reasons = [ValidationIssue(code: .probeFailed, message: error.message)]
            if let size = try? fileSize(path), let expected = expectations.byteCount, expected != size {
                reasons.append(byteCountIssue(actual: size, expected: expected))
            }
            return .damaged(reasons: reasons, analysis: nil)
        }
        let reasons = issues(in: analysis, expectations: expectations)
        return reasons.isEmpty ? .valid(analysis) : .damaged(reasons: reasons, analysis: analysis)
    }

    /// The problems found in an analysis, given the expectations (empty when it is clean).
    /// - Parameters:
    ///   - analysis: A probe plus full decode.
    ///   - expectations: Expected duration and byte count.
    public static func issues(in analysis: MediaAnalysis, expectations: ValidationExpectations) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let decode = analysis.decode
        let decoded = decode.decodedSeconds
        if decode.samples == 0 {
            issues.append(ValidationIssue(code: .nothingDecoded, message: "no audio samples could be decoded"))
        }
        if let error = decode.readError {
            issues.append(ValidationIssue(code: .readError, message: "reading stopped before the end: \(error)"))
        }
        if decode.decodeErrors > 0 {
            issues.append(ValidationIssue(
                code: .decodeErrors,
                message: "\(decode.decodeErrors) decode error(s) in \(decode.packets) packets; first: \(decode.firstError ?? "unknown")"))
        }
        // A duration estimated from the bit rate and file size cannot reveal truncation.
        if let header = analysis.probe.durationSeconds, let promised = analysis.probe.expectedDecodedSeconds,
            analysis.probe.durationSource != .bitRate, decode.samples > 0
        {
            let tolerance = analysis.durationTolerance
            let trim = analysis.probe.gaplessTrimSamples > 0 ? " less \(analysis.probe.gaplessTrimSamples) samples of encoder delay/padding" : ""
            if decoded < promised - tolerance {
                issues.append(ValidationIssue(
                    code: .truncated,
                    message: "decoded \(format(decoded)) s but the header says \(format(header)) s\(trim) "
                        + "(\(format(100 * decoded / promised)) % present)"))
            } else if decoded > promised + tolerance {
                issues.append(ValidationIssue(
                    code: .headerDurationMismatch,
                    message: "decoded \(format(decoded)) s but the header says only \(format(header)) s\(trim)"))
            }
        }
        if let expected = expectations.durationSeconds {
            let tolerance = ValidationExpectations.durationTolerance(for: expected)
            let mismatch = expectations.durationIsUpperBound ? decoded - expected > tolerance : abs(decoded - expected) > tolerance
            if mismatch {
                issues.append(ValidationIssue(
                    code: .expectedDurationMismatch,
                    message: "decoded \(format(decoded)) s but the expected duration is \(format(expected)) s (tolerance \(format(tolerance)) s)"))
            }
        }
        if let expected = expectations.byteCount, expected != analysis.probe.byteCount {
            issues.append(byteCountIssue(actual: analysis.probe.byteCount, expected: expected))
        }
        return issues
    }

    private static func byteCountIssue(actual: Int64, expected: Int64) -> ValidationIssue {
        ValidationIssue(code: .byteCountMismatch, message: "file has \(actual) bytes but Content-Length was \(expected)")
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return "\(rounded)"
    }
}

/// The size of a file in bytes.
func fileSize(_ path: String) throws -> Int64 {
    var info = stat()
    guard stat(path, &info) == 0 else {
        throw MediaError(code: .ioFailed, message: "cannot stat \(path)")
    }
    return Int64(info.st_size)
}
