import Foundation

/// Default worker names: `host:pid:suffix`.
enum WorkerName {
    static func make() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(host):\(getpid()):\(suffix)"
    }
}
