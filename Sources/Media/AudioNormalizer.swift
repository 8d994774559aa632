import Essentials
import Foundation
public import Logging

/// Normalizes a downloaded recording into the archive's storage format.
///
/// Under ``NormalizationPolicy/mp3`` a clean MP3 is copied byte-for-byte ("kept"); WAV input and
/// damaged-but-decodable MP3 are decoded and encoded with libmp3lame at a speech bit rate, keeping
/// channels and sample rate (never upsampled; resampled down only when LAME cannot take the
/// rate). ``NormalizationPolicy/wav`` writes PCM s16le WAV, ``NormalizationPolicy/original``
/// copies and verifies. WAV input whose RIFF/data sizes are 0 or 0xFFFFFFFF is read to the end
/// of the data present.
///
/// An optional loudness target applies one linear gain computed from a first measuring pass
/// (BS.1770 integrated loudness), limited so the sample peak stays under the ceiling.
///
/// The output is written to the destination path the caller gives and fsynced; the caller
/// renames it into place.
///
/// ```swift
/// let record = try await AudioNormalizer().normalize(
///     source: "/storage/tmp/1662272010.part", destination: "/storage/tmp/1662272010.mp3.tmp",
///     options: NormalizationOptions(policy: .mp3, expectations: ValidationExpectations(durationSeconds: 61)))
/// print(record.action, record.outputExtension, record.after.decode.decodedSeconds)
/// ```
public struct AudioNormalizer: Sendable {
    /// Where the media layer logs.
    public var logger: Logger

    /// Creates a normalizer.
    public init(logger: Logger = Logger(label: "callvault.media")) {
        self.logger = logger
        FFmpegLogging.install()
    }

    /// Normalizes `source` into `destination`.
    /// - Parameters:
    ///   - source: The downloaded file (read only).
    ///   - destination: Where to write the result; overwritten; fsynced before returning.
    ///   - options: Policy, loudness target, expectations.
    /// - Returns: What was done, with before/after analyses.
    /// - Throws: ``MediaError`` `.notAudio` (message from ``NonAudioContent``), `.decodeFailed`
    ///   when nothing could be decoded, other ``MediaError``s from FFmpeg, or `CancellationError`.
    public func normalize(source: String, destination: String, options: NormalizationOptions = NormalizationOptions()) async throws
        -> NormalizationRecord
    {
        let record = try await BlockingExecutor.shared.run { flag in
            do {
                return try Self.normalizeBlocking(source: source, destination: destination, options: options, cancellation: flag)
            } catch {
                try? FileManager.default.removeItem(atPath: destination)
                throw error
            }
        }
        logger.info(
            "media normalized",
            metadata: [
                "source": "\(source)", "action": "\(record.action.rawValue)", "policy": "\(options.policy.rawValue)",
                "summary": "\(record.summary)",
            ])
        return record
    }

    // MARK: - Blocking implementation (media queue)

    static func normalizeBlocking(
        source: String, destination: String, options: NormalizationOptions, cancellation: CancellationFlag
    ) throws -> NormalizationRecord {
        try MediaProbe.requireAudio(path: source)
        let decoder: AudioDecoder
        do {
            decoder = try AudioDecoder(path: source, cancellation: cancellation)
        } catch let error as MediaError {
            throw MediaError(code: .decodeFailed, message: "cannot normalize \(source): \(error.message)", ffmpegCode: error.ffmpegCode)
        }
        let probe = decoder.probe
        let wantsGain = options.loudnessTarget != nil
        let target = outputFormat(for: probe, options: options)

        // Decide whether the input must be analysed before choosing what to do.
        let mayKeep: Bool
        switch options.policy {
        case .original: mayKeep = true
        case .mp3: mayKeep = !wantsGain && probe.formatName == "mp3" && probe.codecName == "mp3"
        case .wav: mayKeep = !wantsGain && probe.formatName == "wav" && probe.codecName == "pcm_s16le" && !probe.hasStreamingHeader
        }

        if mayKeep || wantsGain {
            let report = try decoder.decodeAll()
            let before = MediaAnalysis(probe: probe, decode: report)
            let issues = MediaValidator.issues(in: before, expectations: options.expectations)
            guard report.samples > 0 || options.policy == .original else {
                throw MediaError(code: .decodeFailed, message: "nothing in \(source) could be decoded: \(issues.map(\.message))")
            }
            if options.policy == .original || (mayKeep && issues.isEmpty) {
                try copyFile(from: source, to: destination, cancellation: cancellation)
                let codes = issues.map(\.code.description).joined(separator: ", ")
                let summary = options.policy == .original
                    ? "kept: original bytes stored unchanged" + (issues.isEmpty ? "" : " (input has issues: \(codes))")
                    : "kept: clean \(probe.formatName.uppercased()) stored byte-for-byte"
                return NormalizationRecord(
                    action: .kept, policy: options.policy, outputFormat: nil, outputExtension: fileExtension(forFormat: probe.formatName),
                    before: before, inputIssues: issues, after: before, outputIssues: issues, appliedGainDB: 0, gainLimitedByPeak: false,
                    resampled: false, summary: summary)
            }
            // Second pass: re-open and encode with the gain from the measurement.
            var gainDB = 0.0
            var limited = false
            if let goal = options.loudnessTarget, let measured = report.loudness.integratedLUFS {
                gainDB = goal - measured
                let headroom = options.peakCeilingDBFS - report.loudness.samplePeakDBFS
                if report.loudness.samplePeak > 0, gainDB > headroom {
                    gainDB = headroom
                    limited = true
                }
            }
            let encoder = try AudioDecoder(path: source, cancellation: cancellation)
            let (_, resampled) = try encode(
                decoder: encoder, to: destination, format: target, gain: Float(pow(10, gainDB / 20)), cancellation: cancellation)
            return try finishRecord(
                before: before, issues: issues, destination: destination, format: target, gainDB: gainDB, limited: limited,
                resampled: resampled, options: options, cancellation: cancellation)
        }

        // Single pass: analyse the input while encoding it.
        let (report, resampled) = try encode(decoder: decoder, to: destination, format: target, gain: 1, cancellation: cancellation)
        let before = MediaAnalysis(probe: probe, decode: report)
        let issues = MediaValidator.issues(in: before, expectations: options.expectations)
        guard report.samples > 0 else {
            throw MediaError(code: .decodeFailed, message: "nothing in \(source) could be decoded: \(issues.map(\.message))")
        }
        return try finishRecord(
            before: before, issues: issues, destination: destination, format: target, gainDB: 0, limited: false,
            resampled: resampled, options: options, cancellation: cancellation)
    }

