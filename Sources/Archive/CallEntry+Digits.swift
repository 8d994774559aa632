extension CallEntry {
    /// The ASCII digits of a stored number (`+1 650-555-1212` → `16505551212`), as catalogs keep
    /// them beside the number for phone filters; `nil` when it has none.
    public static func digits(of number: String?) -> String? {
        let digits = number.map { String($0.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init)) } ?? ""
        return digits.isEmpty ? nil : digits
    }
}
