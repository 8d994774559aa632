import Essentials
import Hummingbird
import Transcripts

/// `GET /search?q=…`: the same engine and filters as `callvault search`; every hit carries a
/// signed `streamUrl` that starts a player at the moment (`#t=`).
struct SearchController: Sendable {
    let dependencies: ServerDependencies
    let links: LinkMaker

    func register(on group: RouterGroup<ServerContext>) {
        group.get("/search") { request, _ in try await self.search(request) }
    }

    func search(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        guard let text = query.string("q") else { throw APIError.badRequest("q (what was said) is required") }
        guard text.unicodeScalars.count <= 250 else { throw APIError.badRequest("q is longer than 250 characters") }
        let search = SearchRequest(
            query: SearchQuery.parse(text), fromMillis: try query.time("from"), toMillis: try query.time("to", endOfDay: true),
            phone: try query.phone(), speaker: query.string("speaker"), direction: try query.direction(),
            recordingId: try query.recordingId("recording"), limit: try query.int("limit", default: 20, range: 1...200),
            offset: try query.int("offset", default: 0, range: 0...100_000))
        let results: SearchResults
        do {
            results = try await dependencies.transcripts.search(search)
        } catch let error as TranscriptError where error.code == .invalidQuery {
            throw APIError.badRequest(error.message)
        }
        struct Hit: Encodable {
            var hit: SearchHit
            var streamUrl: String

            func encode(to encoder: any Encoder) throws {
                try hit.encode(to: encoder)
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(streamUrl, forKey: .streamUrl)
            }

            enum Keys: String, CodingKey { case streamUrl }
        }
        struct Body: Encodable {
            var total: Int
            var results: [Hit]
        }
        return try JSONResponse.make(
            Body(
                total: results.total,
                results: results.results.map { Hit(hit: $0, streamUrl: links.stream(recordingId: $0.recordingId, at: $0.start)) }))
    }
}
