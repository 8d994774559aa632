/// A small deterministic random number generator (SplitMix64; Steele, Lea, Flood 2014), so
/// generated data, synthesized audio and test fixtures are identical across runs.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// Creates a generator seeded from a string (FNV-1a hash), e.g. a recording id.
    public init(string: String, salt: UInt64 = 0) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        self.state = hash
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9e37_79b9_7f4a_7c15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniformly distributed value in `0..<1`.
    public mutating func unit() -> Double {
        Double(self.next() >> 11) / Double(1 << 53)
    }

    /// A uniformly distributed value in `low..<high`.
    public mutating func range(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * self.unit()
    }

    /// `true` with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        self.unit() < p
    }

    /// A random element (the collection must not be empty).
    public mutating func pick<T>(_ values: [T]) -> T {
        values[Int(self.next() % UInt64(values.count))]
    }

    /// A string of `count` decimal digits, never starting with 0.
    public mutating func digits(_ count: Int) -> String {
        var text = String(Int(self.next() % 9) + 1)
        for _ in 1..<count {
            text.append(String(Int(self.next() % 10)))
        }
        return text
    }

    /// A string of `count` characters from `alphabet`.
    public mutating func string(_ count: Int, alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int(self.next() % UInt64(characters.count))] })
    }
}
