import ChipFitCore
import ChipFitYAML
import Foundation

/// One fuzz input through the whole untrusted-input path: YAML parsing, schema validation,
/// linking against the shipped catalogue, planning a valid deployment, and — for inputs that
/// look like JSON — the Hugging Face config importer. Any crash, hang, leak or sanitizer
/// report is a finding.
enum FuzzTarget {
    /// The shipped catalogue, loaded once from `CHIPFIT_PROFILES` (default `profiles`).
    static let catalogue: [LoadedFile] = {
        let dir = ProcessInfo.processInfo.environment["CHIPFIT_PROFILES"] ?? "profiles"
        let names = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.map { DocumentLoader.load([UInt8](FileManager.default.contents(atPath: dir + "/" + $0) ?? Data()), file: $0) }
    }()

    static let planner: Planner = Planner(catalog: Linker.link(catalogue).catalog, asOf: Day("2026-11-29")!)

    /// Small limits keep each run fast; the limits themselves are part of what is fuzzed.
    static let limits = YAMLLimits(maxFileBytes: 1 << 16, maxDepth: 64, maxNodes: 5000, maxScalarBytes: 4096)

    static func run(_ bytes: [UInt8]) {
        let file = DocumentLoader.load(bytes, file: "fuzz.yaml", limits: limits)
        var references: Linker.References = [:]
        if case .deployment(let d)? = file.document, case .hfConfig(let path, _) = d.model {
            references[Linker.referenceKey(spec: d.file, reference: path)] = .success(bytes)
        }
        let ws = Linker.link(catalogue + [file], references: references)
        if !ws.deployments.isEmpty { _ = planner.plan(ws.deployments) }
        if bytes.first == UInt8(ascii: "{") {
            _ = HFConfigImporter.importConfig(bytes, at: SourceLocation(file: "fuzz.json", line: 1, column: 1), path: "hf_config")
        }
    }
}

/// libFuzzer's entry point (also what the driver started from main calls through the shim).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
