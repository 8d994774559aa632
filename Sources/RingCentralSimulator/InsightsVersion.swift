import Foundation

/// One version of a recording's RingSense insights and when it exists.
///
/// The first version appears ``SimulatorConfiguration/insightsDelay`` after the recorded call (or leg) ends; for a
/// deterministic share of recordings (``SimulatorConfiguration/insightsRevisionFraction``) a second version replaces it
/// ``SimulatorConfiguration/insightsRevisionDelay`` later, with the same `creationTime`, a newer `lastModifiedTime` and
/// revised content. RingCentral documents two insights events when AI Notes was on for a call ("the 1st event is
/// triggered by AI Notes, and the 2nd event is triggered by RingSense"); how the content differs is not documented.
struct InsightsVersion: Sendable, Hashable {
    /// 1 for the first version, 2 for the revision.
    var number: Int
    /// When the insights were first created.
    var creationTime: Date
    /// When this version was made.
    var lastModifiedTime: Date
}
