import Essentials
import Crypto
import Foundation

/// The hash chain of the audit: each entry's hash covers its content and the previous entry's
/// hash, so editing, inserting or deleting an entry breaks every link after it.
///
/// The canonical form hashed is a versioned line of length-prefixed fields, so no choice of
/// text can make two different entries serialize alike:
/// `callvault-audit-v1` then, each as `{byte count}:{bytes};`, the sequence number, the time in
/// milliseconds, the action, the actor, the recording id (empty when none), each detail as key
/// then value in ascending key order (preceded by their count), and the previous hash.
public enum AuditChain {
    /// The "previous hash" of the first entry: 64 zeros.
    public static let genesis = String(repeating: "0", count: 64)

    /// The keys of an event's details in the order of their UTF-8 bytes: the order they are
    /// hashed in and stored in, whatever the locale.
    static func byteOrderedKeys(_ details: [String: String]) -> [String] {
        details.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The bytes hashed for an entry.
    public static func canonical(seq: Int64, event: AuditEvent, previousHash: String) -> [UInt8] {
        var out = Array("callvault-audit-v1;".utf8)
        func field(_ text: String) {
            out.append(contentsOf: String(text.utf8.count).utf8)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: ";"))
        }
        field(String(seq))
        field(String(event.at))
        field(event.action.rawValue)
        field(event.actor)
        field(event.recordingId ?? "")
        let keys = byteOrderedKeys(event.details)
        field(String(keys.count))
        for key in keys {
            field(key)
            field(event.details[key] ?? "")
        }
        field(previousHash)
        return out
    }

    /// The hash of an entry with this content.
    public static func hash(seq: Int64, event: AuditEvent, previousHash: String) -> String {
        Hex.encode(SHA256.hash(data: canonical(seq: seq, event: event, previousHash: previousHash)))
    }

    /// Chains `events` after the entry `tail` (`nil` for an empty log).
    public static func link(_ events: [AuditEvent], after tail: AuditEntry?) -> [AuditEntry] {
        link(events, afterSeq: tail?.seq ?? 0, previousHash: tail?.hash ?? genesis)
    }

    /// Links `events` after the entry numbered `afterSeq` whose hash is `previousHash` (0 and
    /// ``genesis`` for an empty chain): what ``link(_:after:)`` does, for a store that reads only
    /// those two columns of its last entry.
    public static func link(_ events: [AuditEvent], afterSeq: Int64, previousHash: String) -> [AuditEntry] {
        var seq = afterSeq
        var previous = previousHash
        return events.map { event in
            seq += 1
            let hash = hash(seq: seq, event: event, previousHash: previous)
            defer { previous = hash }
            return AuditEntry(seq: seq, event: event, previousHash: previous, hash: hash)
        }
    }

    /// Why `entry` does not follow `previous` (`nil` for the first entry), or `nil` when it does.
    public static func brokenLink(_ entry: AuditEntry, after previous: AuditEntry?) -> String? {
        let expectedSeq = (previous?.seq ?? 0) + 1
        if entry.seq != expectedSeq {
            return "entry \(entry.seq) follows entry \(previous?.seq ?? 0): entries \(expectedSeq)…\(entry.seq - 1) were removed"
        }
        if entry.previousHash != (previous?.hash ?? genesis) {
            return "entry \(entry.seq) does not carry the hash of entry \(previous?.seq ?? 0): the chain was rewritten"
        }
        if hash(seq: entry.seq, event: entry.event, previousHash: entry.previousHash) != entry.hash {
            return "entry \(entry.seq) does not match its hash: it was edited after it was written"
        }
        return nil
    }

    /// Checks that `entries` continue the chain after `tail` (`nil`: an empty chain) and link to
    /// each other; their own hashes are the verifier's business.
    /// - Throws: ``ComplianceError`` `.conflict` naming the first entry that does not follow.
    public static func checkContinuation(_ entries: [AuditEntry], after tail: AuditEntry?) throws {
        var seq = tail?.seq ?? 0
        var hash = tail?.hash ?? genesis
        for entry in entries {
            guard entry.seq == seq + 1, entry.previousHash == hash else {
                throw ComplianceError(
                    .conflict,
                    "audit entry \(entry.seq) does not follow entry \(seq) of the chain it is added to; "
                        + "the chains have diverged (was the target used before the migration?)")
            }
            seq = entry.seq
            hash = entry.hash
        }
    }
}
