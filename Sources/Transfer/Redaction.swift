/// Removes secrets from URLs, header values and free text before they are logged,
/// printed or put into an error.
///
/// Redaction is by name: query parameters such as `access_token`, `refresh_token`,
/// `client_secret`, `password`, `jwt` or `assertion` get the value `REDACTED`;
/// `user:password@` in a URL becomes `REDACTED@`; the values of `Authorization`,
/// `Proxy-Authorization`, `Cookie` and `Set-Cookie` headers become `REDACTED`; in free
/// text, `name=value` pairs for those names and `Bearer <token>` / `Basic <token>` are
/// replaced too.
///
/// ```swift
/// Redaction.redactURL("https://x/y?access_token=abc&page=2")
/// // "https://x/y?access_token=REDACTED&page=2"
/// ```
public enum Redaction {
    /// The replacement text.
    public static let placeholder = "REDACTED"

    /// Query parameter names (lowercase) whose values are secrets.
    public static let secretParameterNames: Set<String> = [
        "access_token", "refresh_token", "id_token", "token", "client_secret", "password",
        "jwt", "assertion", "code", "api_key", "apikey", "secret", "signature", "sig",
        "validation-token", "verification-token", "x-amz-signature", "x-amz-security-token", "x-amz-credential",
    ]

    /// Header names (lowercase) whose values are secrets.
    public static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
        "validation-token", "verification-token", "x-amz-security-token",
    ]

    /// Returns `url` with secret query parameters, the fragment's secret parameters and any
    /// `user:password@` replaced by ``placeholder``.
    public static func redactURL(_ url: String) -> String {
        var result = url
        // userinfo: scheme://user:pass@host/...
        if let schemeEnd = result.firstRange(of: "://") {
            let authorityStart = schemeEnd.upperBound
            let afterScheme = result[authorityStart...]
            let isDelimiter: (Character) -> Bool = { $0 == "/" || $0 == "?" || $0 == "#" }
            let authorityEnd = afterScheme.firstIndex(where: isDelimiter) ?? afterScheme.endIndex
            if let at = result[authorityStart..<authorityEnd].lastIndex(of: "@") {
                result.replaceSubrange(authorityStart..<at, with: placeholder)
            }
        }
        guard let queryStart = result.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return result }
        let head = result[..<queryStart]
        var tail = ""
        var current = ""
        func flush() {
            tail += redactPair(current)
            current = ""
        }
        for character in result[queryStart...] {
            if character == "?" || character == "&" || character == "#" || character == ";" {
                flush()
                tail.append(character)
            } else {
                current.append(character)
            }
        }
        flush()
        return head + tail
    }

    /// Returns ``placeholder`` for a secret header (by name, case-insensitively), else `value`.
    public static func redactHeaderValue(name: String, value: String) -> String {
        secretHeaderNames.contains(name.lowercased()) ? placeholder : value
    }

    /// Redacts secrets that appear in arbitrary text: `name=value` pairs for
    /// ``secretParameterNames``, `name: value` and JSON `"name": "value"` for the same names
    /// (except `code`, too common in error bodies), and `Bearer …` / `Basic …` credentials.
    public static func redactSecrets(in text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var token = ""
        var redactNext = false
        func flush() {
            defer { token = "" }
            guard !token.isEmpty else { return }
            if redactNext && token != ":" {
                output += placeholder
                redactNext = false
                return
            }
            let lowered = token.lowercased()
            var bare = Substring(lowered)
            while bare.last == ":" { bare.removeLast() }
            if !token.contains("="), lowered == "bearer" || lowered == "basic" || freeTextSecretNames.contains(String(bare)) {
                redactNext = true
            }
            output += redactPair(token)
        }
        for character in text {
            if character == " " || character == "&" || character == "?" || character == "," || character == "\""
                || character == "'" || character == "\n" || character == "#" || character == ";" || character == "("
                || character == ")" || character == "<" || character == ">" || character == "{" || character == "}"
            {
                flush()
                output.append(character)
            } else {
                token.append(character)
            }
        }
        flush()
        return output
    }

    /// Names whose values are redacted in free text (`code` is left out: error bodies use it).
    private static let freeTextSecretNames: Set<String> = secretParameterNames.subtracting(["code"])

    /// `name=value` → `name=REDACTED` when `name` is secret; anything else unchanged.
    private static func redactPair(_ pair: String) -> String {
        guard let equals = pair.firstIndex(of: "=") else { return pair }
        let name = pair[..<equals]
        // Tolerate a prefix such as `url:` or a JSON-ish `{` before the name.
        let bareName = name.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }).last ?? name[...]
        guard secretParameterNames.contains(bareName.lowercased()) else { return pair }
        return String(pair[...equals]) + placeholder
    }
}
