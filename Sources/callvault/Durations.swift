/// Human-readable durations.
enum Durations {
    static func describe(millis: Int64) -> String {
        if millis < 1_000 { return "\(millis) ms" }
        let seconds = millis / 1_000
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7_200 { return "\(seconds / 60) min" }
        if seconds < 172_800 { return "\(seconds / 3_600) h" }
        return "\(seconds / 86_400) d"
    }
}
