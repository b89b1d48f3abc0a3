// swift-tools-version:6.0
// The pipeline is visible in the targets:
// CYAML (libyaml) → ChipFitYAML (located nodes, diagnostics) → ChipFitSpec (the spec layer:
// schemas, typed documents, linking) → ChipFitPlanner (the planner; no YAML types, only the
// source locations findings point at) → ChipFitRender (reporters, the plan and report
// pipelines) → chipfit (the command line: files, output, exit codes). ChipFitScan reads a
// repository's code for what ties it to CUDA (`chipfit scan`, `toolchain.scan`).
import PackageDescription

let package = Package(
    name: "chipfit",
    products: [
        .executable(name: "chipfit", targets: ["chipfit"]),
        .library(name: "ChipFit", targets: ["ChipFitSpec", "ChipFitPlanner", "ChipFitRender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    // Every target lists each module it imports, not only its nearest: an incremental build
    // recompiles a target against a struct whose stored properties changed only when it
    // depends on that struct's module directly (swift-package-manager#10502); through a
    // transitive dependency the test binary kept the old layout and crashed.
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "ChipFitYAML", dependencies: ["CYAML"]),
        // DWARF 4: valgrind 3.19 (callgrind, in scripts/bench) cannot read the DWARF 5 clang emits by default.
        .target(name: "CProcessors", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        .target(name: "ChipFitPlanner", dependencies: ["ChipFitYAML", "CProcessors"]),
        .target(name: "ChipFitSpec", dependencies: ["ChipFitYAML", "ChipFitPlanner", "ChipFitScan"]),
        // Reads a repository for what ties it to CUDA (`chipfit scan`): sources and manifests in, sites out.
        .target(name: "ChipFitScan", dependencies: ["ChipFitYAML", "ChipFitPlanner"]),
        .target(name: "ChipFitRender", dependencies: ["ChipFitSpec", "ChipFitPlanner", "ChipFitYAML", "ChipFitScan"]),
        // profiles/ as source (scripts/embed-catalogue): the executable carries its catalogue.
        .target(name: "ChipFitShippedCatalogue"),
        .executableTarget(
            name: "chipfit",
            dependencies: [
                "ChipFitSpec", "ChipFitPlanner", "ChipFitRender", "ChipFitYAML", "ChipFitShippedCatalogue", "ChipFitScan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "CFuzzShim"),
        .executableTarget(name: "chipfit-fuzz", dependencies: ["ChipFitSpec", "ChipFitPlanner", "ChipFitRender", "ChipFitYAML", "CFuzzShim"]),
        .executableTarget(name: "chipfit-bench", dependencies: ["ChipFitSpec", "ChipFitPlanner", "ChipFitYAML"], path: "Benchmarks/chipfit-bench"),
        .target(name: "TestSupport", dependencies: ["ChipFitYAML"], path: "Tests/TestSupport"),
        .testTarget(name: "ChipFitYAMLTests", dependencies: ["ChipFitYAML", "TestSupport"]),
        .testTarget(name: "ChipFitScanTests", dependencies: ["ChipFitScan", "ChipFitPlanner", "TestSupport",
                                                          .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "ChipFitSpecTests", dependencies: ["ChipFitSpec", "ChipFitPlanner", "ChipFitYAML", "TestSupport"]),
        // Golden files are read from the source tree (TestSupport.assertGolden), not as resources.
        .testTarget(name: "ChipFitRenderTests", dependencies: ["ChipFitRender", "ChipFitSpec", "ChipFitPlanner", "ChipFitYAML", "TestSupport",
                                                             .product(name: "PropertyBased", package: "swift-property-based")],
                    exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["chipfit", "ChipFitSpec", "ChipFitPlanner", "ChipFitShippedCatalogue", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
