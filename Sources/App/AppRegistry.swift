import Archive
import Compliance
import Foundation
import JobQueue
import Media
import Pipeline
import RingCentral

/// The job kinds, rate limits and schedules of this build.
enum AppRegistry {
    /// The built-in kinds, plus the pipeline's when RingCentral is configured.
    static func make(
        pipeline: PipelineContext?, configuration: CallvaultConfiguration, events: any WebhookEventStore, eraser: RecordingEraser
    ) -> JobRegistry {
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        registry.register(RetentionJob.definition(eraser))
        if let days = configuration.retentionDays {
            registry.schedule(RetentionJob.schedule(olderThanDays: days, timeZone: configuration.archive.timeZone.identifier))
        }
        for group in RateLimitGroup.all {
            registry.declare(RateLimit(key: group.key, limit: group.defaultLimit, windowMillis: group.defaultWindowMillis))
        }
        if let pipeline {
            registry.register(DownloadRecordingJob.definition(pipeline))
            registry.register(SyncCallLogJob.definition(pipeline))
            registry.schedule(SyncCallLogJob.schedule(everySeconds: configuration.syncIntervalSeconds))
            registry.register(
                NormalizeRecordingJob.definition(pipeline, policy: configuration.format, loudnessTarget: configuration.loudnessTarget))
            registry.register(FetchInsightsJob.definition(pipeline))
            registry.register(TranscribeRecordingJob.definition(pipeline))
            registry.register(FetchCallBySessionJob.definition(pipeline))
            registry.register(IngestWebhookEventJob.definition(pipeline, events: events))
        }
        return registry
    }
}
