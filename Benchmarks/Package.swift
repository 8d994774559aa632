// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so the product build and CI do not compile the harness.
// Run: cd Benchmarks && swift package benchmark (see the README's Performance section for
// saving a baseline and comparing against it).
let package = Package(
    name: "callvault-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "callvault", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "QueueBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "JobQueue", package: "callvault"),
                .product(name: "SQLiteStore", package: "callvault"),
            ],
            path: "Benchmarks/QueueBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
