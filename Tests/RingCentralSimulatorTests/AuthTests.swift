import Foundation
import RingCentralSimulator
import Testing

struct AuthTests {
    @Test func jwtGrantReturnsTokenInfo() async throws {
        try await withSimulator { sim in
            let result = try await sim.tokenRequest("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=sim-jwt-credential")
            #expect(result.status == 200)
            #expect(result.header("X-Rate-Limit-Group") == "auth")
            let body = result.json
            #expect(body["token_type"]?.stringValue == "bearer")
            #expect(body["expires_in"]?.intValue == 3600)
            #expect(body["refresh_token_expires_in"]?.intValue == 604_800)
            #expect(body["owner_id"]?.stringValue == sim.configuration.extensionId)
            #expect(body["session_id"]?.stringValue?.isEmpty == false)
            #expect(body["scope"]?.stringValue?.contains("ReadCallRecording") == true)
            let token = try #require(body["access_token"]?.stringValue)
            let log = try await sim.get("/restapi/v1.0/account/~/call-log", token: token)
            #expect(log.status == 200)
        }
    }

    @Test func badClientAndBadJWT() async throws {
        try await withSimulator { sim in
            let badClient = try await sim.tokenRequest(
                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=sim-jwt-credential",
                authorization: "Basic " + Data("wrong:secret".utf8).base64EncodedString()
            )
            #expect(badClient.status == 401)
            #expect(badClient.json["error"]?.stringValue == "invalid_client")
            #expect(badClient.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-153")

            let badJWT = try await sim.tokenRequest("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=forged")
            #expect(badJWT.status == 400)
            #expect(badJWT.json["error"]?.stringValue == "invalid_grant")
            #expect(badJWT.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-210")
            #expect(badJWT.json["error_description"] != nil)
        }
    }

    @Test func refreshTokensAreSingleUseAndInvalidateTheOldAccessToken() async throws {
        try await withSimulator { sim in
            let first = try await sim.login()
            let oldAccess = try #require(first["access_token"]?.stringValue)
            let refresh = try #require(first["refresh_token"]?.stringValue)

            let refreshed = try await sim.tokenRequest("grant_type=refresh_token&refresh_token=\(refresh)")
            #expect(refreshed.status == 200)
            let newAccess = try #require(refreshed.json["access_token"]?.stringValue)
            #expect(newAccess != oldAccess)
            #expect(refreshed.json["session_id"]?.stringValue == first["session_id"]?.stringValue)

            let reused = try await sim.tokenRequest("grant_type=refresh_token&refresh_token=\(refresh)")
            #expect(reused.status == 400)
            #expect(reused.json["error"]?.stringValue == "invalid_grant")
            #expect(reused.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-210")

            let old = try await sim.get("/restapi/v1.0/account/~/call-log", token: oldAccess)
            #expect(old.status == 401)
            #expect(old.json["errorCode"]?.stringValue == "TokenInvalid")
            #expect(old.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-213")

            let fresh = try await sim.get("/restapi/v1.0/account/~/call-log", token: newAccess)
            #expect(fresh.status == 200)
        }
    }

    @Test func unauthorizedShapes() async throws {
        try await withSimulator { sim in
            let missing = try await sim.get("/restapi/v1.0/account/~/call-log", token: nil)
            #expect(missing.status == 401)
            #expect(missing.json["errorCode"]?.stringValue == "AGW-401")
            #expect(missing.json["message"]?.stringValue == "Authorization header is not specified")

            let garbage = try await sim.get("/restapi/v1.0/account/~/call-log", token: "not-a-token")
            #expect(garbage.status == 401)
            #expect(garbage.json["errorCode"]?.stringValue == "TokenInvalid")
            #expect(garbage.json["message"]?.stringValue == "OAuth token is invalid")
            #expect(garbage.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-149")
        }
    }

    @Test func accessTokensExpireOnTheClock() async throws {
        let (base, clock) = manualConfiguration()
        var configuration = base
        configuration.accessTokenLifetime = 600
        configuration.refreshTokenLifetime = 1200
        try await withSimulator(configuration) { sim in
            let login = try await sim.login()
            #expect(login["expires_in"]?.intValue == 600)
            let token = try #require(login["access_token"]?.stringValue)
            let refresh = try #require(login["refresh_token"]?.stringValue)
            clock.advance(seconds: 599)
            #expect(try await sim.get("/restapi/v1.0/subscription", token: token).status == 200)
            clock.advance(seconds: 1)
            let result = try await sim.get("/restapi/v1.0/subscription", token: token)
            #expect(result.status == 401)
            #expect(result.json["errorCode"]?.stringValue == "TokenInvalid")
            #expect(result.json["message"]?.stringValue == "Access token expired")
            #expect(result.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-128")

            // The refresh token outlives the access token, but not its own lifetime.
            let refreshed = try await sim.tokenRequest("grant_type=refresh_token&refresh_token=\(refresh)")
            #expect(refreshed.status == 200)
            let second = try #require(refreshed.json["refresh_token"]?.stringValue)
            clock.advance(seconds: 1200)
            let late = try await sim.tokenRequest("grant_type=refresh_token&refresh_token=\(second)")
            #expect(late.status == 400)
            #expect(late.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-210")
        }
    }

    @Test func revokeEndsTheSession() async throws {
        try await withSimulator { sim in
            let token = try await sim.accessToken()
            let revoke = try await TestHTTP.send(
                sim.platform + "/restapi/oauth/revoke", method: "POST",
                headers: ["Authorization": sim.basicAuth, "Content-Type": "application/x-www-form-urlencoded"],
                body: Data("token=\(token)".utf8)
            )
            #expect(revoke.status == 200)
            let after = try await sim.get("/restapi/v1.0/subscription", token: token)
            #expect(after.status == 401)
            #expect(after.json["errors"]?.arrayValue?.first?["errorCode"]?.stringValue == "OAU-213")
        }
    }
}
