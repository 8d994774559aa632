import Foundation
import Essentials

/// A kind of support or sales call: its script (with placeholders the recording id fills in) and the RingSense
/// insights that describe it.
///
/// Placeholders: `{company}`, `{agent}`, `{customer}`, `{account}` (eight digits), `{card}` (four groups of four
/// digits, Luhn-valid), `{expiry}`, `{cvv}`, `{amount}`, `{quote}`, `{ticket}`.
struct TranscriptScenario: Sendable {
    /// Scenario name (also the `Topics` value of the AI API).
    var topic: String
    /// The opening and the body: always said first.
    var body: [(SimulatedTranscript.Speaker, String)]
    /// The closing: said last when there is time.
    var closing: [(SimulatedTranscript.Speaker, String)]
    /// `Summary` of the first insights version.
    var summary: String
    /// `Summary` of the revised version.
    var revisedSummary: String
    /// `BulletedSummary` values.
    var bullets: [String]
    /// `CallNotes` of the first version.
    var notes: String
    /// `CallNotes` of the revised version.
    var revisedNotes: String
    /// `NextSteps` values (said by the agent).
    var nextSteps: [String]
    /// A word of the transcript the `Highlights` entry points at, and the highlight text.
    var highlight: (keyword: String, value: String)
    /// `KeyPhrases` of the AI API.
    var keyPhrases: [String]
    /// `AIScore` of the first and of the revised version.
    var scores: (first: String, revised: String)
    /// `Sentiment`.
    var sentiment: String

    static let company = "Bluebird Communications"

    /// Extra exchanges inserted before the closing of long calls.
    static let fillers: [(SimulatedTranscript.Speaker, String)] = [
        (.agent, "Let me check that for you, one moment please."),
        (.customer, "Sure, take your time."),
        (.agent, "Thanks for holding, the system is a little slow today."),
        (.customer, "No problem."),
        (.agent, "Can you confirm the email address we have on file for you?"),
        (.customer, "Yes, that one is still correct."),
        (.agent, "And is the number you are calling from the best one to reach you?"),
        (.customer, "Yes, this number is fine."),
        (.agent, "I am adding a note to your account so the next agent sees what we did today."),
        (.customer, "Okay, that sounds good."),
    ]

    static let commonClosing: [(SimulatedTranscript.Speaker, String)] = [
        (.agent, "Is there anything else I can help you with today?"),
        (.customer, "No, that is everything, thanks for your help."),
        (.agent, "You are welcome, have a great day."),
    ]

    static let billingDispute = TranscriptScenario(
        topic: "billing dispute",
        body: [
            (.agent, "Thank you for calling {company}, my name is {agent}, how can I help you today?"),
            (.customer, "Hi {agent}, this is {customer}. I was charged twice this month and I would like a refund for the second charge."),
            (.agent, "I am sorry about that. Can I have your account number, please?"),
            (.customer, "Sure, my account number is {account}."),
            (.agent, "Thank you. I can see two charges of {amount} on the same day, and the second one is a duplicate."),
            (.customer, "Right, that is the one. How long does the refund take?"),
            (.agent, "I have issued a refund of {amount} to your original payment method, it usually shows up within five business days."),
            (.customer, "Great, could you send me a confirmation by email?"),
            (.agent, "Of course, you will get an email with reference number {ticket} in a few minutes."),
        ],
        closing: commonClosing,
        summary: "The customer reported a duplicate charge; the agent verified the account and issued a refund.",
        revisedSummary: "The customer was billed twice for the same month. After verifying the account number, the agent confirmed the duplicate charge, issued a refund to the original payment method and promised an email confirmation.",
        bullets: ["Customer reported a duplicate monthly charge.", "Agent verified the account and issued a refund.", "Confirmation email with a reference number promised."],
        notes: "Call notes.\nDuplicate charge reported; refund issued.",
        revisedNotes: "Call notes.\nDuplicate charge reported by the customer.\nAccount verified; refund issued to the original payment method.\nReference number sent by email.",
        nextSteps: ["Send the refund confirmation email with the reference number."],
        highlight: ("refund", "Agent issued a refund for the duplicate charge."),
        keyPhrases: ["refund", "duplicate charge", "account number"],
        scores: ("7", "8"),
        sentiment: "Positive"
    )

