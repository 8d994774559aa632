import Compliance
import Testing

@Suite("E.164 numbers")
struct PhoneNumberTests {
    @Test(arguments: ["+1 (650) 555-0100", "16505550100", "650-555-0100", "(650) 555 0100", "tel:+1-650-555-0100", "011 1 650 555 0100", "+16505550100"])
    func usNumbersWrittenAnyWayAreOneNumber(_ text: String) throws {
        #expect(try PhoneNumber.e164(text) == "+16505550100")
    }

    @Test func nationalNumbersOfAnotherCountryDropTheTrunkPrefix() throws {
        let gb = try #require(PhoneCountry.named("gb"))
        #expect(try PhoneNumber.e164("020 7946 0958", country: gb) == "+442079460958")
        #expect(try PhoneNumber.e164("+1 650 555 0100", country: gb) == "+16505550100")
        #expect(try PhoneNumber.e164("00 1 650 555 0100", country: gb) == "+16505550100")
    }

    @Test(arguments: ["", "call me", "555-0100", "+0123456789", "ext. 104", "+1234567890123456"])
    func whatIsNotANumberIsRefusedWithAReason(_ text: String) {
        #expect(throws: ComplianceError.self) { try PhoneNumber.e164(text) }
        #expect(PhoneNumber.e164OrNil(text) == nil)
    }
}
