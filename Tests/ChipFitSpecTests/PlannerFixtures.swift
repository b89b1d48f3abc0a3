import ChipFitSpec
import ChipFitPlanner
import ChipFitYAML
import Foundation
import TestSupport

/// Builds a chip profile and a spec in code for planner tests, through the real loader.
func chipYAML(id: String = "test-chip", vendor: String = "TestVendor", memory: String = "80GB",
              bandwidth: String = "2TB/s", compute: String = "bf16: 300TFLOPS, fp16: 300TFLOPS",
              stack: String = "cuda", positioning: String = "[training, inference]", power: String = "400W",
              nodeBandwidth: String = "300GB/s", extra: String = "") -> String {
    """
    apiVersion: chipfit/v1
    kind: Chip
    id: \(id)
    vendor: \(vendor)
    name: Test \(id)
    positioning: \(positioning)
    stack: \(stack)
    memory: {capacity: \(memory), bandwidth: \(bandwidth)}
    compute: {\(compute)}
    compute_basis: dense
    node: {chips: 8, interconnect: test-link, bandwidth: \(nodeBandwidth)}
    scale_out: {fabric: RoCE, bandwidth: 200Gb/s}
    power: \(power)
    sources: [test fixture]
    \(extra)
    """
}

func certYAML(_ entries: [String], provenance: String = "sample") -> String {
    """
    apiVersion: chipfit/v1
    kind: CertificationList
    id: test-list
    scheme: secure-and-reliable
    issuers: [TEST]
    announcement: test fixture
    published: 2026-01-01
    provenance: \(provenance)
    source: test fixture
    entries:
    \(entries.map { "  - " + $0 }.joined(separator: "\n"))
    """
}

func specYAML(name: String = "job", model: String = "preset: llama-3-8b", workload: String,
              toolchain: String = "", requirements: String = "") -> String {
    """
    apiVersion: chipfit/v1
    kind: Deployment
    name: \(name)
    model: {\(model)}
    workload: {\(workload)}
    \(toolchain.isEmpty ? "" : "toolchain: {\(toolchain)}")
    \(requirements.isEmpty ? "" : "requirements: {\(requirements)}")
    """
}

/// Shipped stacks and models plus the given files, linked; the shipped chips and lists are
/// left out so a test controls exactly which chips and certificates exist. Throws on errors.
func workspace(_ yaml: [String]) throws -> Workspace {
    let stacksAndModels = shippedProfiles.filter {
        if case .stack? = $0.document { return true }
        if case .model? = $0.document { return true }
        return false
    }
    let files = yaml.enumerated().map { DocumentLoader.load(Array($1.utf8), file: "t\($0).yaml") }
    let ws = Linker.link(stacksAndModels + files)
    let errors = ws.diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty { throw PlanFixtureError(diagnostics: errors) }
    return ws
}

/// Plans the given files against the shipped stacks and models (`workspace`).
func plan(_ yaml: [String], asOf: String = "2026-11-29", objective: Objective = .chips) throws -> Plan {
    let ws = try workspace(yaml)
    return Planner(catalogue: ws.catalogue, objective: objective, asOf: Day(asOf)!).plan(ws.deployments)
}

struct PlanFixtureError: Error, CustomStringConvertible {
    var diagnostics: [Diagnostic]
    var description: String { diagnostics.map { "\($0.file):\($0.location?.line ?? 0): \($0.message)" }.joined(separator: "\n") }
}

/// Evaluates one inference layout (TP 1) on an idealised chip: 100 % efficiency.
func evaluateInference(shape: ModelShape, bandwidth: Double, peak: Double, input: Int, output: Int) throws -> Evaluation {
    let chip = chipYAML(memory: "80GB", bandwidth: "\(bandwidth / 1e12)TB/s",
                        compute: "fp16: \(peak / 1e12)TFLOPS, bf16: \(peak / 1e12)TFLOPS",
                        extra: "efficiency: {compute: 1, memory: 1, interconnect: 1}")
    let spec = specYAML(model: "preset: llama-2-7b", workload: "phase: inference, precision: fp16, input_tokens: \(input), output_tokens: \(output), serving: {iteration_overhead_ms: 0}",
                        requirements: "certification: ignore")
    let p = try plan([chip, spec])
    guard let c = p.deployments.first?.candidates.first(where: { $0.chip.id == "test-chip" }), let e = c.evaluation else {
        throw PlanFixtureError(diagnostics: [])
    }
    _ = shape
    return e
}
