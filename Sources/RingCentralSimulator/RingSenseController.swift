import Foundation
import Hummingbird

/// RingSense (AI Conversation Expert) insights: `GET /ai/ringsense/v1/public/accounts/{accountId}/domains/{domain}/
/// records/{sourceRecordId}/insights` and `…/sessions/{sourceSessionId}/insights`; Light, app permission `RingSense`.
///
/// Insights exist ``SimulatorConfiguration/insightsDelay`` after the recorded call (or leg) ends; before that, and for
/// unknown recordings, the answer is `404` with the spec's `ApiErrorResponseModel` (`{"errors": [{"errorCode":
/// "CMN-102", …}]}`). RingCentral does not document what the GET returns before processing has finished; 404 is the
/// simulator's choice. Only the `pbx` domain has data; other valid domains answer 404, invalid ones 400.
struct RingSenseController: Sendable {
    let router: SimulatorRouter
    var simulator: RingCentralSimulator { self.router.simulator }

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.get("/ai/ringsense/v1/public/accounts/:accountId/domains/:domain/records/:recordingId/insights") { request, context in
            let recordingId = context.parameters.get("recordingId")
            let spec = RouteSpec(name: "ringsense.record", group: .light, authentication: .bearer, target: .ringSense, permission: "RingSense")
            return await self.router.respond(request, spec, recordingId: recordingId) { _ in
                let types = try self.check(request, accountId: context.parameters.get("accountId"), domain: context.parameters.get("domain"))
                let notFound = SimulatorError.errorsOnly(
                    .notFound, code: "CMN-102", message: "Resource for parameter [sourceRecordId] is not found", parameterName: "sourceRecordId"
                )
                guard let recordingId, let found = self.simulator.recording(id: recordingId) else { throw notFound }
                if self.simulator.configuration.unlicensedRecordingIds.contains(recordingId) {
                    throw SimulatorError.errorsOnly(
                        .forbidden, code: "CMN-401",
                        message: "In order to call this API endpoint, user needs to have [ReadRingSenseInsights] permission",
                        parameterName: "sourceRecordId")
                }
                guard let version = self.simulator.insightsVersion(call: found.call, recording: found.recording),
                    !self.simulator.ringSenseStillProcessing(recordingId: recordingId)
                else { throw notFound }
                return SimulatorRouter.json(self.insights(call: found.call, recording: found.recording, version: version, types: types))
            }
        }
        router.get("/ai/ringsense/v1/public/accounts/:accountId/domains/:domain/sessions/:sessionId/insights") { request, context in
            let spec = RouteSpec(name: "ringsense.session", group: .light, authentication: .bearer, target: .ringSense, permission: "RingSense")
            return await self.router.respond(request, spec) { _ in
                let types = try self.check(request, accountId: context.parameters.get("accountId"), domain: context.parameters.get("domain"))
                let sessionId = context.parameters.get("sessionId") ?? ""
                guard let call = self.simulator.calls.first(where: { $0.telephonySessionId == sessionId }) else {
                    throw SimulatorError.errorsOnly(
                        .notFound, code: "CMN-102", message: "Resource for parameter [sourceSessionId] is not found", parameterName: "sourceSessionId"
                    )
                }
                let records: [JSONValue] = call.allRecordings.compactMap { recording in
                    guard let version = self.simulator.insightsVersion(call: call, recording: recording) else { return nil }
                    return self.insights(call: call, recording: recording, version: version, types: types)
                }
                // `SessionsInsightsResource`: every `RSPagingModel` member is required.
                var paging: [(key: String, value: JSONValue)] = [(key: "page", value: 1), (key: "perPage", value: .int(max(records.count, 1)))]
                paging.append((key: "pageStart", value: 0))
                paging.append((key: "pageEnd", value: .int(max(records.count - 1, 0))))
                paging.append((key: "totalElements", value: .int(records.count)))
                paging.append((key: "sortableFields", value: ["recordingStartTime"]))
                return SimulatorRouter.json(["records": .array(records), "paging": .object(paging)])
            }
        }
    }

    /// Validates the account, the domain and `insightTypes` (comma-separated, `AIInsightsTypes`); returns the types
    /// asked for, `nil` meaning all.
    private func check(_ request: Request, accountId: String?, domain: String?) throws -> Set<String>? {
        guard let accountId, accountId == "~" || accountId == self.simulator.configuration.accountId else {
            throw SimulatorError.errorsOnly(.notFound, code: "CMN-102", message: "Resource for parameter [accountId] is not found", parameterName: "accountId")
        }
        guard let domain, EventFilter.ringSenseDomains.contains(domain) else {
            throw SimulatorError.errorsOnly(.badRequest, code: "CMN-101", message: "Parameter [domain] value is invalid.", parameterName: "domain")
        }
        guard domain == "pbx" else {
            throw SimulatorError.errorsOnly(.notFound, code: "CMN-102", message: "Resource for parameter [domain] is not found", parameterName: "domain")
        }
        guard let value = request.uri.queryParameters.get("insightTypes"), !value.isEmpty else { return nil }
        let list = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard list.allSatisfy({ InsightsGenerator.ringSenseTypes.contains($0) }) else {
            throw SimulatorError.errorsOnly(.badRequest, code: "CMN-101", message: "Parameter [insightTypes] value is invalid.", parameterName: "insightTypes")
        }
        return Set(list)
    }

    private func insights(call: SimulatedCall, recording: SimulatedRecording, version: InsightsVersion, types: Set<String>?) -> JSONValue {
        self.simulator.insightsGenerator.recordingInsights(
            call: call, recording: recording, transcript: self.simulator.recordingTranscript(call: call, recording: recording),
            version: version, types: types
        )
    }
}
