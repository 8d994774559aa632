/// Where the sealed RingCentral token is kept between runs: opaque bytes by name.
///
/// ``TokenStore`` seals and opens the token; a vault only stores what it is given, so nothing
/// in it is readable without the key. The database of the deployment implements it.
public protocol TokenVault: Sendable {
    /// The sealed token stored under `name`, or `nil`.
    func sealedToken(named name: String) async throws -> [UInt8]?
    /// Stores `sealed` under `name`, or removes it when `nil`.
    func storeSealedToken(_ sealed: [UInt8]?, named name: String) async throws
}
