import Foundation
import Hummingbird

/// The company and user call log (`Heavy`, app permission `ReadCallLog`), with RingCentral's filters, paging and
/// navigation. A call appears only ``SimulatorConfiguration/callLogDelay`` after it ends (on the simulator's clock),
/// and the default window ends at the clock's now.
struct CallLogController: Sendable {
    let router: SimulatorRouter
    var simulator: RingCentralSimulator { self.router.simulator }

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        let spec = RouteSpec(name: "call-log", group: .heavy, authentication: .bearer, target: .callLog, permission: "ReadCallLog")
        router.get("/restapi/v1.0/account/:accountId/call-log") { request, context in
            await self.router.respond(request, spec) { _ in
                try self.router.checkAccount(context.parameters.get("accountId"))
                return try self.list(request, userLog: false)
            }
        }
        router.get("/restapi/v1.0/account/:accountId/extension/:extensionId/call-log") { request, context in
            await self.router.respond(request, spec) { _ in
                try self.router.checkAccount(context.parameters.get("accountId"))
                try self.router.checkExtension(context.parameters.get("extensionId"))
                return try self.list(request, userLog: true)
            }
        }
        router.get("/restapi/v1.0/account/:accountId/call-log/:callRecordId") { request, context in
            let spec = RouteSpec(name: "call-log.record", group: .heavy, authentication: .bearer, target: .callLog, permission: "ReadCallLog")
            return await self.router.respond(request, spec) { _ in
                try self.router.checkAccount(context.parameters.get("accountId"))
                let id = context.parameters.get("callRecordId") ?? ""
                guard let call = self.simulator.visibleCalls.first(where: { $0.id == id }) else {
                    throw SimulatorError.notFound(parameter: "callRecordId")
                }
                let detailed = request.uri.queryParameters.get("view") == "Detailed"
                return SimulatorRouter.json(call.json(detailed: detailed, accountURI: self.accountURI, mediaAccountURI: self.mediaAccountURI))
            }
        }
    }

    var accountURI: String {
        "\(self.simulator.platformBase)/restapi/v1.0/account/\(self.simulator.configuration.accountId)"
    }

    var mediaAccountURI: String {
        "\(self.simulator.mediaBase)/restapi/v1.0/account/\(self.simulator.configuration.accountId)"
    }

    private func list(_ request: Request, userLog: Bool) throws -> Response {
        let query = request.uri.queryParameters
        let view = query.get("view") ?? "Simple"
        guard view == "Simple" || view == "Detailed" else { throw SimulatorError.invalidParameter("view") }
        let directions = query.getAll("direction")
        guard directions.allSatisfy({ $0 == "Inbound" || $0 == "Outbound" }) else { throw SimulatorError.invalidParameter("direction") }
        let types = query.getAll("type")
        guard types.allSatisfy({ $0 == "Voice" || $0 == "Fax" }) else { throw SimulatorError.invalidParameter("type") }
        let recordingType = query.get("recordingType")
        if let recordingType, !["Automatic", "OnDemand", "All"].contains(recordingType) {
            throw SimulatorError.invalidParameter("recordingType")
        }
        var withRecording = false
        if let value = query.get("withRecording") {
            guard let parsed = Bool(value.lowercased()) else { throw SimulatorError.invalidParameter("withRecording") }
            withRecording = parsed
        }
        var showBlocked = true
        if let value = query.get("showBlocked") {
            guard let parsed = Bool(value.lowercased()) else { throw SimulatorError.invalidParameter("showBlocked") }
            showBlocked = parsed
        }
        var dateTo = self.simulator.now
        if let value = query.get("dateTo") {
            guard let parsed = ISO8601.parse(value) else { throw SimulatorError.invalidParameter("dateTo") }
            dateTo = parsed
        }
        var dateFrom = dateTo.addingTimeInterval(-24 * 3600)
        if let value = query.get("dateFrom") {
            guard let parsed = ISO8601.parse(value) else { throw SimulatorError.invalidParameter("dateFrom") }
            dateFrom = parsed
        }
        var perPage = 100
        if let value = query.get("perPage") {
            if value.lowercased() == "max" {
                perPage = 1000
            } else {
                guard let parsed = Int(value), parsed >= 1 else { throw SimulatorError.invalidParameter("perPage") }
                perPage = min(parsed, 1000)
            }
        }
        var page = 1
        if let value = query.get("page") {
            guard let parsed = Int(value), parsed >= 1 else { throw SimulatorError.invalidParameter("page") }
            page = parsed
        }
        let sessionId = query.get("sessionId")
        let telephonySessionId = query.get("telephonySessionId")

        let matching = self.simulator.visibleCalls.filter { call in
            guard call.startTime >= dateFrom, call.startTime <= dateTo else { return false }
            if !directions.isEmpty, !directions.contains(call.direction) { return false }
            if !types.isEmpty, !types.contains(call.type) { return false }
            if userLog, !showBlocked, call.result == "Blocked" { return false }
            if let sessionId, call.sessionId != sessionId { return false }
            if let telephonySessionId, call.telephonySessionId != telephonySessionId { return false }
            let recordings = call.allRecordings
            if let recordingType {
                if recordingType == "All" {
                    if recordings.isEmpty { return false }
                } else if !recordings.contains(where: { $0.type == recordingType }) {
                    return false
                }
            } else if withRecording, recordings.isEmpty {
                return false
            }
            return true
        }

        let start = (page - 1) * perPage
        let slice = start < matching.count ? Array(matching[start..<min(start + perPage, matching.count)]) : []
        let detailed = view == "Detailed"
        let records = slice.map { $0.json(detailed: detailed, accountURI: self.accountURI, mediaAccountURI: self.mediaAccountURI) }

        let path = request.uri.path
        let kept = (request.uri.query ?? "").split(separator: "&").filter { item in
            let key = item.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return key != "page" && key != "perPage"
        }.joined(separator: "&")
        func pageURI(_ number: Int) -> JSONValue {
            let prefix = kept.isEmpty ? "" : kept + "&"
            return ["uri": .string("\(self.simulator.platformBase)\(path)?\(prefix)page=\(number)&perPage=\(perPage)")]
        }
        var paging: [(key: String, value: JSONValue)] = []
        if !slice.isEmpty {
            paging.append((key: "page", value: .int(page)))
        }
        paging.append((key: "perPage", value: .int(perPage)))
        if !slice.isEmpty {
            paging.append((key: "pageStart", value: .int(start)))
            paging.append((key: "pageEnd", value: .int(start + slice.count - 1)))
        }
        var navigation: [(key: String, value: JSONValue)] = [(key: "firstPage", value: pageURI(1))]
        if start + slice.count < matching.count, !slice.isEmpty {
            navigation.append((key: "nextPage", value: pageURI(page + 1)))
        }
        if page > 1 {
            navigation.append((key: "previousPage", value: pageURI(page - 1)))
        }
        let body: JSONValue = [
            "uri": pageURI(page)["uri"]!,
            "records": .array(records),
            "paging": .object(paging),
            "navigation": .object(navigation),
        ]
        return SimulatorRouter.json(body)
    }
}
