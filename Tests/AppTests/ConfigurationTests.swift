import App
import Archive
import Media
import Foundation
import TestSupport
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test func environmentValuesAreReadAndDefaultsFillTheRest() async throws {
        let configuration = try await CallvaultConfiguration.load(environment: [
            "CALLVAULT_HOME": "/srv/cv", "CALLVAULT_TIMEZONE": "America/Los_Angeles", "CALLVAULT_KEEP_ORIGINAL": "0",
        ])
        #expect(configuration.home == "/srv/cv")
        #expect(configuration.archive.timeZone.identifier == "America/Los_Angeles")
        #expect(!configuration.archive.keepOriginal)
        #expect(configuration.format == .mp3)
        #expect(configuration.sources["CALLVAULT_HOME"] == "environment")
        #expect(configuration.sources["CALLVAULT_FORMAT"] == nil)

        let defaults = try await CallvaultConfiguration.load(environment: [:])
        #expect(defaults.home == "./storage")
        #expect(defaults.archive.timeZone == .utc)
        #expect(defaults.archive.keepOriginal)
    }

    @Test func aBadValueNamesItsVariableAndWhatToSet() async throws {
        for (name, value, hint) in [
            ("CALLVAULT_TIMEZONE", "Mars/Base", "IANA"), ("CALLVAULT_FORMAT", "flac", "mp3, wav or original"),
            ("CALLVAULT_SYNCHRONOUS", "sometimes", "normal or full"), ("CALLVAULT_LOG_LEVEL", "loud", "debug"),
            ("CALLVAULT_KEEP_ORIGINAL", "maybe", "0 or 1"), ("CALLVAULT_LOUDNESS_TARGET", "12", "LUFS"),
        ] {
            let error = await #expect(throws: ConfigurationError.self) {
                _ = try await CallvaultConfiguration.load(environment: [name: value])
            }
            #expect(error?.message.contains(name) == true)
            #expect(error?.message.contains(hint) == true, "\(name): \(error?.message ?? "")")
        }
    }

    @Test func theFileInTheHomeAddsKeysAndTheEnvironmentWins() async throws {
        let home = try TemporaryDirectory("config")
        defer { home.remove() }
        try """
            # settings for this archive
            CALLVAULT_TIMEZONE=Europe/Berlin
            CALLVAULT_FORMAT=wav
            RINGCENTRAL_CLIENT_SECRET=from-the-file
            """.write(toFile: home.path("callvault.env"), atomically: true, encoding: .utf8)
        let configuration = try await CallvaultConfiguration.load(environment: [
            "CALLVAULT_HOME": home.path, "CALLVAULT_FORMAT": "original",
        ])
        #expect(configuration.archive.timeZone.identifier == "Europe/Berlin")
        #expect(configuration.sources["CALLVAULT_TIMEZONE"] == "callvault.env")
        #expect(configuration.format == .original)
        #expect(configuration.sources["CALLVAULT_FORMAT"] == "environment")
        // Incomplete RingCentral settings say which variable is missing.
        #expect(configuration.ringCentral == nil)
        #expect(configuration.ringCentralProblem?.message.contains("RINGCENTRAL_CLIENT_ID") == true)
        // Secrets are never shown.
        let shown = configuration.redactedValues.first { $0.key.name == "RINGCENTRAL_CLIENT_SECRET" }
        #expect(shown?.value == "<set>")
        #expect(!configuration.redactedValues.contains { $0.value.contains("from-the-file") })
    }
}
