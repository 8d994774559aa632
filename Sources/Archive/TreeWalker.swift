import Foundation

/// Lists regular files under `recordings/`, as paths relative to home, sorted.
enum TreeWalker {
    static func files(layout: ArchiveLayout) throws -> [String] {
        let root = layout.recordingsDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            return []
        }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw ArchiveError(.ioFailed, "cannot list \(root)")
        }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let full = root + "/" + relative
            var info = stat()
            guard lstat(full, &info) == 0, (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFREG) else { continue }
            result.append(ArchiveLayout.recordingsFolder + "/" + relative)
        }
        return result.sorted()
    }

    /// Transcripts (`{stem}.transcript.json`) are another module's files.
    static func isTranscript(_ path: String) -> Bool { path.hasSuffix(".transcript.json") }

    /// A recording sidecar: `{stem}.json` that is not a transcript.
    static func isSidecar(_ path: String) -> Bool {
        path.hasSuffix(".json") && !isTranscript(path) && (path as NSString).lastPathComponent.contains("_recording_")
    }
}
