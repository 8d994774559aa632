import Crypto
import Essentials
import Foundation
import Testing

/// The one hex encoder behind every stored checksum: lower case, two digits a byte, and the same
/// text Foundation's `%02x` formatting gives (checksums written before it existed must still match).
@Suite struct HexTests {
    @Test func encodesEveryByteValueAsFoundationDoes() {
        let every = (0...255).map { UInt8($0) }
        #expect(Hex.encode(every) == every.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.encode([0xde, 0xad, 0x00, 0x0f]) == "dead000f")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func sha256OfABCIsTheStandardVector() {
        // FIPS 180-2, appendix B.1.
        #expect(
            Hex.encode(SHA256.hash(data: Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
