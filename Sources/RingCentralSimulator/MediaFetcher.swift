import Foundation

/// How the simulated AI service downloads a job's `contentUri`: with a plain GET and no custom headers, so a
/// RingCentral recording is readable only with `?access_token=` in the URI.
///
/// URIs on the simulator's own listeners are resolved in process (the fetch does not count against the caller's rate
/// limits): the media listener serves the recording when the `access_token` is valid and carries `ReadCallRecording`,
/// and the platform listener serves no media at all. Other URIs are fetched over the network.
struct MediaFetcher: Sendable {
    let simulator: RingCentralSimulator

    enum Outcome: Sendable {
        /// The media, and the simulated recording it is when the URI named one.
        case fetched(bytes: [UInt8], call: SimulatedCall?, recording: SimulatedRecording?)
        /// Why the download failed (reported in the job's `Fail` response).
        case failed(String)
    }

    func fetch(_ contentUri: String) async -> Outcome {
        self.simulator.countRoute("ai.media-fetch")
        guard let components = URLComponents(string: contentUri), let host = components.host, let scheme = components.scheme,
            scheme == "http" || scheme == "https"
        else {
            return .failed("The contentUri is not an http(s) URI")
        }
        let ports = self.simulator.boundPorts
        let ownHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]", self.simulator.configuration.host.lowercased()]
        if ownHosts.contains(host.lowercased()), let port = components.port {
            if port == ports.media {
                return await self.fromMediaListener(components)
            }
            if port == ports.platform {
                return .failed("Media download failed: HTTP 404 (the platform host serves no media)")
            }
        }
        let outcome = await self.simulator.webhookClient.get(contentUri, timeout: self.simulator.configuration.aiMediaFetchTimeout)
        guard let status = outcome.status else {
            return .failed("Media download failed: \(outcome.error ?? "no response")")
        }
        guard status == 200 else {
            return .failed("Media download failed: HTTP \(status)")
        }
        return .fetched(bytes: outcome.body, call: nil, recording: nil)
    }

    private func fromMediaListener(_ components: URLComponents) async -> Outcome {
        let segments = components.path.split(separator: "/").map(String.init)
        let configuration = self.simulator.configuration
        guard segments.count == 7, segments[0] == "restapi", segments[2] == "account",
            segments[3] == "~" || segments[3] == configuration.accountId, segments[4] == "recording", segments[6] == "content"
        else {
            return .failed("Media download failed: HTTP 404")
        }
        guard let token = components.queryItems?.first(where: { $0.name == "access_token" })?.value, !token.isEmpty else {
            return .failed("Media download failed: HTTP 401 (no access_token in the contentUri; the AI service sends no headers)")
        }
        let (validity, grant) = self.simulator.tokens.validate(token)
        guard validity == .valid, let grant else {
            return .failed("Media download failed: HTTP 401 (the access_token is not valid)")
        }
        guard grant.scope.contains("ReadCallRecording") else {
            return .failed("Media download failed: HTTP 403 (the token lacks ReadCallRecording)")
        }
        guard let found = self.simulator.recording(id: segments[5]), self.simulator.isVisible(found.call, now: self.simulator.now),
            let rendered = try? await self.simulator.audio.audio(for: found.recording)
        else {
            return .failed("Media download failed: HTTP 404")
        }
        return .fetched(bytes: rendered.bytes, call: found.call, recording: found.recording)
    }
}
