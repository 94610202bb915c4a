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

        // The service.
        .target(name: "Auth", dependencies: ["Crypto", "JSON"], swiftSettings: strict),
        // zlib's deflateInit2_ interposed so XLSX zipping can use level 1 (see its source).
        .target(name: "CFastDeflate", linkerSettings: [.linkedLibrary("z"), .linkedLibrary("dl")]),
        .target(
            name: "Exporter", dependencies: ["CXLSXWriter", "CPangoCairo", "CFastDeflate", "JSON", "Crypto"],
            swiftSettings: strict),
        .target(
            name: "Handlers",
            dependencies: [
                "JSON", "Crypto", "Auth", "Forecast", "Exporter", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "Storage",
            dependencies: [
                "Postgres", "Handlers", "JSON", "Exporter", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Pure Swift: time-series models for /predictive.
        .target(name: "Forecast", swiftSettings: strict),
        .executableTarget(
            name: "ReportFCGI",
            dependencies: [
                "CFastCGI", "Handlers", "Storage", "Auth", "Crypto", "Postgres", "JSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .executableTarget(
            name: "auth-bench", dependencies: ["Auth", "Crypto"], path: "Benchmarks/AuthBench", swiftSettings: strict),
        .executableTarget(
            name: "export-bench", dependencies: ["Exporter"], path: "Benchmarks/ExportBench",
            swiftSettings: strict),

        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"], swiftSettings: strict),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Crypto", "JSON"], swiftSettings: strict),
        .testTarget(name: "ForecastTests", dependencies: ["Forecast"], swiftSettings: strict),
        .testTarget(
            name: "ExporterTests", dependencies: ["Exporter", "CFastDeflate", "JSON"], swiftSettings: strict),
        .testTarget(
            name: "HandlersTests",
            dependencies: ["Handlers", "JSON", "Auth", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
    ]
)
