import Foundation
import Synchronization

/// AI async jobs and their results.
final class AIJobStore: Sendable {
    struct Job: Sendable {
        var jobId: String
        var api: String
        var creationTime: Date
        var readyTime: Date
        var webhook: String
        var response: JSONValue
        var callbackSent = false

        func json(now: Date = Date()) -> JSONValue {
            var body: JSONValue = [
                "jobId": .string(self.jobId),
                "api": .string(self.api),
                "creationTime": .string(ISO8601.string(self.creationTime)),
                "expirationTime": .string(ISO8601.string(self.creationTime.addingTimeInterval(7 * 24 * 3600))),
            ]
            if now >= self.readyTime {
                body = body.setting("completionTime", to: .string(ISO8601.string(self.readyTime)))
                    .setting("status", to: "Success")
                    .setting("response", to: self.response)
            } else {
                body = body.setting("status", to: "InProgress")
            }
            return body
        }
    }

    private let jobs = Mutex<[String: Job]>([:])

    func add(_ job: Job) {
        self.jobs.withLock { $0[job.jobId] = job }
    }

    func get(_ id: String) -> Job? {
        self.jobs.withLock { $0[id] }
    }

    /// Makes every unfinished job ready now; returns them.
    func completeAll(now: Date = Date()) -> [Job] {
        self.jobs.withLock { jobs in
            var completed: [Job] = []
            for (id, job) in jobs where job.readyTime > now {
                jobs[id]?.readyTime = now
                completed.append(jobs[id]!)
            }
            return completed
        }
    }

    /// Claims the callback of a ready job exactly once.
    func claimCallback(_ id: String, now: Date = Date()) -> Job? {
        self.jobs.withLock { jobs in
            guard let job = jobs[id], !job.callbackSent, job.readyTime <= now else { return nil }
            jobs[id]?.callbackSent = true
            return job
        }
    }
}
