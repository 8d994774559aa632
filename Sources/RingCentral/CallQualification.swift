import Foundation

/// How a call ended, decided from its legs (Detailed view) or the record itself.
public struct CallQualification: Sendable, Equatable, Codable {
    /// The class of the call.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// At least one leg was answered (`Accepted`, `Call connected`).
        case accepted
        /// Went to voicemail.
        case voicemail
        /// Blocked or restricted.
        case blocked
        /// Not answered: missed, busy, abandoned, rejected, declined, hung up.
        case missed
        /// None of the above.
        case unknown
    }

    public var outcome: Outcome
    /// Index of the deciding leg in `legs`, or `nil` when the record's own result decided.
    public var decidingLeg: Int?
    /// The result text that decided.
    public var result: String?

    static let acceptedResults: Set<String> = ["accepted", "call connected"]
    static let voicemailResults: Set<String> = ["voicemail", "sent to voicemail"]
    static let blockedResults: Set<String> = ["blocked", "restricted number"]
    static let missedResults: Set<String> = [
        "missed", "no answer", "busy", "abandoned", "hang up", "rejected", "declined",
    ]

    /// Classifies a record. A call is accepted when any leg was; otherwise the first leg (record
    /// first) that says voicemail, then blocked, then missed, decides.
    public static func classify(_ record: CallLogRecord) -> CallQualification {
        let candidates: [(Int?, String?, String?)] =
            [(nil, record.result, record.reason)] + record.legs.enumerated().map { ($0.offset, $0.element.result, $0.element.reason) }
        for (index, result, _) in candidates where acceptedResults.contains(normalize(result)) {
            return CallQualification(outcome: .accepted, decidingLeg: index, result: result)
        }
        for (outcome, results) in [(Outcome.voicemail, voicemailResults), (.blocked, blockedResults), (.missed, missedResults)] {
            for (index, result, reason) in candidates {
                if results.contains(normalize(result))
                    || (outcome == .blocked && normalize(reason).contains("blocked")) {
                    return CallQualification(outcome: outcome, decidingLeg: index, result: result)
                }
            }
        }
        return CallQualification(outcome: .unknown, decidingLeg: nil, result: record.result)
    }

    private static func normalize(_ text: String?) -> String {
        (text ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }
}
