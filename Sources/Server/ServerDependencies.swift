public import Archive
public import Compliance
public import Essentials
public import JobQueue
public import Logging
public import Pipeline
public import Transcripts

/// Everything the server's routes use, built by the composition root.
public struct ServerDependencies: Sendable {
    /// The queue (health, metrics, the page's operations view).
    public var queue: JobQueue
    /// Calls, recordings and files.
    public var catalog: any CatalogStore
    /// Transcripts and search.
    public var transcripts: any TranscriptCatalog
    /// Where the files are.
    public var storage: any ArchiveStorage
    /// Delivered notifications become events and jobs here.
    public var webhooks: WebhookIntake
    /// The pipeline (RingCentral client, for proxying streams), when RingCentral is configured.
    public var pipeline: PipelineContext?
    /// Signs and checks links.
    public var signer: URLSigner
    /// Where time comes from.
    public var clock: any TimeSource
    /// Where the server logs (the access log among it).
    public var logger: Logger
    /// The webhook's own state (the subscription id), for the page's operations view.
    public var events: (any WebhookEventStore)?
    /// Where every access to customer data is recorded; `nil` records nothing.
    public var audit: (any AuditRecorder)?
    /// Legal holds (shown in a recording's details); `nil` shows none.
    public var compliance: (any ComplianceStore)?
    /// The country of national numbers, for matching phone holds.
    public var phoneCountry: PhoneCountry = .us
    /// Builds export zips; `nil` answers the export route with 404.
    public var exporter: RecordingExporter?

    /// Creates dependencies.
    public init(
        queue: JobQueue, catalog: any CatalogStore, transcripts: any TranscriptCatalog, storage: any ArchiveStorage,
        webhooks: WebhookIntake, pipeline: PipelineContext?, signer: URLSigner, clock: any TimeSource, logger: Logger,
        events: (any WebhookEventStore)? = nil
    ) {
        self.queue = queue
        self.catalog = catalog
        self.transcripts = transcripts
        self.storage = storage
        self.webhooks = webhooks
        self.pipeline = pipeline
        self.signer = signer
        self.clock = clock
        self.logger = logger
        self.events = events
    }
}
