import Compliance
import Essentials
import Hummingbird

/// Records every access to customer data in the audit once it is answered: streams (the range
/// asked for), a recording's details, transcripts, the listing and search (the query and the
/// filters), exports, each with how it was allowed (`token`, `signed-link:{kid}`,
/// `session:{id}`), never the secret. Recording hands the event to the ``AuditRecorder`` and
/// returns at once: the audit never slows or fails a request. Refused requests (401, 403) are
/// not customer-data accesses and are not recorded here.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let recorder: any AuditRecorder
    let clock: any TimeSource

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            record(request, context: context, status: Int(response.status.code))
            return response
        } catch let error as APIError {
            record(request, context: context, status: Int(error.status.code))
            throw error
        } catch {
            record(request, context: context, status: 500)
            throw error
        }
    }

    /// The event of a request, or `nil` for a route that touches no customer data.
    static func event(path: String, method: String, query: [String: String], range: String?, access: String, status: Int, at: Int64)
        -> AuditEvent?
    {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var details: [String: String] = ["status": String(status)]
        if method == "HEAD" { details["method"] = "HEAD" }
        let action: AuditAction
        var recordingId: String?
        switch (parts.first, parts.count) {
        case ("recordings", 1):
            action = .recordingList
            for (key, value) in query where ["from", "to", "phone", "direction", "has_transcript", "cursor", "limit"].contains(key) {
                details[key] = value
            }
        case ("recordings", 2):
            action = .recordingRead
            recordingId = parts[1]
        case ("recordings", 3) where parts[2] == "stream":
            action = .stream
            recordingId = parts[1]
            details["range"] = range ?? "all"
        case ("recordings", 3) where parts[2] == "transcript":
            action = .transcriptRead
            recordingId = parts[1]
            details["format"] = query["format"] ?? "json"
        case ("recordings", 3) where parts[2] == "export":
            action = .export
            recordingId = parts[1]
            details["route"] = "GET /recordings/{id}/export"
        case ("search", 1):
            action = .search
            for (key, value) in query where ["q", "from", "to", "phone", "speaker", "direction", "recording", "limit", "offset"].contains(key) {
                details[key == "q" ? "query" : key] = value
            }
        default:
            return nil
        }
        return AuditEvent(at: at, action: action, actor: access, recordingId: recordingId, details: details)
    }

    private func record(_ request: Request, context: ServerContext, status: Int) {
        guard let access = context.access else { return }
        var query: [String: String] = [:]
        if request.uri.query != nil {
            for (key, value) in request.uri.queryParameters where !["sig", "kid", "exp"].contains(String(key)) {
                query[String(key)] = String(value)
            }
        }
        guard
            let event = Self.event(
                path: request.uri.path, method: request.method.rawValue, query: query, range: request.headers[.range],
                access: access.description, status: status, at: clock.nowMillis())
        else { return }
        recorder.record(event)
    }
}
