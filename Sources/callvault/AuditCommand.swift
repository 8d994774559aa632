import ArgumentParser

/// `callvault audit [--since D] [--recording ID] [--action A] [--json|--csv]` and `audit verify`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the access audit, or verify its hash chain.",
        discussion: """
            Every access to customer data (streams, details, transcripts, searches, exports) and every hold,
            erasure and retention is an entry; each carries the SHA-256 of the one before, so an edit or a
            deletion breaks the chain at that entry.
            """,
        subcommands: [AuditListCommand.self, AuditVerifyCommand.self],
        defaultSubcommand: AuditListCommand.self
    )
}
