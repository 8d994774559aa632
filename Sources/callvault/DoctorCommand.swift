import App
import ArgumentParser
import Foundation
import Logging

/// `callvault doctor`: the effective configuration and whether everything callvault needs works.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, the home, the database, the libraries and the RingCentral credentials.",
        discussion: "Secrets are shown as <set> or <unset>. Exit 1 when a check fails; each failure says what to do."
    )

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        _ = try? await Bootstrap.configuration(logLevel: .error)
        let report = await Doctor.run()
        if json {
            print(try JSONOutput.encode(report))
        } else {
            if !report.configuration.isEmpty {
                print("configuration:")
                let width = report.configuration.map(\.name.count).max() ?? 0
                for setting in report.configuration {
                    print("  \(setting.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(setting.value)  (\(setting.source))")
                }
                print("")
            }
            for check in report.checks {
                let mark = switch check.status {
                case .ok: "ok  "
                case .warning: "warn"
                case .failed: "FAIL"
                }
                print("\(mark) \(check.name): \(check.detail)")
                if let advice = check.advice, check.status != .ok { print("     → \(advice)") }
            }
        }
        if report.hasFailures { throw ExitCode(1) }
    }
}
