/// The status line and header fields of the response being received, rebuilt from
/// libcurl's header callback.
///
/// libcurl delivers the headers of every response it sees (interim `1xx`, each redirect,
/// then the final one), so a new status line starts a new head.
struct ResponseHead {
    var status = 0
    var httpVersion = "1.1"
    var headers = HTTPHeaders()
    /// Whether the blank line ending the current head was seen.
    var isComplete = false

    /// Feeds one raw header line (including its CRLF).
    mutating func consume(line bytes: UnsafeRawBufferPointer) {
        // Strip the line ending on bytes: "\r\n" is one Character in Swift.
        var end = bytes.count
        while end > 0, bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            self = ResponseHead()
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            if parts.count >= 2 {
                httpVersion = String(parts[0].dropFirst(5))
                status = Int(parts[1]) ?? 0
            }
            return
        }
        if line.isEmpty {
            isComplete = true
            return
        }
        if let first = line.first, first == " " || first == "\t" {
            // obsolete line folding: append to the previous field's value
            guard let previous = headers.popLast() else { return }
            headers.add(name: previous.name, value: previous.value + " " + line.trimmingSpaces())
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingSpaces()
        let value = String(line[line.index(after: colon)...]).trimmingSpaces()
        headers.add(name: name, value: value)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
