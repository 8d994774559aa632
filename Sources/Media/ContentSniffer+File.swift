public import Essentials

extension ContentSniffer {
    /// Sniffs a file on disk.
    /// - Throws: ``MediaError`` `.ioFailed` when the file cannot be read.
    public static func sniff(path: String) throws -> Verdict {
        guard let verdict = sniff(fileAt: path) else {
            throw MediaError(code: .ioFailed, message: "cannot open \(path) for reading")
        }
        return verdict
    }
}
