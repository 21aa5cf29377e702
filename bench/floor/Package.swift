// swift-tools-version: 6.1
// The framework's ceiling for bench/load.sh: bare Vapor answering plain text, built from the same Vapor
// version as Trellis. A package of its own so that Trellis's build never includes it.
import PackageDescription

let package = Package(
    name: "vapor-floor",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3")
    ],
    targets: [
        .executableTarget(
            name: "vapor-floor",
            dependencies: [.product(name: "Vapor", package: "vapor")]
        )
    ]
)
