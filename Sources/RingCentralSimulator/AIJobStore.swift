import Foundation
import Synchronization

/// AI async jobs and their results.
final class AIJobStore: Sendable {
    struct Job: Sendable {
        var jobId: String
        var api: String
        var creationTime: Date
        /// When the job finishes (`InProgress` until then).
        var readyTime: Date
        var webhook: String
        /// `Success` or `Fail` once ready.
        var status: String
        /// `TranscribedObject`/`InteractionObject` for `Success`, `CaiErrorResponse` for `Fail`.
        var response: JSONValue
        var callbackSent = false

        /// Job results are kept for a week.
        var expirationTime: Date { self.creationTime.addingTimeInterval(7 * 24 * 3600) }

        /// `JobStatusResponse` (also the callback body): `jobId`, `api` (in RingCentral's samples, not in the spec),
        /// `creationTime`, `expirationTime`, then `completionTime`, `status` and `response` once finished, or
        /// `status: InProgress` (documented, though the spec's enum lists only `Success`/`Fail`).
        func json(now: Date) -> JSONValue {
            var body: [(key: String, value: JSONValue)] = [
                (key: "jobId", value: .string(self.jobId)),
                (key: "api", value: .string(self.api)),
                (key: "creationTime", value: .string(ISO8601.string(self.creationTime))),
                (key: "expirationTime", value: .string(ISO8601.string(self.expirationTime))),
            ]
            if now >= self.readyTime {
                body.append((key: "completionTime", value: .string(ISO8601.string(self.readyTime))))
                body.append((key: "status", value: .string(self.status)))
                body.append((key: "response", value: self.response))
            } else {
                body.append((key: "status", value: "InProgress"))
            }
            return .object(body)
        }
    }

    private let jobs = Mutex<[String: Job]>([:])

    func add(_ job: Job) {
        self.jobs.withLock { $0[job.jobId] = job }
    }

    /// A job that exists and has not expired.
    func get(_ id: String, now: Date) -> Job? {
        self.jobs.withLock { jobs in
            guard let job = jobs[id], job.expirationTime > now else { return nil }
            return job
        }
    }

    /// Makes every unfinished job ready now; returns them.
    func completeAll(now: Date) -> [Job] {
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
    func claimCallback(_ id: String, now: Date) -> Job? {
        self.jobs.withLock { jobs in
            guard let job = jobs[id], !job.callbackSent, job.readyTime <= now else { return nil }
            jobs[id]?.callbackSent = true
            return job
        }
    }
}
