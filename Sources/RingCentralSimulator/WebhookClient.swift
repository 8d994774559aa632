import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Outbound HTTP for webhook validation, event deliveries, AI callbacks and the AI service's media fetches
/// (URLSession). Deadlines here are real network timeouts, not simulated time.
final class WebhookClient: Sendable {
    /// The outcome of one POST.
    struct Outcome: Sendable {
        var status: Int?
        var headers: [String: String]
        var body: [UInt8]
        var error: String?
    }

    private let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    /// POSTs `body` to `address`, giving up after `timeout` seconds.
    ///
    /// The deadline is enforced here rather than by URLSession, whose Linux implementation works in whole seconds.
    func post(_ address: String, headers: [String: String], body: [UInt8], timeout: TimeInterval) async -> Outcome {
        guard let url = URL(string: address) else {
            return Outcome(status: nil, headers: [:], body: [], error: "invalid address")
        }
        return await self.perform(url, method: "POST", headers: headers, body: body, timeout: timeout)
    }

    /// GETs `address` without custom headers (as RingCentral's AI service fetches a `contentUri`), giving up after
    /// `timeout` seconds.
    func get(_ address: String, timeout: TimeInterval) async -> Outcome {
        guard let url = URL(string: address) else {
            return Outcome(status: nil, headers: [:], body: [], error: "invalid address")
        }
        return await self.perform(url, method: "GET", headers: [:], body: nil, timeout: timeout)
    }

    private func perform(_ url: URL, method: String, headers: [String: String], body: [UInt8]?, timeout: TimeInterval) async -> Outcome {
        await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await self.send(url, method: method, headers: headers, body: body, timeout: timeout) }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? Outcome(status: nil, headers: [:], body: [], error: "Read timed out after \(timeout) s")
        }
    }

    private func send(_ url: URL, method: String, headers: [String: String], body: [UInt8]?, timeout: TimeInterval) async -> Outcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(timeout, 1) + 1)
        request.httpMethod = method
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        request.httpBody = body.map { Data($0) }
        do {
            let (data, response) = try await self.session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                return Outcome(status: nil, headers: [:], body: Array(data), error: "not HTTP")
            }
            var fields: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                if let key = key as? String, let value = value as? String {
                    fields[key.lowercased()] = value
                }
            }
            return Outcome(status: http.statusCode, headers: fields, body: Array(data), error: nil)
        } catch {
            return Outcome(status: nil, headers: [:], body: [], error: "\(error)")
        }
    }
}
