public import Foundation
public import RingCentral

/// What the pipeline's handlers share: where the archive lives and how to reach RingCentral.
public struct PipelineContext: Sendable {
    /// `CALLVAULT_HOME`.
    public var home: String
    public var client: RingCentralClient

    public init(home: String, client: RingCentralClient) {
        self.home = home
        self.client = client
    }

    /// `home/tmp`, created when missing; partial work lives only here.
    public func temporaryDirectory() throws -> String {
        let path = (home as NSString).appendingPathComponent("tmp")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
