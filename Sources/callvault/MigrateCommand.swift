import App
import ArgumentParser
import Archive
import Foundation
import Transfer

/// `callvault migrate [--storage s3://bucket/prefix] [--database postgres://…]`: copy an embedded
/// archive to the distributed back end (files to an object store, the database to PostgreSQL),
/// resumable and verified, while the archive keeps working.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the archive's files to an S3-compatible object store and its database to PostgreSQL.",
        discussion: """
            --storage copies every file the catalog lists from $CALLVAULT_HOME/recordings to the object store, each \
            checked against the catalog's SHA-256 before and after the upload; files already there with the right \
            size and checksum are skipped. The object store is reached with CALLVAULT_S3_ENDPOINT, \
            CALLVAULT_S3_REGION, CALLVAULT_S3_ADDRESSING and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. \
            --database copies the SQLite catalog in $CALLVAULT_HOME into PostgreSQL: archived recordings from their \
            sidecars (timestamps kept), the other recordings, transcripts with their search index, legal holds, the \
            audit chain verbatim, the call-log watermark and the waiting jobs; then compares files, transcripts, \
            recordings by state and the audit head. Both resume: a second run copies only what changed meanwhile. \
            The archive keeps working while it runs; stop the workers before the last run. \
            Exit 1 when something could not be copied or the comparison found a difference.
            """
    )

    @Option(help: "The object store to copy the files to: s3://bucket/prefix.")
    var storage: String?

    @Option(help: "The PostgreSQL database to copy the catalog, holds, audit and waiting jobs to: postgres://….")
    var database: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard storage != nil || database != nil else { throw ValidationError("give --storage s3://bucket/prefix, --database postgres://… or both") }
        if let storage, !storage.hasPrefix("s3://") { throw ValidationError("--storage must look like s3://bucket/prefix") }
        if let database, !(database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")) {
            throw ValidationError("--database must look like postgres://user:password@host:port/database")
        }
    }

    func run() async throws {
        var complete = true
        if let storage { complete = try await copyFiles(to: storage) && complete }
        if let database { complete = try await copyDatabase(to: database) && complete }
        if !complete { throw ExitCode(1) }
    }

    /// Copies the catalog into PostgreSQL; returns whether it is complete.
    func copyDatabase(to url: String) async throws -> Bool {
        let configuration = try await Bootstrap.configuration()
        // The source is always the SQLite file in the home, whatever CALLVAULT_DATABASE_URL says.
        var local = configuration
        local.postgres = nil
        var remote = configuration
        remote.postgres = try CallvaultConfiguration.postgres(url: url, poolSize: configuration.values["CALLVAULT_DATABASE_POOL_SIZE"])
        let progress = Progress(enabled: !json)
        let (report, location) = try await CallvaultApplication.build(local).use { source in
            try await CallvaultApplication.build(remote).use { target in
                let report = try await source.migrateDatabase(to: target) { report in
                    progress.update("recordings \(report.archivedRecordings + report.otherRecordings), transcripts \(report.transcripts)")
                }
                return (report, target.databaseLocation)
            }
        }
        progress.finish()
        if json {
            print(try JSONOutput.encode(report))
        } else {
            print(
                "copied \(report.archivedRecordings) archived and \(report.otherRecordings) other recording(s), "
                    + "\(report.transcripts) transcript(s) and \(report.transcriptStates) transcript state(s), \(report.holdsAdded) hold(s), "
                    + "\(report.auditEntries) audit entr\(report.auditEntries == 1 ? "y" : "ies"), \(report.jobsCopied) waiting job(s) "
                    + "to \(location)")
            for problem in report.problems { print("not copied: recording \(problem.recordingId): \(problem.message)") }
            for mismatch in report.mismatches { print("differs: \(mismatch)") }
            if report.isComplete {
                print(
                    """
                    the target matches the catalog. To switch, set
                      CALLVAULT_DATABASE_URL=<the URL given here>
                    stop the workers, run this command once more (it copies what changed meanwhile), then restart serve and work.
                    """)
            }
        }
        return report.isComplete
    }

    /// Copies the files to the object store; returns whether every file was copied.
    func copyFiles(to storage: String) async throws -> Bool {
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
        return report.isComplete
    }
}
