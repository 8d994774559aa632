/// RingSense insights with the body they were decoded from, kept as received.
public struct RingSenseDocument: Sendable {
    /// The typed insights.
    public var insights: RecordingInsights
    /// The response body exactly as RingCentral sent it.
    public var body: [UInt8]

    /// Creates a document.
    public init(insights: RecordingInsights, body: [UInt8]) {
        self.insights = insights
        self.body = body
    }
}
