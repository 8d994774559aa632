/// The access key pair (and optional session token) requests are signed with.
///
/// ``description`` shows the access key id's first four characters only; the secret and the
/// session token are never printed.
public struct S3Credentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key id (`AWS_ACCESS_KEY_ID`).
    public var accessKeyID: String
    /// The secret access key (`AWS_SECRET_ACCESS_KEY`).
    public var secretAccessKey: String
    /// A temporary session token (`AWS_SESSION_TOKEN`), sent as `x-amz-security-token`.
    public var sessionToken: String?

    /// Creates credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`.
    ///
    /// - Throws: ``S3Error/Code/invalidConfiguration`` naming the missing variable.
    public init(environment: [String: String]) throws(S3Error) {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else {
            throw S3Error(code: .invalidConfiguration, message: "set AWS_ACCESS_KEY_ID to the S3 access key id")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw S3Error(code: .invalidConfiguration, message: "set AWS_SECRET_ACCESS_KEY to the S3 secret access key")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
    }

    /// `S3Credentials(AKIA…)`: a hint of which key, nothing secret.
    public var description: String {
        "S3Credentials(\(accessKeyID.prefix(4))…\(sessionToken == nil ? "" : ", with session token"))"
    }
}
