import Foundation

/// Waits for state that another process or a real network peer produces: checks `condition`
/// until it holds or `timeoutSeconds` of real time pass. The timeout is a safety net for a
/// broken product, never what a test measures.
public func eventually(timeoutSeconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
