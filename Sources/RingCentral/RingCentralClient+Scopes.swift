extension RingCentralClient {
    /// The permissions the account's token grants (its `scope`), obtaining a token when there is
    /// none yet: what `callvault doctor` reports, and what decides whether transcripts can be
    /// fetched (`RingSense`, `AI`).
    /// - Throws: ``RingCentralError`` when the credentials are refused or RingCentral is unreachable.
    public func grantedScopes() async throws -> Set<String> {
        try await tokens.grantedScopes()
    }
}
