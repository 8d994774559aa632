/// A phone number filter as a person writes it, reduced to digits and what they stand for.
///
/// Numbers are stored as their E.164 digits without the `+` (`16505551212`). What was typed
/// decides how those digits are compared:
///
/// | typed | digits | matches numbers that |
/// |---|---|---|
/// | `+1 650 555 1212`, `00 1 650 555 1212` | `16505551212` | are exactly that number (``Kind/whole``) |
/// | `+1 650*`, `0044*` | `1650`, `44` | start with those digits: a country or area (``Kind/leading``) |
/// | `(650) 555-1212`, `650.555.1212`, `5551212`, `1212` | as typed | end with those digits (``Kind/trailing``) |
/// | `020 7946 0958` | `2079460958` | end with them: the national trunk `0` of a whole number (8 digits or more) is dropped |
///
/// A leading `+` or `00` marks an international number; without it the digits are the end of
/// a number written nationally or in part, which is what people remember. Digits of any script
/// count (`٦٥٠` is `650`); everything else (spaces, dashes, dots, parentheses, letters) is
/// ignored, and a `*` means "starts with" only after an international prefix.
public struct PhonePattern: Sendable, Equatable, Hashable {
    /// How the digits are compared with a stored number.
    public enum Kind: String, Sendable, Equatable, Hashable {
        /// The stored number equals the digits.
        case whole
        /// The stored number starts with the digits.
        case leading
        /// The stored number ends with the digits.
        case trailing
    }

    /// ASCII digits, never empty.
    public var digits: String
    /// How they are compared.
    public var kind: Kind

    /// Creates a pattern.
    public init(digits: String, kind: Kind) {
        self.digits = digits
        self.kind = kind
    }

    /// The pattern a person meant, or `nil` when the text has no digits.
    public static func parse(_ text: String) -> PhonePattern? {
        let scalars = text.unicodeScalars.filter { !$0.properties.isWhitespace }
        var digits = String(
            String.UnicodeScalarView(
                scalars.compactMap { scalar -> Unicode.Scalar? in
                    guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
                        (0...9).contains(value)
                    else { return nil }
                    return Unicode.Scalar(UInt8(48 + Int(value)))
                }))
        guard !digits.isEmpty else { return nil }
        let plus = scalars.first == "+" || scalars.first == "\u{FF0B}"
        let doubleZero = !plus && digits.hasPrefix("00") && scalars.first.map(isDigit) == true
        if doubleZero { digits.removeFirst(2) }
        if plus || doubleZero {
            guard !digits.isEmpty else { return nil }
            return PhonePattern(digits: digits, kind: scalars.last == "*" ? .leading : .whole)
        }
        if digits.count >= 8, digits.hasPrefix("0") { digits.removeFirst() }
        return PhonePattern(digits: digits, kind: .trailing)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal
    }
}
