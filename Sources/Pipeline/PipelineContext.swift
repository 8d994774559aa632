public import Archive
public import Essentials
import Foundation
public import RingCentral
public import Transcripts

/// What the pipeline's handlers share: the RingCentral client, the catalog, the filer and where
/// partial work lives.
public struct PipelineContext: Sendable {
    /// The RingCentral API.
    public var client: RingCentralClient
    /// Calls, recordings and files, with their follow-up jobs.
    public var catalog: any CatalogStore
    /// Files recordings into the archive storage.
    public var archive: ArchiveStore
    /// Transcripts and search.
    public var transcripts: any TranscriptCatalog
    /// How transcripts are fetched.
    public var transcriptSettings: TranscriptSettings
    /// Where time comes from.
    public var clock: any TimeSource

    /// Creates a context.
    public init(
        client: RingCentralClient, catalog: any CatalogStore, transcripts: any TranscriptCatalog, archive: ArchiveStore,
        transcriptSettings: TranscriptSettings = TranscriptSettings(), clock: any TimeSource
    ) {
        self.client = client
        self.catalog = catalog
        self.transcripts = transcripts
        self.archive = archive
        self.transcriptSettings = transcriptSettings
        self.clock = clock
    }

    /// `$CALLVAULT_HOME/tmp`, created when missing; partial work lives only here.
    public func temporaryDirectory() throws -> String {
        let path = archive.layout.tmpDirectory
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
