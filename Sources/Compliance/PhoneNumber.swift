import Foundation

/// Phone numbers in E.164 form (`+16505550100`), however they were written.
///
/// `+1 (650) 555-0100`, `16505550100`, `650-555-0100`, `tel:+1-650-555-0100` and
/// `011 1 650 555 0100` are all `+16505550100` with the default country `US`. Separators
/// (spaces, dashes, dots, slashes, parentheses) are ignored; a leading `+`, the country's
/// international prefix or `00` starts an international number; anything else is national: the
/// trunk prefix is dropped and the calling code added.
public enum PhoneNumber {
    /// The E.164 form of `text`.
    /// - Parameter country: The country of national numbers.
    /// - Throws: ``ComplianceError`` `.invalidArgument` when `text` is not a phone number.
    public static func e164(_ text: String, country: PhoneCountry = .us) throws -> String {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if body.lowercased().hasPrefix("tel:") { body = body.dropFirst(4) }
        var international = false
        if body.hasPrefix("+") {
            international = true
            body = body.dropFirst()
        }
        var digits = ""
        for character in body {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" -./()\u{00A0}".contains(character) {
                throw invalid(text, "it has the character \"\(character)\"")
            }
        }
        guard !digits.isEmpty else { throw invalid(text, "it has no digits") }
        if !international {
            for prefix in [country.internationalPrefix, "00"] where !prefix.isEmpty && digits.hasPrefix(prefix) {
                digits.removeFirst(prefix.count)
                international = true
                break
            }
        }
        if !international {
            var national = digits
            if !country.trunkPrefix.isEmpty, national.hasPrefix(country.trunkPrefix) {
                national.removeFirst(country.trunkPrefix.count)
            }
            if country.nationalLengths.contains(national.count) {
                digits = country.callingCode + national
            } else if digits.hasPrefix(country.callingCode), country.nationalLengths.contains(digits.count - country.callingCode.count) {
                // Written with the calling code but no `+`, such as 16505550100.
            } else {
                throw invalid(
                    text, "a \(country.code) number has \(country.nationalLengths.lowerBound == country.nationalLengths.upperBound ? "\(country.nationalLengths.lowerBound)" : "\(country.nationalLengths.lowerBound) to \(country.nationalLengths.upperBound)") digits after the trunk prefix; write numbers of other countries with +")
            }
        }
        guard (8...15).contains(digits.count), digits.first != "0" else {
            throw invalid(text, "an E.164 number has 8 to 15 digits and starts with a country code")
        }
        return "+" + digits
    }

    /// The E.164 form of `text`, or `nil` when it is not a phone number (extensions, names).
    public static func e164OrNil(_ text: String?, country: PhoneCountry = .us) -> String? {
        guard let text else { return nil }
        return try? e164(text, country: country)
    }

    private static func invalid(_ text: String, _ why: String) -> ComplianceError {
        ComplianceError(.invalidArgument, "\"\(text)\" is not a phone number: \(why)")
    }
}
