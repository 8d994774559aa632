/// What ``Verifier/run()`` found.
public struct VerificationReport: Sendable, Equatable, Codable {
    /// Catalog files checked.
    public var filesChecked: Int
    /// Bytes hashed.
    public var bytesHashed: Int64
    /// Every difference, ordered by path.
    public var issues: [VerificationIssue]

    /// No drift at all.
    public var isClean: Bool { issues.isEmpty }
}
