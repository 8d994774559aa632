public import Archive
public import Compliance
import Configuration
public import Foundation
public import Logging
public import Media
public import RingCentral
public import SQLiteStore
public import PostgresStore
public import Pipeline
public import S3
import SystemPackage
public import Transcripts

/// Every setting of one callvault process, read once through swift-configuration from the
/// environment and the optional `$CALLVAULT_HOME/callvault.env`; see ``ConfigurationKey`` for the
/// table.
///
/// ```swift
/// let configuration = try await CallvaultConfiguration.load()
/// let app = try await CallvaultApplication.build(configuration)
/// ```
public struct CallvaultConfiguration: Sendable {
    /// `CALLVAULT_HOME`.
    public var home: String
    /// The archive's settings (home, time zone, keep-original).
    public var archive: ArchiveConfiguration
    /// `CALLVAULT_FORMAT`.
    public var format: NormalizationPolicy
    /// `CALLVAULT_LOUDNESS_TARGET`, in LUFS.
    public var loudnessTarget: Double?
    /// `CALLVAULT_SYNCHRONOUS`.
    public var synchronous: SQLiteConfiguration.Synchronous
    /// `CALLVAULT_LOG_LEVEL`.
    public var logLevel: Logger.Level
    /// `CALLVAULT_SECRET_KEY`; never printed.
    public var secretKey: String?
    /// `CALLVAULT_SYNC_INTERVAL`, seconds.
    public var syncIntervalSeconds: Int
    /// `CALLVAULT_TRANSCRIPTS`.
    public var transcriptMode: TranscriptMode
    /// `CALLVAULT_TRANSCRIPT_LANGUAGE`.
    public var transcriptLanguage: String
    /// `CALLVAULT_INSIGHTS_RECHECK`, seconds.
    public var insightsRecheckSeconds: Int
    /// `CALLVAULT_PUBLIC_URL`, without a trailing slash.
    public var publicURL: String?
    /// `CALLVAULT_API_TOKEN`; never printed.
    public var apiToken: String?
    /// `RINGCENTRAL_WEBHOOK_TOKEN`; never printed.
    public var webhookToken: String?
    /// `CALLVAULT_URL_KEYS`: (kid, secret) pairs, the signing key first; never printed.
    public var urlKeys: [(id: String, secret: [UInt8])]
    /// `CALLVAULT_DATABASE_URL` parsed (with `CALLVAULT_DATABASE_POOL_SIZE`), or `nil` for the
    /// embedded SQLite file; its description never shows the password.
    public var postgres: PostgresConfiguration?
    /// `CALLVAULT_RETENTION_DAYS`: the nightly retention's age limit in days, when set.
    public var retentionDays: Double?
    /// `CALLVAULT_REDACT`: what is masked in stored transcripts.
    public var redaction: Set<RedactionKind> = []
    /// `CALLVAULT_PHONE_COUNTRY`: the country of numbers written without `+`.
    public var phoneCountry: PhoneCountry = .us
    /// RingCentral's settings, when complete.
    public var ringCentral: RingCentralConfiguration?
    /// Why ``ringCentral`` is `nil`: the first missing or invalid variable.
    public var ringCentralProblem: ConfigurationError?
    /// The object store of `CALLVAULT_STORAGE_URL` (with `CALLVAULT_S3_*` and the `AWS_*`
    /// credentials); `nil` keeps the files in the home.
    public var objectStore: S3Configuration?
    /// `CALLVAULT_S3_REDIRECT`: streams answer 302 to a presigned URL of the object store.
    public var redirectToObjectStore: Bool
    /// The effective value of every key that has one, as text (secrets included; print
    /// ``redactedValues`` instead).
    public var values: [String: String]
    /// Where each value came from: `environment`, `callvault.env` or `default`.
    public var sources: [String: String]

    /// The database file.
    public var databasePath: String { (home as NSString).appendingPathComponent("callvault.sqlite") }

    /// The configuration file in the home (optional).
    public static let fileName = "callvault.env"

    /// Every key with its effective value, secrets shown as `<set>` or `<unset>`.
    public var redactedValues: [(key: ConfigurationKey, value: String, source: String)] {
        ConfigurationKey.all.map { key in
            let value = values[key.name]
            let shown = key.isSecret ? (value == nil ? "<unset>" : "<set>") : (value ?? "<unset>")
            return (key, shown, sources[key.name] ?? "default")
        }
    }

