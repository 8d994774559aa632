/// Removes the machine's file paths from text bound for an HTTP response (a stored failure
/// message may name the file it could not write).
///
/// Any run of characters that starts with `/` right after a space, quote, parenthesis or the
/// start of the text and contains another `/` is a path and becomes `…`; URLs (`scheme://`)
/// and API paths that the server itself publishes (`/recordings/…`) are kept.
enum PathScrubber {
    static func scrub(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let previous = index == text.startIndex ? nil : text[text.index(before: index)]
            let startsToken = previous == nil || previous == " " || previous == "\"" || previous == "'" || previous == "("
                || previous == "="
            if character == "/", startsToken {
                var end = index
                while end < text.endIndex, !" \"'),;".contains(text[end]) { end = text.index(after: end) }
                // A colon or full stop that ends the path belongs to the sentence.
                while end > index, ":.".contains(text[text.index(before: end)]) { end = text.index(before: end) }
                let token = text[index..<end]
                if token.dropFirst().contains("/"), !token.hasPrefix("/recordings/"), !token.hasPrefix("/restapi/") {
                    output += "…"
                    index = end
                    continue
                }
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }
}
