import Archive
import JobQueue
import Media
import Pipeline
import RingCentral

/// The job kinds, rate limits and schedules of this build.
enum AppRegistry {
    /// The built-in kinds, plus the pipeline's when RingCentral is configured.
    static func make(
        pipeline: PipelineContext?, archive: ArchiveConfiguration? = nil, policy: NormalizationPolicy = .mp3,
        loudnessTarget: Double? = nil, syncEverySeconds: Int = 900
    )
        -> JobRegistry
    {
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        for budget in RingCentralClient.defaultBudgets { registry.declare(budget) }
        if let pipeline {
            registry.register(DownloadRecordingJob.definition(pipeline))
            registry.register(SyncCallLogJob.definition(pipeline))
            registry.schedule(SyncCallLogJob.schedule(everySeconds: syncEverySeconds))
            if let archive {
                registry.register(
                    NormalizeRecordingJob.definition(pipeline, archive: archive, policy: policy, loudnessTarget: loudnessTarget)
                )
            }
        }
        return registry
    }
}
