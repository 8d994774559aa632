import JobQueue
import Pipeline
import RingCentral

/// The job kinds, rate limits and schedules of this build.
enum AppRegistry {
    /// The built-in kinds, plus the pipeline's when RingCentral is configured.
    static func make(pipeline: PipelineContext?) -> JobRegistry {
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        for budget in RingCentralClient.defaultBudgets { registry.declare(budget) }
        if let pipeline {
            registry.register(DownloadRecordingJob.definition(pipeline))
        }
        return registry
    }
}
