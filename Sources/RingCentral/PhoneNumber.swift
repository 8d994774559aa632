import Foundation

/// Phone number normalization to E.164.
public enum PhoneNumber {
    /// `+` and digits, from forms like `(650) 555-1212`, `16505551212`, `+1 650 555 1212`,
    /// `tel:+16505551212`, `00441632960000`; ten-digit national numbers are taken as North American
    /// (`defaultCountryCode`, RingCentral's home market). Returns `nil` for extensions, short codes
    /// and text that holds no plausible number.
    public static func e164(_ raw: String, defaultCountryCode: String = "1") -> String? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("tel:") { text.removeFirst(4) }
        if let ext = text.range(of: "ext", options: .caseInsensitive) { text = String(text[..<ext.lowerBound]) }
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        let plus = text.hasPrefix("+")
        var digits = text.filter(\.isASCIIDigit)
        guard !digits.isEmpty else { return nil }
        if !plus && digits.hasPrefix("00") { digits.removeFirst(2) } else if !plus {
            if digits.count == 10 { digits = defaultCountryCode + digits }
            else if digits.count == 11 && digits.hasPrefix("1") { /* already has the country code */ }
            else if digits.count < 11 { return nil }
        }
        guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
        return "+" + digits
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
