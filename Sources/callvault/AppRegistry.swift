import JobQueue

/// The job kinds, rate limits and schedules of this build.
enum AppRegistry {
    static func make() -> JobRegistry {
        var registry = JobRegistry()
        registry.register(NoopJob.definition())
        return registry
    }
}