    /// Reads the settings.
    /// - Parameter environment: The process environment (tests pass their own).
    /// - Throws: ``ConfigurationError`` naming the variable to fix.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) async throws
        -> CallvaultConfiguration
    {
        let secrets = SecretsSpecifier<String, String>.specific(ConfigurationKey.secretNames)
        let fromEnvironment = EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: secrets)
        let environmentReader = ConfigReader(provider: fromEnvironment)
        let home = text(environmentReader, .home) ?? ConfigurationKey.home.defaultValue!
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: home, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ConfigurationError("CALLVAULT_HOME=\(home) is a file; set CALLVAULT_HOME to a directory")
        }
        let filePath = (home as NSString).appendingPathComponent(fileName)
        let fromFile: EnvironmentVariablesProvider
        do {
            fromFile = try await EnvironmentVariablesProvider(
                environmentFilePath: FilePath(filePath), allowMissing: true, secretsSpecifier: secrets)
        } catch {
            throw ConfigurationError("\(filePath) cannot be read as NAME=value lines (\(error)); fix or remove it")
        }
        let fileReader = ConfigReader(provider: fromFile)

        var values: [String: String] = [:]
        var sources: [String: String] = [:]
        for key in ConfigurationKey.all {
            if let value = text(environmentReader, key) {
                values[key.name] = value
                sources[key.name] = "environment"
            } else if let value = text(fileReader, key) {
                values[key.name] = value
                sources[key.name] = fileName
            } else if let value = key.defaultValue {
                values[key.name] = value
            }
        }
        values[ConfigurationKey.home.name] = home
        return try CallvaultConfiguration(values: values, sources: sources)
    }

    /// The value of `key` in `reader`, `nil` when unset or blank.
    private static func text(_ reader: ConfigReader, _ key: ConfigurationKey) -> String? {
        let components = key.name.lowercased().split(separator: "_").map(String.init)
        let value = reader.string(forKey: ConfigKey(components), isSecret: key.isSecret)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == false ? value : nil
    }

    /// Parses and checks effective values.
    init(values: [String: String], sources: [String: String]) throws {
        self.values = values
        self.sources = sources
        func value(_ key: ConfigurationKey) -> String? { values[key.name] }
        home = value(.home) ?? "./storage"

        let zoneName = value(.timeZone) ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ConfigurationError("CALLVAULT_TIMEZONE=\(zoneName) is not an IANA time zone; set e.g. UTC or America/New_York")
        }
        let keep: Bool
        switch (value(.keepOriginal) ?? "1").lowercased() {
        case "0", "false", "no", "off": keep = false
        case "1", "true", "yes", "on": keep = true
        case let other: throw ConfigurationError("CALLVAULT_KEEP_ORIGINAL=\(other) must be 0 or 1")
        }
        archive = ArchiveConfiguration(home: home, timeZone: zone.identifier == "GMT" ? .utc : zone, keepOriginal: keep)

        let formatText = (value(.format) ?? "mp3").lowercased()
        guard let policy = NormalizationPolicy(rawValue: formatText) else {
            throw ConfigurationError("CALLVAULT_FORMAT=\(formatText) is not valid; use mp3, wav or original")
        }
        format = policy
        if let text = value(.loudnessTarget) {
            guard let target = Double(text), (-70.0...0.0).contains(target) else {
                throw ConfigurationError("CALLVAULT_LOUDNESS_TARGET=\(text) must be a LUFS value between -70 and 0, e.g. -16")
            }
            loudnessTarget = target
        }
        switch (value(.synchronous) ?? "normal").lowercased() {
        case "normal": synchronous = .normal
        case "full": synchronous = .full
        case let other: throw ConfigurationError("CALLVAULT_SYNCHRONOUS=\(other) is not valid; set it to normal or full")
        }
        let level = (value(.logLevel) ?? "info").lowercased()
        guard let parsedLevel = Logger.Level(rawValue: level) else {
            throw ConfigurationError(
                "CALLVAULT_LOG_LEVEL=\(level) is not valid; use trace, debug, info, notice, warning, error or critical")
        }
        logLevel = parsedLevel
        secretKey = value(.secretKey)
        let interval = value(.syncInterval) ?? "900"
        guard let seconds = Int(interval), seconds >= 1 else {
            throw ConfigurationError("CALLVAULT_SYNC_INTERVAL=\(interval) must be a whole number of seconds, at least 1")
        }
        syncIntervalSeconds = seconds

        let modeText = (value(.transcripts) ?? "auto").lowercased()
        guard let mode = TranscriptMode(rawValue: modeText) else {
            throw ConfigurationError("CALLVAULT_TRANSCRIPTS=\(modeText) is not valid; use auto, ringsense, ai or off")
        }
        transcriptMode = mode
        transcriptLanguage = value(.transcriptLanguage) ?? "en-US"
        let recheck = value(.insightsRecheck) ?? "3600"
        guard let recheckSeconds = Int(recheck), recheckSeconds >= 0 else {
            throw ConfigurationError("CALLVAULT_INSIGHTS_RECHECK=\(recheck) must be a whole number of seconds")
        }
        insightsRecheckSeconds = recheckSeconds
        if let text = value(.publicURL) {
            guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigurationError("CALLVAULT_PUBLIC_URL=\(text) is not an http(s) URL; set it to e.g. https://callvault.example.com")
            }
            publicURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }

        apiToken = value(.apiToken)
        if let token = apiToken, token.count < 16 {
            throw ConfigurationError("CALLVAULT_API_TOKEN is shorter than 16 characters; set a long random value (e.g. openssl rand -hex 32)")
        }
        webhookToken = value(.webhookToken)
        postgres = try Self.postgres(url: value(.databaseURL), poolSize: value(.databasePoolSize))
        urlKeys = try Self.urlKeys(value(.urlKeys))
        if let text = value(.retentionDays) {
            guard let days = Double(text), days.isFinite, days > 0, days < 1_000_000 else {
                throw ConfigurationError("CALLVAULT_RETENTION_DAYS=\(text) must be a number of days above 0 (fractions allowed), e.g. 2555 for 7 years")
            }
            retentionDays = days
        }
        if let text = value(.redact) {
            do {
                redaction = try RedactionKind.parse(text)
            } catch let error as TranscriptError {
                throw ConfigurationError("CALLVAULT_REDACT=\(text): \(error.message)")
            }
        }
        let countryCode = value(.phoneCountry) ?? "US"
        guard let country = PhoneCountry.named(countryCode) else {
            throw ConfigurationError(
                "CALLVAULT_PHONE_COUNTRY=\(countryCode) is not known; use one of \(PhoneCountry.known.map(\.code).joined(separator: ", "))")
        }
        phoneCountry = country

        objectStore = try Self.objectStore(values: values, storageURL: value(.storageURL))
        switch (value(.s3Redirect) ?? "0").lowercased() {
        case "0", "false", "no", "off": redirectToObjectStore = false
        case "1", "true", "yes", "on":
            guard objectStore != nil else {
                throw ConfigurationError("CALLVAULT_S3_REDIRECT=1 needs CALLVAULT_STORAGE_URL=s3://bucket/prefix; unset one or set the other")
            }
            redirectToObjectStore = true
        case let other: throw ConfigurationError("CALLVAULT_S3_REDIRECT=\(other) must be 0 or 1")
        }

        do {
            ringCentral = try Self.ringCentral(value)
        } catch let problem as ConfigurationError {
            ringCentralProblem = problem
        }
    }

    /// The object store of `storageURL` (`s3://bucket/prefix`), with the `CALLVAULT_S3_*` and
    /// `AWS_*` values; `nil` when `storageURL` is `nil`.
    /// - Throws: ``ConfigurationError`` naming the variable to fix (never showing a secret).
    public static func objectStore(values: [String: String], storageURL: String?) throws -> S3Configuration? {
        guard let storageURL else { return nil }
        var settings = values
        settings[ConfigurationKey.storageURL.name] = storageURL
        do {
            return try S3Configuration(environment: settings)
        } catch {
            throw ConfigurationError("\(error.message) (object store of CALLVAULT_STORAGE_URL)")
        }
    }

    /// The PostgreSQL settings of `url` (with `poolSize`, default 8), or `nil` when no URL is set.
    /// - Throws: ``ConfigurationError`` saying what is wrong with either, never the password.
    public static func postgres(url: String?, poolSize: String?) throws -> PostgresConfiguration? {
        let sizeText = poolSize ?? String(PostgresConfiguration.defaultPoolSize)
        guard let size = Int(sizeText), size >= 2, size <= 1_000 else {
            throw ConfigurationError("CALLVAULT_DATABASE_POOL_SIZE=\(sizeText) must be a whole number from 2 to 1000")
        }
        guard let url, !url.isEmpty else { return nil }
        do {
            return try PostgresConfiguration(url: url, poolSize: size)
        } catch let error as PostgresStoreError {
            throw ConfigurationError("CALLVAULT_DATABASE_URL: \(error.message)")
        }
    }

    /// Parses `kid:base64,kid:base64`.
    static func urlKeys(_ text: String?) throws -> [(id: String, secret: [UInt8])] {
        guard let text else { return [] }
        return try text.split(separator: ",").map { item in
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                let secret = Data(base64Encoded: parts[1]), secret.count >= 16
            else {
                throw ConfigurationError(
                    "CALLVAULT_URL_KEYS must be kid:base64 pairs separated by commas, each key at least 16 bytes (e.g. k2:$(openssl rand -base64 32))")
            }
            return (parts[0], [UInt8](secret))
        }
    }

    private static func ringCentral(_ value: (ConfigurationKey) -> String?) throws -> RingCentralConfiguration {
        let server = value(.serverURL) ?? "https://platform.ringcentral.com"
        guard let url = URL(string: server), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw ConfigurationError("RINGCENTRAL_SERVER_URL=\(server) is not an http(s) URL")
        }
        var perPage = 1000
        if let text = value(.perPage) {
            guard let parsed = Int(text), (1...1000).contains(parsed) else {
                throw ConfigurationError("RINGCENTRAL_PER_PAGE=\(text) must be a number from 1 to 1000")
            }
            perPage = parsed
        }
        func required(_ key: ConfigurationKey) throws -> String {
            guard let text = value(key) else {
                throw ConfigurationError("\(key.name) is not set; set it to your RingCentral app's value")
            }
            return text
        }
        return RingCentralConfiguration(
            serverURL: server, clientId: try required(.clientId), clientSecret: try required(.clientSecret),
            jwt: try required(.jwt), perPage: perPage)
    }
}
