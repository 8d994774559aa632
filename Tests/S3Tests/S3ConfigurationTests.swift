import Testing
import Transfer

@testable import S3

@Suite("S3 configuration, key encoding and error classification")
struct S3ConfigurationTests {
    let credentials = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"]

    @Test("CALLVAULT_STORAGE_URL, endpoint, region and addressing come from the environment")
    func environment() throws {
        var environment = credentials
        environment["CALLVAULT_STORAGE_URL"] = "s3://archive-bucket/prod/eu"
        environment["CALLVAULT_S3_ENDPOINT"] = "https://minio.internal:9000/"
        environment["CALLVAULT_S3_REGION"] = "eu-central-1"
        let configuration = try S3Configuration(environment: environment)
        #expect(configuration.bucket == "archive-bucket")
        #expect(configuration.prefix == "prod/eu/")
        #expect(configuration.endpoint == "https://minio.internal:9000")
        #expect(configuration.region == "eu-central-1")
        #expect(configuration.addressingStyle == .path)
        #expect(!configuration.description.contains("wJalr"))

        environment["CALLVAULT_S3_ENDPOINT"] = nil
        environment["CALLVAULT_STORAGE_URL"] = "s3://archive-bucket"
        let aws = try S3Configuration(environment: environment)
        #expect(aws.endpoint == "https://s3.eu-central-1.amazonaws.com")
        #expect(aws.addressingStyle == .virtualHosted)
        #expect(aws.prefix == "")

        environment["CALLVAULT_S3_ADDRESSING"] = "path"
        #expect(try S3Configuration(environment: environment).addressingStyle == .path)
        environment["AWS_SESSION_TOKEN"] = "token-secret"
        let withToken = try S3Configuration(environment: environment)
        #expect(withToken.credentials.sessionToken == "token-secret")
        #expect(!withToken.description.contains("token-secret"))
    }

    @Test("missing or malformed settings name the variable to fix")
    func invalidSettings() {
        let missingURL = #expect(throws: S3Error.self) { try S3Configuration(environment: credentials) }
        #expect(missingURL?.code == .invalidConfiguration)
        #expect(missingURL?.message.contains("CALLVAULT_STORAGE_URL") == true)

        let missingSecret = #expect(throws: S3Error.self) {
            try S3Configuration(environment: ["CALLVAULT_STORAGE_URL": "s3://bucket", "AWS_ACCESS_KEY_ID": "AKID"])
        }
        #expect(missingSecret?.message.contains("AWS_SECRET_ACCESS_KEY") == true)

        var environment = credentials
        environment["CALLVAULT_STORAGE_URL"] = "https://bucket/prefix"
        #expect(throws: S3Error.self) { try S3Configuration(environment: environment) }
        environment["CALLVAULT_STORAGE_URL"] = "s3://Bad_Bucket"
        #expect(throws: S3Error.self) { try S3Configuration(environment: environment) }
        environment["CALLVAULT_STORAGE_URL"] = "s3://bucket"
        environment["CALLVAULT_S3_ENDPOINT"] = "ftp://host"
        #expect(throws: S3Error.self) { try S3Configuration(environment: environment) }
    }

    @Test("keys are encoded the SigV4 canonical way and queries are sorted")
    func canonicalURLs() throws {
        var environment = credentials
        environment["CALLVAULT_STORAGE_URL"] = "s3://bucket/pre fix"
        environment["CALLVAULT_S3_ENDPOINT"] = "http://127.0.0.1:9000"
        let configuration = try S3Configuration(environment: environment)
        let builder = S3URLBuilder(configuration: configuration)
        #expect(
            builder.url(fullKey: configuration.prefix + "a b+c/ü~*.mp3")
                == "http://127.0.0.1:9000/bucket/pre%20fix/a%20b%2Bc/%C3%BC~%2A.mp3"
        )
        #expect(
            builder.url(fullKey: nil, query: [("prefix", "a/b"), ("list-type", "2"), ("uploads", "")])
                == "http://127.0.0.1:9000/bucket?list-type=2&prefix=a%2Fb&uploads="
        )
        #expect(S3URLBuilder.decode("a+b%2Bc%20d", plusIsSpace: true) == "a b+c d")
    }

    @Test("keys that servers would rewrite are refused")
    func invalidKeys() async throws {
        var environment = credentials
        environment["CALLVAULT_STORAGE_URL"] = "s3://bucket"
        environment["CALLVAULT_S3_ENDPOINT"] = "http://127.0.0.1:9"
        let configuration = try S3Configuration(environment: environment)
        try await HTTPClient.withHTTPClient { http in
            let s3 = S3Client(configuration: configuration, httpClient: http)
            for key in ["", "/abs", "a/../b", "./a", "bad\u{1}key", String(repeating: "k", count: 1025)] {
                let error = try await #require(throws: S3Error.self) { try await s3.deleteObject(key: key) }
                #expect(error.code == .invalidRequest)
            }
        }
    }

    @Test("S3 error codes and statuses map to categories; throttling and 5xx are retryable")
    func classification() {
        #expect(S3Client.classify(status: 503, serverCode: "SlowDown") == .slowDown)
        #expect(S3Client.classify(status: 503, serverCode: nil).isRetryable)
        #expect(S3Client.classify(status: 500, serverCode: "InternalError") == .serverError)
        #expect(S3Client.classify(status: 400, serverCode: "RequestTimeout").isRetryable)
        #expect(S3Client.classify(status: 403, serverCode: "AccessDenied") == .accessDenied)
        #expect(S3Client.classify(status: 403, serverCode: "RequestTimeTooSkewed") == .invalidCredentials)
        #expect(S3Client.classify(status: 404, serverCode: "NoSuchUpload") == .noSuchUpload)
        #expect(S3Client.classify(status: 400, serverCode: "EntityTooSmall") == .invalidRequest)
        #expect(!S3Client.classify(status: 404, serverCode: "NoSuchKey").isRetryable)

        let body = Array(
            "<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>r-1</RequestId></Error>"
                .utf8
        )
        let error = S3Client.error(from: HTTPResponse(status: 503, headers: ["Retry-After": "2"], body: body), key: "k")
        #expect(error.code == .slowDown)
        #expect(error.isRetryable)
        #expect(error.retryAfter == .seconds(2))
        #expect(error.requestID == "r-1")
        #expect(error.message == "Please reduce your request rate.")
    }

    @Test("ETags are compared without quotes; the XML reader ignores namespaces and unknown elements")
    func parsing() throws {
        #expect(S3ObjectInfo.unquote("\"abc\"") == "abc")
        #expect(S3ObjectInfo.unquote("W/\"abc-2\"") == "abc-2")
        #expect(S3ObjectInfo.unquote("&quot;abc&quot;") == "abc")
        let xml = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Extra>x</Extra>
            <Contents><Key>a&amp;b</Key><Size>3</Size><ETag>"e"</ETag></Contents><IsTruncated>false</IsTruncated></ListBucketResult>
            """.utf8
        )
        let root = try #require(S3XMLNode.parse(xml))
        #expect(root.name == "ListBucketResult")
        #expect(root.children("Contents").first?.value("Key") == "a&b")
        #expect(S3XMLNode.parse(Array("<unclosed>".utf8)) == nil)
    }
}
