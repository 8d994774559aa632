import Foundation
import Hummingbird
import NIOCore

/// `GET /openapi.yaml`: the OpenAPI 3.1 description of the API, shipped in the binary.
struct OpenAPIController: Sendable {
    func register(on group: RouterGroup<ServerContext>) {
        group.get("/openapi.yaml") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let data = try? Data(contentsOf: url) else {
                throw APIError(.internalServerError, "internal", "the API description is missing from this build")
            }
            var headers: HTTPFields = [.contentType: "application/yaml; charset=utf-8", .contentLength: String(data.count)]
            headers[.cacheControl] = "public, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
