// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "trellis",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trellis", targets: ["trellis"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/websocket-kit.git", from: "2.16.2"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(
            name: "TrellisCore",
            swiftSettings: upcoming
        ),
        .target(
            name: "TrellisServer",
            dependencies: [
                "TrellisCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [
                .embedInCode("Resources/trellis.css"),
                .embedInCode("Resources/trellis.js"),
                .embedInCode("Resources/openapi.json"),
                .embedInCode("Resources/favicon.svg"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "trellis",
            dependencies: [
                "TrellisCore",
                "TrellisServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "trellis-bench",
            dependencies: ["TrellisCore"],
            path: "bench/TrellisBench",
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "outcomes-bench",
            dependencies: ["TrellisCore"],
            path: "bench/outcomes/Timing",
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "formation-bench",
            dependencies: ["TrellisCore"],
            path: "bench/formation/Timing",
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "TrellisCoreTests",
            dependencies: ["TrellisCore"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "TrellisServerTests",
            dependencies: [
                "TrellisServer",
                "TrellisCore",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"],
            swiftSettings: upcoming
        ),
    ]
)
