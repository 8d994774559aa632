import Archive

/// `callvault verify --json`: the report (issues still open) and what `--repair` removed.
struct VerifyOutput: Encodable {
    let filesChecked: Int
    let bytesHashed: Int64
    let issues: [VerificationIssue]
    let removed: [String]
    let isClean: Bool

    init(report: VerificationReport, removed: [String]) {
        filesChecked = report.filesChecked
        bytesHashed = report.bytesHashed
        issues = report.issues
        self.removed = removed
        isClean = report.issues.isEmpty
    }
}
