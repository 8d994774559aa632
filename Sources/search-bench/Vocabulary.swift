import Essentials

/// A call-centre vocabulary ranked by frequency, drawn Zipf-like (word of rank r with weight
/// 1/(r+1)): English function words first (the top one is in most segments), then the words of
/// support calls, then a long tail of made-up names, products and codes (the rarest appear about
/// a hundred times in a million segments).
struct Vocabulary {
    /// Words by rank.
    let words: [String]
    /// Cumulative weights, for drawing by binary search.
    private let cumulative: [Double]

    static let functionWords = """
        the to you i and a that it is of for your on can me my this we be have in with so do just what was \
        will are no yes okay not if at all get there about like one right um uh know see let here go going \
        would could they our from up out an or but as how when need want thank thanks please sure well now \
        then by he she them had has been did does were any some more also only because which who why where \
        than too very really actually still again other into over after before back
        """.split(separator: " ").map(String.init)

    static let callCentreWords = """
        account payment refund card billing order number help check credit service phone email address cancel \
        subscription charge balance transfer month plan date problem issue information name customer support \
        agent manager invoice bill amount price discount delivery package shipping tracking return product \
        warranty replacement technician appointment schedule internet router password login reset update \
        verify security code pin bank debit fee late paid pay due statement upgrade downgrade contract renewal \
        offer promotion rate minutes data text message voicemail call hold line connection outage signal device \
        model serial receipt confirmation ticket case escalate supervisor complaint feedback survey review policy \
        terms insurance claim coverage deductible premium loan mortgage interest deposit withdrawal fraud dispute \
        unauthorized transaction merchant store location hours weekend today tomorrow yesterday morning afternoon \
        evening week business days seconds moment wait visa mastercard expiration cvv zip postal apartment \
        street city state country profile settings app website portal browser download install error screen \
        button click option menu selection choose select enter type confirm submit approve approved denied \
        declined pending processing processed complete completed cancelled canceled closed open opened active \
        inactive suspended reactivate restore recovery backup cloud storage gigabytes speed slow fast modem \
        cable fiber wireless wifi bluetooth battery charger screen repair broken damaged defective missing \
        wrong correct incorrect duplicate double overcharged credited debited reversed adjustment prorated \
        partial full total estimate quote lease rental purchase buy sell trade exchange swap voucher coupon \
        gift loyalty points rewards membership premium basic standard family business enterprise license \
        renewal automatic manual autopay paperless mail courier pickup dropoff warehouse carrier courier \
        refunded reimbursement compensation apology sorry unfortunately appreciate understand
        """.split(separator: " ").map(String.init)

    /// The vocabulary with `tailSize` made-up words after the real ones.
    init(tailSize: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let syllables = [
            "ka", "lo", "mi", "ra", "te", "su", "vin", "dor", "pel", "qua", "zen", "bri", "tas", "nor", "fe", "gu",
            "hal", "jo", "ke", "lu", "mar", "ne", "os", "pi", "ru", "sa", "tu", "ve", "wi", "xo", "ya", "zu",
        ]
        var known = Set<String>()
        var words: [String] = []
        for word in Self.functionWords + Self.callCentreWords where known.insert(word).inserted { words.append(word) }
        let size = words.count + tailSize
        while words.count < size {
            let length = 2 + Int(generator.next() % 3)
            let word = (0..<length).map { _ in syllables[Int(generator.next() % UInt64(syllables.count))] }.joined()
            if known.insert(word).inserted { words.append(word) }
        }
        self.words = words
        var total = 0.0
        cumulative = words.indices.map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    /// One word, drawn by frequency.
    func draw(_ generator: inout SeededGenerator) -> String {
        let target = generator.unit() * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return words[low]
    }
}
