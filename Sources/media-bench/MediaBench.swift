import Foundation
import Media

/// `media-bench`: the in-process side of `scripts/bench/media`.
///
/// ```
/// media-bench synth DIR COUNT SECONDS FORMAT RATE CHANNELS   FORMAT: mp3 | wav | mulaw
/// media-bench probe FILE...                                  header probe of each file
/// media-bench validate FILE...                               full-decode validation of each file
/// media-bench normalize OUTDIR verify|noverify FILE...       WAV → MP3 (mp3 policy)
/// ```
/// Prints one summary line; exits 1 on any failure.
@main
struct MediaBench {
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else { usage() }
        let command = arguments.removeFirst()
        do {
            switch command {
            case "synth": try await synth(arguments)
            case "probe": try await probe(arguments)
            case "validate": try await validate(arguments)
            case "normalize": try await normalize(arguments)
            default: usage()
            }
        } catch {
            FileHandle.standardError.write(Data("media-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: media-bench synth|probe|validate|normalize …\n".utf8))
        exit(2)
    }

    static func synth(_ arguments: [String]) async throws {
        guard arguments.count == 6, let count = Int(arguments[1]), let seconds = Double(arguments[2]),
            let rate = Int(arguments[4]), let channels = Int(arguments[5])
        else { usage() }
        let format: AudioFileFormat
        switch arguments[3] {
        case "mp3": format = .mp3(bitRate: AudioFileFormat.speechMP3BitRate(sampleRate: rate, channels: channels))
        case "wav": format = .wavPCM16
        case "mulaw": format = .wavMuLaw
        default: usage()
        }
        try FileManager.default.createDirectory(atPath: arguments[0], withIntermediateDirectories: true)
        for index in 0..<count {
            let synth = AudioSynthesizer(durationSeconds: seconds, sampleRate: rate, channels: channels, seed: UInt64(index + 1))
            try await synth.write(format, to: "\(arguments[0])/f\(String(format: "%05d", index)).\(format.fileExtension)")
        }
        print("synthesized \(count) files")
    }

    static func probe(_ files: [String]) async throws {
        let probe = MediaProbe()
        var seconds = 0.0
        for file in files { seconds += try await probe.probe(path: file).durationSeconds ?? 0 }
        print("probed \(files.count) files, \(Int(seconds)) s of audio")
    }

    static func validate(_ files: [String]) async throws {
        let validator = MediaValidator()
        var valid = 0
        for file in files where try await validator.validate(path: file).isValid { valid += 1 }
        print("validated \(files.count) files, \(valid) valid")
        if valid != files.count { exit(1) }
    }

    static func normalize(_ arguments: [String]) async throws {
        guard arguments.count >= 3 else { usage() }
        let outDir = arguments[0]
        let options = NormalizationOptions(policy: .mp3, verifyOutput: arguments[1] == "verify")
        let normalizer = AudioNormalizer()
        for file in arguments.dropFirst(2) {
            let name = (file as NSString).lastPathComponent
            _ = try await normalizer.normalize(source: file, destination: "\(outDir)/\(name).mp3", options: options)
        }
        print("normalized \(arguments.count - 2) files")
    }
}
