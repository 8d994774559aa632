import Hummingbird
import NIOCore

/// `GET /openapi.yaml`: the OpenAPI 3.1 description of the API, compiled into the binary.
struct OpenAPIController: Sendable {
    func register(on group: RouterGroup<ServerContext>) {
        group.get("/openapi.yaml") { _, _ in
            let data = PackageResources.openapi_yaml
            var headers: HTTPFields = [.contentType: "application/yaml; charset=utf-8", .contentLength: String(data.count)]
            headers[.cacheControl] = "public, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