    static let cancellation = TranscriptScenario(
        topic: "subscription cancellation",
        body: [
            (.agent, "Good morning, {company} customer care, {agent} speaking."),
            (.customer, "Hello, this is {customer}. I want to cancel my subscription, please."),
            (.agent, "I can help with that. May I ask why you would like to cancel?"),
            (.customer, "We moved our team to another provider and we do not use the service anymore."),
            (.agent, "Understood. To verify the account, could you read me the account number?"),
            (.customer, "Yes, the account number is {account}."),
            (.agent, "Thanks. Before I cancel, I can offer three months at half price if you would like to stay."),
            (.customer, "That is kind, but no, please go ahead and cancel my subscription."),
            (.agent, "Done, your subscription ends on the last day of this billing period and you will not be charged again."),
            (.customer, "Will I get a refund for the unused days?"),
            (.agent, "The remaining days are prorated, so a partial refund of {amount} goes back to your card."),
        ],
        closing: commonClosing,
        summary: "The customer asked to cancel the subscription; the agent cancelled it and explained the prorated refund.",
        revisedSummary: "The customer asked to cancel the subscription after moving to another provider. The agent verified the account, offered a discount the customer declined, cancelled the subscription at the end of the billing period and explained the prorated partial refund.",
        bullets: ["Customer requested cancellation.", "Retention offer declined.", "Subscription cancelled; partial refund explained."],
        notes: "Call notes.\nCancellation requested and processed.",
        revisedNotes: "Call notes.\nCustomer moved to another provider and asked to cancel.\nRetention offer of three months at half price declined.\nCancellation effective at the end of the billing period; prorated refund.",
        nextSteps: ["Confirm the cancellation and the prorated refund by email."],
        highlight: ("cancel", "Customer asked to cancel the subscription."),
        keyPhrases: ["cancel my subscription", "refund", "billing period"],
        scores: ("6", "7"),
        sentiment: "Neutral"
    )

    static let cardUpdate = TranscriptScenario(
        topic: "payment method update",
        body: [
            (.agent, "Thanks for calling {company} billing, this is {agent}."),
            (.customer, "Hi, this is {customer}. My card expired and my last payment failed, so I need to update the card on file."),
            (.agent, "No problem. First, can you confirm the account number?"),
            (.customer, "Sure, the account number is {account}."),
            (.agent, "Thank you, I found it. Go ahead with the new card number whenever you are ready."),
            (.customer, "The card number is {card}."),
            (.agent, "And the expiration date and security code?"),
            (.customer, "It expires {expiry} and the security code is {cvv}."),
            (.agent, "Thank you, the new card is saved and I retried the failed payment of {amount}, it went through."),
            (.customer, "Perfect, thank you."),
        ],
        closing: commonClosing,
        summary: "The customer updated an expired card; the agent saved it and retried the failed payment.",
        revisedSummary: "The customer's card had expired and a payment failed. The agent verified the account, saved the new card details and successfully retried the failed payment.",
        bullets: ["Expired card caused a failed payment.", "New card saved.", "Failed payment retried successfully."],
        notes: "Call notes.\nCard updated; payment retried.",
        revisedNotes: "Call notes.\nExpired card caused a failed payment.\nNew card saved on the account.\nFailed payment retried and collected.",
        nextSteps: ["Send a receipt for the retried payment."],
        highlight: ("card", "Customer provided a new card for the account."),
        keyPhrases: ["card number", "failed payment", "expired card"],
        scores: ("8", "8"),
        sentiment: "Positive"
    )

    static let salesUpgrade = TranscriptScenario(
        topic: "plan upgrade",
        body: [
            (.agent, "Hi, this is {agent} from {company} sales, thanks for calling back."),
            (.customer, "Hi {agent}, this is {customer}. We are looking at upgrading from the basic plan for our support team."),
            (.agent, "Great. How many people would need a line?"),
            (.customer, "About twenty five seats, and we need call recording and analytics."),
            (.agent, "Then the premium plan fits best, it includes recording, analytics and AI notes."),
            (.customer, "What would that cost per month?"),
            (.agent, "For twenty five seats it comes to {quote} a month on an annual contract."),
            (.customer, "Can you send a written quote so I can share it with my manager?"),
            (.agent, "Sure, I will email a quote today and set up a demo for next Tuesday."),
        ],
        closing: commonClosing,
        summary: "A prospect asked about upgrading to the premium plan; the agent quoted a price and offered a demo.",
        revisedSummary: "The customer wants to upgrade about twenty five seats from the basic plan to get call recording and analytics. The agent recommended the premium plan, quoted a monthly price on an annual contract and agreed to email a written quote and schedule a demo.",
        bullets: ["Upgrade for about twenty five seats discussed.", "Premium plan recommended and priced.", "Written quote and demo agreed."],
        notes: "Call notes.\nUpgrade to premium discussed; quote requested.",
        revisedNotes: "Call notes.\nTwenty five seats, needs recording and analytics.\nPremium plan quoted on an annual contract.\nQuote by email today; demo next Tuesday.",
        nextSteps: ["Email the written quote.", "Schedule the product demo for next Tuesday."],
        highlight: ("quote", "Customer asked for a written quote."),
        keyPhrases: ["premium plan", "quote", "call recording"],
        scores: ("8", "9"),
        sentiment: "Positive"
    )

