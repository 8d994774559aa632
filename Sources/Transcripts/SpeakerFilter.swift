/// Who must have said a matching segment: the account's own people, the other party, or a
/// named speaker.
public enum SpeakerFilter: Sendable, Equatable, Hashable {
    /// `agent` (a speaker who is an extension of the account) or `customer` (one who is not).
    case role(String)
    /// Every one of these name tokens must be in the speaker's name (whole words, in any order,
    /// regardless of case and accents): `grace` finds "Grace Kim", `kim grace` too.
    case name([String])

    /// The most name tokens kept.
    public static let maximumNameTokens = 8

    /// The filter a person meant: `agent` and `customer` (any case) are roles, anything else a
    /// name; `nil` when the text has no letters or digits.
    public static func parse(_ text: String) -> SpeakerFilter? {
        let tokens = SearchQuery.tokenize(text)
        if tokens == ["agent"] || tokens == ["customer"] { return .role(tokens[0]) }
        return tokens.isEmpty ? nil : .name(Array(tokens.prefix(maximumNameTokens)))
    }
}
