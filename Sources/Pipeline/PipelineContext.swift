public import Foundation
public import JobQueue
public import Logging
public import RingCentral

/// What the pipeline's handlers share: where the archive lives and how to reach RingCentral.
public struct PipelineContext: Sendable {
    /// `CALLVAULT_HOME`.
    public var home: String
    public var client: RingCentralClient
    public var queue: JobQueue
    public var logger: Logger

    public init(home: String, client: RingCentralClient, queue: JobQueue, logger: Logger = Logger(label: "callvault.pipeline")) {
        self.home = home
        self.client = client
        self.queue = queue
        self.logger = logger
    }

    /// `home/tmp`, created when missing; partial work lives only here.
    public func temporaryDirectory() throws -> String {
        let path = (home as NSString).appendingPathComponent("tmp")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
