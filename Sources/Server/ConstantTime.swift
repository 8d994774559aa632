/// Comparisons whose time does not depend on where the inputs differ, for tokens and signatures.
enum ConstantTime {
    /// Whether `a` and `b` are equal, looking at every byte of the longer one whatever they hold.
    static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let left = Array(a), right = Array(b)
        let length = max(left.count, right.count)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<length {
            let x = index < left.count ? left[index] : 0
            let y = index < right.count ? right[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// Whether two strings are equal, compared as UTF-8 in constant time.
    static func equal(_ a: String, _ b: String) -> Bool { equal(Array(a.utf8), Array(b.utf8)) }
}
