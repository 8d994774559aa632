/// Every setting callvault reads, in one table: its environment variable, its default and what
/// it means. The README's configuration table and `callvault doctor` are made from it.
///
/// Values come from the environment first, then from `$CALLVAULT_HOME/callvault.env` (the same
/// `NAME=value` lines), then the default.
public struct ConfigurationKey: Sendable, Hashable, CustomStringConvertible {
    /// The environment variable, such as `CALLVAULT_HOME`.
    public let name: String
    /// The default, as text; `nil` when there is none.
    public let defaultValue: String?
    /// What it means, for people.
    public let meaning: String
    /// A secret: never printed, logged or put in an error message.
    public let isSecret: Bool

    init(_ name: String, default defaultValue: String? = nil, secret: Bool = false, _ meaning: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.meaning = meaning
        self.isSecret = secret
    }

    public var description: String { name }

    public static let home = ConfigurationKey(
        "CALLVAULT_HOME", default: "./storage", "holds callvault.sqlite (queue and catalog), recordings/ and tmp/")
    public static let timeZone = ConfigurationKey(
        "CALLVAULT_TIMEZONE", default: "UTC", "the IANA zone of the YYYY/MM/DD folders (file names are always UTC)")
    public static let format = ConfigurationKey(
        "CALLVAULT_FORMAT", default: "mp3",
        "mp3 (clean MP3 kept byte for byte, WAV and damaged MP3 encoded with libmp3lame), wav (PCM s16le) or original")
    public static let keepOriginal = ConfigurationKey(
        "CALLVAULT_KEEP_ORIGINAL", default: "1", "0 drops the received bytes when normalization changed them")
    public static let loudnessTarget = ConfigurationKey(
        "CALLVAULT_LOUDNESS_TARGET",
        "integrated loudness in LUFS (e.g. -16) to normalize to; unset only measures (EBU R128, in the sidecar)")
    public static let synchronous = ConfigurationKey(
        "CALLVAULT_SYNCHRONOUS", default: "normal",
        "SQLite durability: normal (a crash of the process loses nothing) or full (nor does power loss)")
    public static let logLevel = ConfigurationKey(
        "CALLVAULT_LOG_LEVEL", default: "info", "trace, debug, info, notice, warning, error or critical")
    public static let secretKey = ConfigurationKey(
        "CALLVAULT_SECRET_KEY", secret: true,
        "encrypts the stored RingCentral token; without it a 0600 secret.key is created in the home")
    public static let serverURL = ConfigurationKey(
        "RINGCENTRAL_SERVER_URL", default: "https://platform.ringcentral.com", "the RingCentral platform")
    public static let clientId = ConfigurationKey("RINGCENTRAL_CLIENT_ID", "the RingCentral app's client id")
    public static let clientSecret = ConfigurationKey(
        "RINGCENTRAL_CLIENT_SECRET", secret: true, "the RingCentral app's client secret")
    public static let jwt = ConfigurationKey("RINGCENTRAL_JWT", secret: true, "the JWT credential of the RingCentral user")
    public static let perPage = ConfigurationKey(
        "RINGCENTRAL_PER_PAGE", default: "1000", "call-log page size, 1 to 1000 (every page is a Heavy request)")
    public static let syncInterval = ConfigurationKey(
        "CALLVAULT_SYNC_INTERVAL", default: "900", "seconds between scheduled call-log syncs in serve and work")

    public static let transcripts = ConfigurationKey(
        "CALLVAULT_TRANSCRIPTS", default: "auto",
        "auto (RingSense when the token allows it, else the AI API), ringsense, ai or off")
    public static let transcriptLanguage = ConfigurationKey(
        "CALLVAULT_TRANSCRIPT_LANGUAGE", default: "en-US", "the language asked of the AI speech-to-text API")
    public static let insightsRecheck = ConfigurationKey(
        "CALLVAULT_INSIGHTS_RECHECK", default: "3600",
        "seconds after RingSense made a transcript to look once more for a newer version (AI Notes delivers twice)")
    public static let publicURL = ConfigurationKey(
        "CALLVAULT_PUBLIC_URL",
        "the address RingCentral and players reach this server at (webhooks, AI callbacks, signed links)")

