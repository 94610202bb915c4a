// swift-tools-version:6.0
import PackageDescription

// C modules never leak through a public signature: every module imports internally by default.
let strict: [SwiftSetting] = [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "report-fcgi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "report-fcgi", targets: ["ReportFCGI"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Thin C modules: a modulemap and a shim header each.
        .systemLibrary(
            name: "CFastCGI", pkgConfig: "fcgi",
            providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CJansson", pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(
            name: "CXLSXWriter", pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(
            name: "CPangoCairo", pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),

        // One Swift module wraps each C library.
        .target(name: "JSON", dependencies: ["CJansson"], swiftSettings: strict),
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        // Pure Swift: SHA-256, HMAC-SHA256, base64url, hex, constant-time comparison.
        .target(name: "Crypto", swiftSettings: strict),

        // Pure Swift: time-series models for /predictive.
        .target(name: "Forecast", swiftSettings: strict),
        // Pure Swift: anomaly detection on daily series for /anomalies, /predictive and anomaly alerts.
        .target(name: "Anomaly", swiftSettings: strict),
        // A seeded generator for tests and benchmarks (cases reproducible from their seed).
        .target(name: "SeededRandom", swiftSettings: strict),

        // The vocabulary every other module speaks: dashboards, exports, the metric catalogue, time types, the
        // analytics queries and answers, and the store protocols. No C module of its own.
        .target(name: "Domain", dependencies: ["JSON", "Crypto"], swiftSettings: strict),
        // JWT verification, the principal and the access policy.
        .target(name: "Auth", dependencies: ["Domain", "Crypto", "JSON"], swiftSettings: strict),

        // The four rooms: each depends on Domain and the wrappers, never on another room.
        // The in-memory analytics engine.
        .target(name: "Analytics", dependencies: ["Domain", "Forecast"], swiftSettings: strict),
        // Export files: writers and document assembly.
        // zlib's deflateInit2_ interposed so XLSX zipping can use level 1 (see its source).
        .target(name: "CFastDeflate", linkerSettings: [.linkedLibrary("z"), .linkedLibrary("dl")]),
        .target(
            name: "Exporter",
            dependencies: ["Domain", "CXLSXWriter", "CPangoCairo", "CFastDeflate", "JSON", "Crypto"],
            swiftSettings: strict),
        // The HTTP layer: router, responder, validation, one file per endpoint group.
        .target(
            name: "Handlers",
            dependencies: ["Domain", "Auth", "JSON", "Crypto", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // The PostgreSQL stores, migrations, rollups and the export queue.
        .target(
            name: "Storage",
            dependencies: ["Domain", "Postgres", "JSON", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),

        // The executable wires the rooms together.
        .executableTarget(
            name: "ReportFCGI",
            dependencies: [
                "CFastCGI", "Domain", "Handlers", "Storage", "Analytics", "Exporter", "Auth", "Crypto", "Postgres",
                "JSON", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .executableTarget(
            name: "auth-bench", dependencies: ["Auth", "Crypto"], path: "Benchmarks/AuthBench", swiftSettings: strict),
        .executableTarget(
            name: "export-bench", dependencies: ["Exporter", "Domain"], path: "Benchmarks/ExportBench",
            swiftSettings: strict),
        .executableTarget(
            name: "anomaly-bench", dependencies: ["SeededRandom", "Anomaly"], path: "Benchmarks/AnomalyBench",
            swiftSettings: strict),

        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "CryptoTests", dependencies: ["SeededRandom", "Crypto"], swiftSettings: strict),
        .testTarget(name: "AuthTests", dependencies: ["SeededRandom", "Auth", "Crypto", "JSON"], swiftSettings: strict),
        .testTarget(name: "ForecastTests", dependencies: ["SeededRandom", "Forecast"], swiftSettings: strict),
        .testTarget(name: "AnomalyTests", dependencies: ["SeededRandom", "Anomaly"], swiftSettings: strict),
        .testTarget(
            name: "ExporterTests", dependencies: ["Exporter", "Domain", "CFastDeflate", "JSON"], swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "JSON"], swiftSettings: strict),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "Domain"], swiftSettings: strict),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage"], swiftSettings: strict),
        .testTarget(
            name: "ReportFCGITests",
            dependencies: [
                "ReportFCGI", "Domain", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "HandlersTests",
            dependencies: ["Handlers", "Domain", "JSON", "Auth", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
    ]
)
