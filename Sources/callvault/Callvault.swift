import App
import ArgumentParser
import Archive
import Compliance
import Foundation
import JobQueue
import RingCentral
import SQLiteStore

/// The `callvault` command: archive RingCentral call recordings and their transcripts.
@main
struct Callvault: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callvault",
        abstract: "Archive RingCentral call recordings and their AI transcripts.",
        discussion: """
            Data lives in $CALLVAULT_HOME (default ./storage): callvault.sqlite holds the queue and the
            catalog, recordings/ the archive. Settings come from the environment and $CALLVAULT_HOME/callvault.env.
            Exit codes: 0 success, 1 failure, 2 bad usage or configuration.
            """,
        subcommands: [
            DemoCommand.self, SyncCommand.self, WorkCommand.self, JobsCommand.self, ReindexCommand.self, VerifyCommand.self, MigrateCommand.self,
            ServeCommand.self, SubscriptionCommand.self, URLCommand.self, SearchCommand.self, TranscriptCommand.self, SimulateCommand.self, DoctorCommand.self,
            RetentionCommand.self, HoldCommand.self, EraseCommand.self, AuditCommand.self, ExportCommand.self,
        ]
    )

    /// Parses, runs, and maps every error to the documented exit codes.
    static func main() async {
        AllocatorPolicy.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let (message, status) = describe(error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(status)
        }
    }

    /// The message and exit status for an error that ended a command.
    static func describe(_ error: any Error) -> (String, Int32) {
        switch error {
        case let error as CLIError:
            return ("callvault: \(error.message)", error.exitStatus)
        case let error as ConfigurationError:
            return ("callvault: \(error.message)", 2)
        case let error as JobQueueError:
            return ("callvault: \(error.message)", 1)
        case let error as SQLiteStoreError:
            return ("callvault: \(error.message)", error.code == .notWritable ? 2 : 1)
        case let error as ArchiveError:
            return ("callvault: \(error.message)", 1)
        case let error as ComplianceError:
            return ("callvault: \(error.message)", error.code == .invalidArgument ? 2 : 1)
        case let error as RingCentralError:
            return ("callvault: \(error.description)", error.code == .configuration || error.code == .authentication ? 2 : 1)
        default:
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                return ("", 0)
            }
            if code == .validationFailure {
                return ("\(message)\nRun 'callvault help' or add --help to a command for usage.", 2)
            }
            return (message.isEmpty ? "" : "callvault: \(message)", code.rawValue)
        }
    }
}