    public static let apiToken = ConfigurationKey(
        "CALLVAULT_API_TOKEN", secret: true,
        "the bearer token of the HTTP API (and the page's sign-in); without it only webhooks and health answer")
    public static let webhookToken = ConfigurationKey(
        "RINGCENTRAL_WEBHOOK_TOKEN", secret: true,
        "the Verification-Token RingCentral sends with every notification; serve needs it to take webhooks")
    public static let urlKeys = ConfigurationKey(
        "CALLVAULT_URL_KEYS", secret: true,
        "keys of signed links, kid:base64 separated by commas, the signing key first; without it a 0600 key file in the home")

    public static let databaseURL = ConfigurationKey(
        "CALLVAULT_DATABASE_URL", secret: true,
        "postgres://user:password@host:port/database[?schema=name&sslmode=disable|prefer|require] moves the queue, catalog, "
            + "budgets, tokens, search, holds and audit to PostgreSQL (a fleet shares it); unset keeps SQLite in the home")
    public static let databasePoolSize = ConfigurationKey(
        "CALLVAULT_DATABASE_POOL_SIZE", default: "8", "the most PostgreSQL connections one process opens (at least 2)")
    public static let storageURL = ConfigurationKey(
        "CALLVAULT_STORAGE_URL",
        "s3://bucket/prefix keeps the archive's files in an S3-compatible object store; unset keeps them under the home")
    public static let s3Endpoint = ConfigurationKey(
        "CALLVAULT_S3_ENDPOINT", "the object store's http(s)://host[:port] (MinIO, Ceph RGW); unset means AWS S3 of the region")
    public static let s3Region = ConfigurationKey(
        "CALLVAULT_S3_REGION", "the object store's signing region; unset means us-east-1")
    public static let s3Addressing = ConfigurationKey(
        "CALLVAULT_S3_ADDRESSING", "path or virtual (bucket in the host name); unset: virtual for AWS, path for an endpoint")
    public static let s3Redirect = ConfigurationKey(
        "CALLVAULT_S3_REDIRECT", default: "0",
        "1 answers streams with a 302 to a presigned URL of the object store instead of relaying the bytes")
    public static let awsAccessKeyId = ConfigurationKey("AWS_ACCESS_KEY_ID", secret: true, "the object store's access key id")
    public static let awsSecretAccessKey = ConfigurationKey(
        "AWS_SECRET_ACCESS_KEY", secret: true, "the object store's secret access key")
    public static let awsSessionToken = ConfigurationKey(
        "AWS_SESSION_TOKEN", secret: true, "a temporary session token for the object store, when the keys are temporary")
    public static let retentionDays = ConfigurationKey(
        "CALLVAULT_RETENTION_DAYS",
        "delete recordings whose call started more than this many days ago (fractions allowed), nightly at 03:00 in serve and work; unset keeps everything")
    public static let redact = ConfigurationKey(
        "CALLVAULT_REDACT",
        "cards, ssn or cards,ssn: mask card numbers (Luhn-valid, also spoken in groups) and US SSNs in stored transcripts and the search index")
    public static let phoneCountry = ConfigurationKey(
        "CALLVAULT_PHONE_COUNTRY", default: "US",
        "the country of phone numbers written without + (hold --phone, erase --phone): US, CA, GB, IE, DE, FR, NL, ES, IT, AU or IN")

    /// Every key, in the order of the README's table.
    public static let all: [ConfigurationKey] = [
        .home, .timeZone, .format, .keepOriginal, .loudnessTarget, .synchronous, .logLevel, .secretKey, .syncInterval,
        .transcripts, .transcriptLanguage, .insightsRecheck, .publicURL, .apiToken, .urlKeys, .serverURL, .clientId, .clientSecret,
        .jwt, .perPage, .webhookToken, .databaseURL, .databasePoolSize, .storageURL, .s3Endpoint, .s3Region, .s3Addressing,
        .s3Redirect, .awsAccessKeyId, .awsSecretAccessKey, .awsSessionToken, .retentionDays, .redact, .phoneCountry,
    ]

    /// The names of the secret keys.
    public static var secretNames: Set<String> { Set(all.filter(\.isSecret).map(\.name)) }
}
