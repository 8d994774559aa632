// swift-tools-version: 6.1
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode plus the upcoming features the
/// Hummingbird and swift-jobs packages build with.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")

let package = Package(
    name: "callvault",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "callvault", targets: ["callvault"]),
        .library(name: "JobQueue", targets: ["JobQueue"]),
        .library(name: "Transfer", targets: ["Transfer"]),
        .library(name: "S3", targets: ["S3"]),
        .library(name: "Media", targets: ["Media"]),
        .library(name: "RingCentral", targets: ["RingCentral"]),
        .library(name: "RingCentralSimulator", targets: ["RingCentralSimulator"]),
        .library(name: "Archive", targets: ["Archive"]),
        .library(name: "S3Archive", targets: ["S3Archive"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Compliance", targets: ["Compliance"]),
        .library(name: "SQLiteStore", targets: ["SQLiteStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libavutil libswresample",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswresample-dev"])]
        ),

        // File system calls that never wait for the disk (openat2 RESOLVE_CACHED, preadv2 RWF_NOWAIT).
        .systemLibrary(name: "CFileSystem"),

        // MARK: Modules (dependencies point one way, top to bottom)
        .target(
            name: "Essentials",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JobQueue", dependencies: ["Essentials", logging, lifecycle, .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: swiftSettings),
        
        .target(
            name: "Transfer",
            dependencies: ["CCurl", "Essentials", crypto, logging, .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(name: "S3", dependencies: ["Transfer", "Essentials", crypto, logging], swiftSettings: swiftSettings),
        .target(name: "Media", dependencies: ["CFFmpeg", "Essentials", logging], swiftSettings: swiftSettings),
        .target(
            name: "RingCentral",
            dependencies: ["Transfer", "Essentials", crypto, logging],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RingCentralSimulator",
            dependencies: [
                "Media", "Essentials", hummingbird, logging, lifecycle, .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Transcripts", dependencies: ["Essentials"], swiftSettings: swiftSettings),
        .target(name: "Archive", dependencies: ["Essentials", "JobQueue", "Media", "Transcripts", crypto, logging], swiftSettings: swiftSettings),
        .target(name: "S3Archive", dependencies: ["Archive", "S3", crypto], swiftSettings: swiftSettings),
        .target(
            name: "Compliance",
            dependencies: [
                "Essentials", "JobQueue", "Archive", "Transcripts", crypto, logging, lifecycle,
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SQLiteStore",
            dependencies: [
                "Essentials", "JobQueue", "Archive", "Transcripts", "RingCentral", "Pipeline", "Compliance", grdb,
                .product(name: "GRDBSQLite", package: "GRDB.swift"), logging,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PostgresStore",
            dependencies: [
                "Essentials", "JobQueue", "Archive", "Transcripts", "RingCentral", "Pipeline", "Compliance", postgres, logging, lifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Pipeline",
            dependencies: ["Essentials", "JobQueue", "Transfer", "RingCentral", "Media", "Archive", "Transcripts", logging],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Essentials", "JobQueue", "Archive", "Transcripts", "Pipeline", "RingCentral", "Transfer", "Compliance", "CFileSystem", hummingbird,
                crypto, logging,
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [
                .embedInCode("Resources/openapi.yaml"),
                // The operator page: plain HTML, CSS and JavaScript modules, no build step.
                .embedInCode("Resources/page/index.html"), .embedInCode("Resources/page/style.css"),
                .embedInCode("Resources/page/icon.svg"), .embedInCode("Resources/page/app.js"), .embedInCode("Resources/page/api.js"),
                .embedInCode("Resources/page/dom.js"), .embedInCode("Resources/page/search.js"), .embedInCode("Resources/page/call.js"),
                .embedInCode("Resources/page/ops.js"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "App",
            dependencies: [
                "Essentials", "JobQueue", "Transfer", "Media", "RingCentral", "RingCentralSimulator", "Archive", "SQLiteStore",
                "PostgresStore", "Pipeline", "Transcripts", "Server", "S3", "S3Archive", "Compliance", crypto,
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                logging, lifecycle, .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "callvault",
            dependencies: [
                "App", "Essentials", "JobQueue", "Media", "RingCentral", "RingCentralSimulator", "Archive", "SQLiteStore",
                "Pipeline", "Transcripts", "Server", "Transfer", "Compliance", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                logging,
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmark drivers (used by scripts/bench/*)
        .executableTarget(name: "queue-bench", dependencies: ["JobQueue", "SQLiteStore"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "postgres-bench",
            dependencies: ["JobQueue", "PostgresStore", "SQLiteStore", "Archive", "Transcripts", "Essentials", postgres, logging],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "transfer-bench", dependencies: ["Transfer"], swiftSettings: swiftSettings),
        .executableTarget(name: "media-bench", dependencies: ["Media"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "retention-bench",
            dependencies: ["Compliance", "Archive", "SQLiteStore", "Essentials", "Transcripts", grdb],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "search-bench", dependencies: ["SQLiteStore", "PostgresStore", "Archive", "Transcripts", "Essentials"], swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "serve-bench", dependencies: ["App", "Archive", "Media", "Essentials", crypto, hummingbird], swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .target(
            name: "TestSupport",
            dependencies: [
                "Essentials", "JobQueue", "Archive", "SQLiteStore", "PostgresStore", "Transcripts", "RingCentral", "Pipeline", "Compliance",
                "S3", "S3Archive", "Transfer", postgres, logging, grdb, crypto,
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JobQueueTests", dependencies: ["JobQueue", "Essentials", "TestSupport", logging, lifecycle], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SQLiteStoreTests",
            dependencies: ["SQLiteStore", "JobQueue", "Archive", "Essentials", "TestSupport", "Transcripts", grdb],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TransferTests",
            dependencies: [
                "Transfer", "CCurl", "TestSupport", hummingbird, crypto, lifecycle, logging, .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "S3Tests",
            dependencies: [
                "S3", "Transfer", "TestSupport", crypto, hummingbird, lifecycle, logging, .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MediaTests", dependencies: ["Media", "CFFmpeg", "Essentials", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RingCentralSimulatorTests",
            dependencies: [
                "RingCentralSimulator", "Essentials", hummingbird, .product(name: "HummingbirdTesting", package: "hummingbird"),
                logging, lifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RingCentralTests",
            dependencies: [
                "RingCentral", "RingCentralSimulator", "JobQueue", "Transfer", "Essentials", "App", "SQLiteStore", "Pipeline", "TestSupport", logging, lifecycle,
                crypto, hummingbird,
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArchiveTests",
            dependencies: ["Archive", "Essentials", "JobQueue", "Media", "Transcripts", "TestSupport", "S3", "S3Archive", "Transfer"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "App", "Pipeline", "Archive", "JobQueue", "Essentials", "RingCentralSimulator", "SQLiteStore", "TestSupport", "Transcripts",
                logging, lifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TranscriptsTests", dependencies: ["Transcripts"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SearchTests", dependencies: ["Transcripts", "Archive", "Essentials", "TestSupport", "SQLiteStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AppTests",
            dependencies: ["App", "Archive", "Essentials", "Media", "TestSupport", "Compliance", "JobQueue", "SQLiteStore", "Transcripts"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "App", "Archive", "Media", "JobQueue", "Essentials", "Pipeline", "RingCentral", "RingCentralSimulator",
                "SQLiteStore", "Transfer", "TestSupport", "S3", "S3Archive", "Compliance", logging, lifecycle, crypto,
                .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CallvaultTests",
            dependencies: [
                "JobQueue", "SQLiteStore", "PostgresStore", "Essentials", "Archive", "Media", "RingCentralSimulator", "TestSupport", "Transfer",
                "Compliance",
                logging, lifecycle, crypto,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ComplianceTests",
            dependencies: [
                "Compliance", "Archive", "Transcripts", "SQLiteStore", "Essentials", "JobQueue", "TestSupport", grdb, logging, crypto,
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