    static let techSupport = TranscriptScenario(
        topic: "dropped calls",
        body: [
            (.agent, "{company} technical support, my name is {agent}, what can I do for you?"),
            (.customer, "Hi, this is {customer}. Our desk phones keep dropping calls after about thirty seconds."),
            (.agent, "Sorry to hear that. Are all the phones affected or only some of them?"),
            (.customer, "All of them, since we changed our router yesterday."),
            (.agent, "That sounds like the SIP ALG setting on the new router. Could you log in to the router for me?"),
            (.customer, "Okay, I am on the admin page now."),
            (.agent, "Look for SIP ALG under the advanced settings, turn it off, then restart the phones."),
            (.customer, "Done. Let me try a test call. Yes, it is holding now."),
            (.agent, "Excellent. I will note this on ticket {ticket} in case it comes back."),
        ],
        closing: commonClosing,
        summary: "Calls were dropping after a router change; disabling SIP ALG fixed it.",
        revisedSummary: "All desk phones dropped calls after about thirty seconds since a router replacement. The agent identified the router's SIP ALG setting, had the customer disable it and restart the phones, and confirmed with a test call.",
        bullets: ["Calls dropped after about thirty seconds.", "SIP ALG disabled on the new router.", "Test call confirmed the fix."],
        notes: "Call notes.\nDropped calls fixed by disabling SIP ALG.",
        revisedNotes: "Call notes.\nAll phones affected after a router change.\nSIP ALG disabled, phones restarted.\nTest call succeeded; ticket updated.",
        nextSteps: ["Follow up on the ticket in two days."],
        highlight: ("SIP", "Agent identified the router setting causing dropped calls."),
        keyPhrases: ["dropped calls", "router", "SIP ALG"],
        scores: ("9", "9"),
        sentiment: "Positive"
    )

    /// The scenario of forced transcripts: generic insights.
    static let custom = TranscriptScenario(
        topic: "customer request",
        body: [],
        closing: [],
        summary: "The customer and the agent discussed a request.",
        revisedSummary: "The customer explained a request and the agent agreed on how to handle it.",
        bullets: ["Customer explained a request.", "Agent agreed on the handling."],
        notes: "Call notes.\nRequest discussed.",
        revisedNotes: "Call notes.\nRequest discussed and handling agreed.",
        nextSteps: ["Follow up with the customer."],
        highlight: ("", "Customer explained the request."),
        keyPhrases: ["request"],
        scores: ("6", "7"),
        sentiment: "Neutral"
    )

    static let all = [billingDispute, cancellation, cardUpdate, salesUpgrade, techSupport]

    /// The scenario of a recording, from its id.
    static func scenario(for recordingId: String) -> TranscriptScenario {
        var random = SeededGenerator(string: recordingId, salt: 0x7363_656e)
        return self.all[Int(random.next() % UInt64(self.all.count))]
    }

    /// The script of a recording: body, fillers for long calls are added at layout time, closing.
    func script(recordingId: String, agentName: String) -> SimulatedTranscript {
        let values = Self.values(recordingId: recordingId, agentName: agentName)
        func fill(_ text: String) -> String {
            var text = text
            for (key, value) in values {
                text = text.replacingOccurrences(of: "{\(key)}", with: value)
            }
            return text
        }
        return SimulatedTranscript((self.body + self.closing).map { ($0.0, fill($0.1)) })
    }

    /// How many of the script's lines are the closing (kept last when fillers are added).
    var closingCount: Int { self.closing.count }

    /// The placeholder values of a recording.
    static func values(recordingId: String, agentName: String) -> [(String, String)] {
        var random = SeededGenerator(string: recordingId, salt: 0x6e75_6d73)
        let first = agentName.split(separator: " ").first.map(String.init) ?? "Alex"
        let customers = ["Jordan", "Priya", "Marcus", "Elena", "Tomas", "Aisha", "Ben", "Mei"]
        let account = random.digits(8)
        let amounts = ["$49.99", "$129.00", "$18.50", "$240.00", "$72.25"]
        let quotes = ["$749", "$899", "$1,024", "$1,150"]
        let expiry = String(format: "%02d/%02d", 1 + Int(random.next() % 12), 27 + Int(random.next() % 4))
        return [
            ("company", Self.company), ("agent", first), ("customer", random.pick(customers)), ("account", account),
            ("card", Self.cardNumber(&random)), ("expiry", expiry), ("cvv", random.digits(3)), ("amount", random.pick(amounts)),
            ("quote", random.pick(quotes)), ("ticket", "CS-" + random.digits(5)),
        ]
    }

    /// A Luhn-valid sixteen-digit number starting with 4, in groups of four.
    static func cardNumber(_ random: inout SeededGenerator) -> String {
        var digits = [4] + (0..<14).map { _ in Int(random.next() % 10) }
        var sum = 0
        // The check digit makes the Luhn sum of all sixteen digits a multiple of ten; counting from the right
        // (check digit = position 1), the digits in even positions are doubled.
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 0 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        digits.append((10 - sum % 10) % 10)
        let text = digits.map(String.init).joined()
        return stride(from: 0, to: 16, by: 4).map { start in
            let lower = text.index(text.startIndex, offsetBy: start)
            return String(text[lower..<text.index(lower, offsetBy: 4)])
        }.joined(separator: " ")
    }
}
