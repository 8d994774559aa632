import Archive
import Foundation
import Transcripts

/// One recording of `corpus.tsv` (see ``CorpusGenerator``) as the catalog's types.
struct CorpusRecording {
    var call: CallEntry
    var recording: RecordingEntry
    var transcript: Transcript
    var file: TranscriptFile

    /// Every recording of a corpus file, in file order.
    static func read(_ path: String) throws -> [CorpusRecording] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        var recordings: [CorpusRecording] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields[0] == "R" {
                let start = Int64(fields[3])!
                let call = CallEntry(
                    id: fields[2], startTimeMillis: start, durationSeconds: 300, direction: fields[4], fromNumber: fields[5],
                    toNumber: fields[6], result: "Accepted", qualification: "accepted", recordJSON: "{}")
                let recording = RecordingEntry(id: fields[1], callId: fields[2], contentUri: "https://media.example/\(fields[1])")
                let speakers = try decoder.decode([TranscriptSpeaker].self, from: Data(fields[8].utf8))
                let transcript = Transcript(
                    source: .ringsense, versionMillis: start + 86_400_000, language: nil, speakers: speakers, segments: [])
                recordings.append(
                    CorpusRecording(
                        call: call, recording: recording, transcript: transcript,
                        file: TranscriptFile(relativePath: fields[11], bytes: Int64(fields[12])!, sha256: fields[13])))
            } else {
                recordings[recordings.count - 1].transcript.segments.append(
                    TranscriptSegment(speakerId: fields[2], start: Double(fields[5])!, end: Double(fields[6])!, text: fields[7]))
            }
        }
        return recordings
    }
}