    /// A file extension for a libavformat demuxer name (`mp3`, `wav`, `mov,mp4,m4a,…` → `m4a`).
    static func fileExtension(forFormat name: String) -> String {
        if name.contains("mp4") { return "m4a" }
        return String(name.split(separator: ",").first ?? Substring(name))
    }

    private static func outputFormat(for probe: ProbeResult, options: NormalizationOptions) -> AudioFileFormat {
        switch options.policy {
        case .wav: return .wavPCM16
        case .mp3, .original:
            let channels = min(probe.channels, 2)
            return .mp3(bitRate: options.mp3BitRate ?? AudioFileFormat.speechMP3BitRate(sampleRate: probe.sampleRate, channels: channels))
        }
    }

    private static func encode(
        decoder: AudioDecoder, to destination: String, format: AudioFileFormat, gain: Float, cancellation: CancellationFlag
    ) throws -> (DecodeReport, Bool) {
        let probe = decoder.probe
        if case .mp3 = format, probe.channels > 2 {
            throw MediaError(code: .unsupported, message: "MP3 output supports 1 or 2 channels; input has \(probe.channels)")
        }
        let writer = try AudioFileWriter(
            path: destination, format: format, sampleRate: probe.sampleRate, channels: probe.channels, cancellation: cancellation)
        writer.gain = gain
        let report = try decoder.decodeAll { planes in try writer.write(planes) }
        try writer.finish()
        return (report, writer.outputSampleRate != probe.sampleRate)
    }

    private static func finishRecord(
        before: MediaAnalysis, issues: [ValidationIssue], destination: String, format: AudioFileFormat, gainDB: Double,
        limited: Bool, resampled: Bool, options: NormalizationOptions, cancellation: CancellationFlag
    ) throws -> NormalizationRecord {
        let after = options.verifyOutput ? try MediaProbe.analyzeBlocking(path: destination, cancellation: cancellation) : before
        let outputIssues = options.verifyOutput ? MediaValidator.issues(in: after, expectations: ValidationExpectations()) : []
        let action: NormalizationRecord.Action = issues.isEmpty ? .transcoded : .repaired
        var summary = "\(action.rawValue): \(before.probe.formatName)/\(before.probe.codecName) → \(format.fileExtension)"
        if case .mp3(let bitRate) = format { summary += " \(bitRate / 1000) kbit/s" }
        if !issues.isEmpty { summary += " (input: \(issues.map(\.message).joined(separator: "; ")))" }
        if gainDB != 0 {
            summary += ", gain " + String(format: "%+.2f", gainDB) + " dB" + (limited ? " (limited by peak ceiling)" : "")
        }
        if resampled { summary += ", resampled to \(after.probe.sampleRate) Hz" }
        return NormalizationRecord(
            action: action, policy: options.policy, outputFormat: format, outputExtension: format.fileExtension, before: before,
            inputIssues: issues, after: after, outputIssues: outputIssues, appliedGainDB: gainDB, gainLimitedByPeak: limited,
            resampled: resampled, summary: summary)
    }

    /// Copies bytes unchanged, polling cancellation, then fsyncs the copy.
    static func copyFile(from source: String, to destination: String, cancellation: CancellationFlag) throws {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw MediaError(code: .ioFailed, message: "cannot open \(source)")
        }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: destination, contents: nil) else {
            throw MediaError(code: .ioFailed, message: "cannot create \(destination)")
        }
        guard let output = FileHandle(forWritingAtPath: destination) else {
            throw MediaError(code: .ioFailed, message: "cannot open \(destination) for writing")
        }
        defer { try? output.close() }
        do {
            while true {
                try cancellation.check()
                guard let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
                try output.write(contentsOf: chunk)
            }
            try output.synchronize()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw MediaError(code: .ioFailed, message: "copying \(source) to \(destination) failed: \(error)")
        }
    }
}
