// swift-tools-version:6.0
// The pipeline is visible in the targets:
// CYAML (libyaml) → ChipFitYAML (located nodes, diagnostics, schema) → ChipFitCore (typed
// specs and profiles, validation, planning) → ChipFitRender (text/JSON/…) → chipfit (CLI).
import PackageDescription

let package = Package(
    name: "chipfit",
    products: [
        .executable(name: "chipfit", targets: ["chipfit"]),
        .library(name: "ChipFitCore", targets: ["ChipFitCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "ChipFitYAML", dependencies: ["CYAML"]),
        .target(name: "ChipFitCore", dependencies: ["ChipFitYAML"]),
        .target(name: "ChipFitRender", dependencies: ["ChipFitCore"]),
        .executableTarget(
            name: "chipfit",
            dependencies: [
                "ChipFitCore", "ChipFitRender", "CMallocTuning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .systemLibrary(name: "CMallocTuning"),
        .target(name: "CFuzzShim"),
        .executableTarget(name: "chipfit-fuzz", dependencies: ["ChipFitCore", "CFuzzShim"]),
        .executableTarget(name: "chipfit-bench", dependencies: ["ChipFitCore"], path: "Benchmarks/chipfit-bench"),
        .target(name: "TestSupport", dependencies: ["ChipFitYAML"], path: "Tests/TestSupport"),
        .testTarget(name: "ChipFitYAMLTests", dependencies: ["ChipFitYAML", "TestSupport"]),
        .testTarget(name: "ChipFitCoreTests", dependencies: ["ChipFitCore", "TestSupport"]),
        // Golden files are read from the source tree (TestSupport.assertGolden), not as resources.
        .testTarget(name: "ChipFitRenderTests", dependencies: ["ChipFitRender", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["chipfit", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
