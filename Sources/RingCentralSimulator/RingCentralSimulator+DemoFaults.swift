extension RingCentralSimulator {
    /// The faults RingCentral really produces, each on its own recording (every fourth recording
    /// by id, while there are enough): a 503, a body cut in half, a `CMN-301` rate-limit body
    /// with status 200, a connection reset, an HTML error page labelled as audio, and a 404.
    ///
    /// `callvault demo` switches them on so its run shows every failure class being handled.
    public func injectDemoFaults() {
        let ids = calls.flatMap(\.allRecordings).map(\.id).sorted()
        let faults: [SimulatorFault.Kind] = [
            .serverError(503), .truncatedBody(fraction: 0.5), .okWithRateLimitBody, .connectionReset(afterBytes: 20_000),
            .htmlErrorPageAsAudio, .notFound,
        ]
        for (index, kind) in faults.enumerated() where index * 4 < ids.count {
            inject(SimulatorFault(kind, target: .content, recordingId: ids[index * 4]))
        }
    }
}
