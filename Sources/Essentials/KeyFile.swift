import Foundation

/// A secret kept in a file only its owner can read (mode 0600), created once, safely when several
/// processes start at the same moment.
///
/// The first process writes a new random secret to a private temporary file, fsyncs it and
/// `link(2)`s it into place, which fails if the file already exists; every other process then reads
/// the winner's complete file. A half-written key file can therefore never be read.
public enum KeyFile {
    /// An error reading or creating a key file.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong and what to do; names the file, never the secret.
        public var message: String
        public var description: String { message }
    }

    /// The secret in `path` (base64 text of `byteCount` random bytes), created when missing.
    /// - Throws: ``Failure`` when the file cannot be read or created.
    public static func loadOrCreate(path: String, byteCount: Int = 32) throws -> [UInt8] {
        if let existing = try read(path, byteCount: byteCount) { return existing }
        var bytes = [UInt8](repeating: 0, count: byteCount)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let text = Data(bytes).base64EncodedString() + "\n"
        let temporary = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure(message: "cannot create the key file \(path) (\(String(cString: strerror(errno))))")
        }
        defer { unlink(temporary) }
        let written = text.withCString { write(descriptor, $0, strlen($0)) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == text.utf8.count, synced else {
            throw Failure(message: "cannot write the key file \(path) (\(String(cString: strerror(errno))))")
        }
        if link(temporary, path) == 0 { return bytes }
        guard errno == EEXIST, let winner = try read(path, byteCount: byteCount) else {
            throw Failure(message: "cannot create the key file \(path) (\(String(cString: strerror(errno))))")
        }
        return winner
    }

    private static func read(_ path: String, byteCount: Int) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(message: "cannot read the key file \(path); make it readable by this user")
        }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == byteCount else {
            throw Failure(message: "the key file \(path) is not \(byteCount) base64 bytes; restore it from a backup or remove it")
        }
        chmod(path, 0o600)
        return [UInt8](bytes)
    }
}
