import App
import Crypto
import Essentials
import Foundation
import Server
import TestSupport
import Testing
import Transfer

/// Who may read what: the API token, signed links (good, expired, tampered, another path, a
/// rotated key), and errors that say nothing of the machine.
@Suite("API access")
struct AccessTests {
    static let oldKey = SymmetricKey(data: Array(repeating: UInt8(7), count: 32))
    static let newKey = SymmetricKey(data: Array(repeating: UInt8(9), count: 32))

    static func keys(_ keys: [(String, SymmetricKey)]) -> String {
        keys.map { id, key in id + ":" + key.withUnsafeBytes { Data($0).base64EncodedString() } }.joined(separator: ",")
    }

    @Test func everyCustomerRouteNeedsTheTokenAndRefusesAWrongOne() async throws {
        try await withServer { h in
            for path in ["/recordings", "/recordings/123", "/recordings/123/stream", "/recordings/123/transcript", "/search?q=x", "/metrics", "/openapi.yaml"] {
                let anonymous = try await h.get(path, authorized: false)
                #expect(anonymous.status == 401, "\(path)")
                #expect(anonymous.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
                let wrong = try await h.get(path, headers: ["Authorization": "Bearer nope"], authorized: false)
                #expect(wrong.status == 401, "\(path)")
                #expect((ServerHarness.json(wrong)["error"] as? [String: Any])?["code"] as? String == "unauthorized")
            }
            #expect(try await h.get("/healthz", authorized: false).status == 200)
            #expect(try await h.get("/readyz", authorized: false).status == 200)
            #expect(try await h.get("/recordings").status == 200)
        }
    }

    @Test(arguments: BackendKind.all) func signedLinksAreCheckedForMethodPathExpiryAndKey(_ kind: BackendKind) async throws {
        let environment = ["CALLVAULT_URL_KEYS": Self.keys([("k2", Self.newKey), ("k1", Self.oldKey)])]
        try await withServer(kind, environment: environment) { h in
            let now = h.app.clock.nowMillis() / 1000
            let path = "/recordings/424242/transcript"
            let current = URLSigner(keys: [.init(id: "k2", secret: Self.newKey)])
            let retired = URLSigner(keys: [.init(id: "k1", secret: Self.oldKey)])
            let gone = URLSigner(keys: [.init(id: "k0", secret: SymmetricKey(size: .bits256))])

            // Good links pass authentication (the recording does not exist: 404, not 401/403).
            #expect(try await h.get(path + "?" + current.query(method: "GET", path: path, expires: now + 60), authorized: false).status == 404)
            #expect(try await h.get(path + "?" + retired.query(method: "GET", path: path, expires: now + 60), authorized: false).status == 404)

            var tampered = current.query(method: "GET", path: path, expires: now + 60)
            tampered = tampered.replacingOccurrences(of: "exp=\(now + 60)", with: "exp=\(now + 86_400)")
            let refused: [(String, String)] = [
                (current.query(method: "GET", path: path, expires: now - 1), "expired"),
                (gone.query(method: "GET", path: path, expires: now + 60), "no longer accepted"),
                (current.query(method: "GET", path: "/recordings/1/transcript", expires: now + 60), "does not match"),
                (tampered, "does not match"),
                ("exp=1&kid=k2", "not signed"),
            ]
            for (query, reason) in refused {
                let response = try await h.get(path + "?" + query, authorized: false)
                #expect(response.status == 403)
                let message = (ServerHarness.json(response)["error"] as? [String: Any])?["message"] as? String
                #expect(message?.contains(reason) == true, "\(query): \(message ?? "")")
            }
        }
    }

    @Test func failuresAreJSONAndSayNothingOfTheMachine() async throws {
        try await withServer { h in
            for path in ["/recordings/../../etc/passwd", "/recordings/%00", "/nothing-here", "/recordings?limit=abc", "/search?q=", "/recordings?cursor=!!"] {
                let response = try await h.get(path)
                #expect((400..<500).contains(response.status), "\(path): \(response.status)")
                let text = response.bodyText
                #expect(!text.contains(h.home.path))
                #expect(!text.contains("/tmp/"))
                #expect(!text.contains(".swift"))
                if response.status != 404 || path != "/nothing-here" {
                    #expect(ServerHarness.json(response)["error"] != nil, "\(path): \(text)")
                }
            }
        }
    }
}
