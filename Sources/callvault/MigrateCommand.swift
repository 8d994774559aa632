import App
import ArgumentParser
import Archive
import Foundation
import Transfer

/// `callvault migrate --storage s3://bucket/prefix [--database URL]`: copy the local archive's
/// files to an object store, resumable and verified, while the archive keeps working.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the archive's files from CALLVAULT_HOME to an S3-compatible object store.",
        discussion: """
            Copies every file the catalog lists from $CALLVAULT_HOME/recordings to the object store, each checked \
            against the catalog's SHA-256 before and after the upload. Files already there with the right size \
            and checksum are skipped, so an interrupted run resumes and a second run copies only what was filed \
            meanwhile. The archive keeps working while it runs. The object store is reached with \
            CALLVAULT_S3_ENDPOINT, CALLVAULT_S3_REGION, CALLVAULT_S3_ADDRESSING and AWS_ACCESS_KEY_ID / \
            AWS_SECRET_ACCESS_KEY. Exit 1 when a file could not be copied.
            """
    )

    @Option(help: "The object store to copy to: s3://bucket/prefix.")
    var storage: String

    @Option(help: "The database to copy the catalog and queue to (not yet: copying a catalog into PostgreSQL is refused).")
    var database: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard storage.hasPrefix("s3://") else { throw ValidationError("--storage must look like s3://bucket/prefix") }
    }

    func run() async throws {
        if database != nil {
            throw CLIError.usage(
                "--database is not supported yet: this version cannot copy an SQLite catalog into PostgreSQL; "
                    + "copy the files alone with `callvault migrate --storage \(storage)` and keep the SQLite catalog")
        }
        let configuration = try await Bootstrap.configuration()
        let objectStore = try CallvaultConfiguration.objectStore(values: configuration.values, storageURL: storage)!
        // The source is always the local tree, whatever CALLVAULT_STORAGE_URL says.
        var local = configuration
        local.objectStore = nil
        local.redirectToObjectStore = false
        let app = try await CallvaultApplication.build(local)
        let http = CallvaultApplication.objectStoreHTTPClient(configuration)
        let destination = CallvaultApplication.objectStorage(objectStore, http: http, configuration: configuration)
        let progress = Progress(enabled: !json)
        let report: MigrationReport
        do {
            report = try await app.use { app in
                try await StorageMigrator(
                    catalog: app.catalog, transcripts: app.transcripts, source: app.storage, destination: destination,
                    staging: (configuration.home as NSString).appendingPathComponent("tmp"), logger: app.logger("callvault.archive")
                ).run { report in
                    progress.update("copied \(report.filesCopied), already there \(report.filesPresent)")
                }
            }
            try? await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
        progress.finish()
        if json {
            print(try JSONOutput.encode(report))
        } else {
            print(
                "copied \(report.filesCopied) file(s), \(ByteCountFormatter.string(fromByteCount: report.bytesCopied, countStyle: .file)); "
                    + "\(report.filesPresent) already in \(destination.location)")
            for problem in report.problems { print("not copied: \(problem.key): \(problem.message)") }
            if !report.untracked.isEmpty {
                print("\(report.untracked.count) file(s) in recordings/ that the catalog does not list were left out (see callvault verify)")
            }
            if report.isComplete {
                print(
                    """
                    every catalog file is in \(destination.location). To switch, set
                      CALLVAULT_STORAGE_URL=\(storage)
                    beside the CALLVAULT_S3_* and AWS_* settings used here, stop the workers, run this command once more \
                    (it copies what was filed meanwhile), then restart serve and work.
                    """)
            }
        }
        if !report.isComplete { throw ExitCode(1) }
    }
}
