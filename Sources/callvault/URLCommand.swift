import App
import ArgumentParser
import Archive
import Essentials
import Server
import Foundation

/// `callvault url ID`: a signed, expiring stream link for players that cannot send headers.
struct URLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print a signed, expiring link to a recording's stream.",
        discussion: "Absolute when CALLVAULT_PUBLIC_URL is set. Anyone with the link can play the recording until it expires."
    )

    @Argument(help: "RingCentral's recording id.")
    var id: String

    @Option(help: "Seconds the link stays valid.")
    var ttl: Int64 = 3_600

    func validate() throws {
        guard (60...31 * 86_400).contains(ttl) else { throw ValidationError("--ttl must be between 60 seconds and 31 days") }
    }

    func run() async throws {
        let app = try await Bootstrap.application()
        let exists = try await app.use { app in try await app.catalog.recording(id) != nil }
        guard exists else { throw CLIError.failure("no recording \(id)") }
        let path = "/recordings/\(id)/stream"
        let expires = app.clock.nowMillis() / 1000 + ttl
        print((app.configuration.publicURL ?? "") + path + "?" + app.signer.query(method: "GET", path: path, expires: expires))
    }
}
