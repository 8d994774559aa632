/// A country whose national numbers ``PhoneNumber`` can turn into E.164: its calling code, its
/// trunk prefix and the length of its national significant numbers.
///
/// The default is the North American Numbering Plan (`US`); `CALLVAULT_PHONE_COUNTRY` picks
/// another from ``known``.
public struct PhoneCountry: Sendable, Equatable {
    /// ISO 3166 alpha-2 code, such as `US`.
    public var code: String
    /// The country calling code, such as `1` or `44`.
    public var callingCode: String
    /// The national trunk prefix dropped before the calling code is added (`0` in most of
    /// Europe); empty for the NANP.
    public var trunkPrefix: String
    /// Lengths a national significant number (without trunk prefix) may have.
    public var nationalLengths: ClosedRange<Int>
    /// The prefix dialled to call abroad from this country (`011` in the NANP, `00` elsewhere).
    public var internationalPrefix: String

    /// Creates a country.
    public init(code: String, callingCode: String, trunkPrefix: String, nationalLengths: ClosedRange<Int>, internationalPrefix: String) {
        self.code = code
        self.callingCode = callingCode
        self.trunkPrefix = trunkPrefix
        self.nationalLengths = nationalLengths
        self.internationalPrefix = internationalPrefix
    }

    /// The United States and the rest of the NANP: `+1` and ten digits.
    public static let us = PhoneCountry(code: "US", callingCode: "1", trunkPrefix: "", nationalLengths: 10...10, internationalPrefix: "011")

    /// The countries callvault knows; others can still be matched when numbers are written with `+`.
    public static let known: [PhoneCountry] = [
        .us,
        PhoneCountry(code: "CA", callingCode: "1", trunkPrefix: "", nationalLengths: 10...10, internationalPrefix: "011"),
        PhoneCountry(code: "GB", callingCode: "44", trunkPrefix: "0", nationalLengths: 9...10, internationalPrefix: "00"),
        PhoneCountry(code: "IE", callingCode: "353", trunkPrefix: "0", nationalLengths: 7...9, internationalPrefix: "00"),
        PhoneCountry(code: "DE", callingCode: "49", trunkPrefix: "0", nationalLengths: 6...11, internationalPrefix: "00"),
        PhoneCountry(code: "FR", callingCode: "33", trunkPrefix: "0", nationalLengths: 9...9, internationalPrefix: "00"),
        PhoneCountry(code: "NL", callingCode: "31", trunkPrefix: "0", nationalLengths: 9...9, internationalPrefix: "00"),
        PhoneCountry(code: "ES", callingCode: "34", trunkPrefix: "", nationalLengths: 9...9, internationalPrefix: "00"),
        PhoneCountry(code: "IT", callingCode: "39", trunkPrefix: "", nationalLengths: 6...11, internationalPrefix: "00"),
        PhoneCountry(code: "AU", callingCode: "61", trunkPrefix: "0", nationalLengths: 9...9, internationalPrefix: "0011"),
        PhoneCountry(code: "IN", callingCode: "91", trunkPrefix: "0", nationalLengths: 10...10, internationalPrefix: "00"),
    ]

    /// The country with that ISO code (any case), or `nil`.
    public static func named(_ code: String) -> PhoneCountry? {
        known.first { $0.code == code.uppercased() }
    }
}
