/// One thing the team must do to move a deployment onto a chip's stack.
public struct ToolchainChange: Sendable, Hashable {
    public init(step: Step = .other, component: String, action: String, replacement: String?, effort: Effort,
                blocking: Bool, note: String?, source: String?) {
        self.step = step
        self.component = component
        self.action = action
        self.replacement = replacement
        self.effort = effort
        self.blocking = blocking
        self.note = note
        self.source = source
    }

    /// Where the change sits in a migration; changes are listed in this order.
    public enum Step: Int, Sendable, Comparable, CaseIterable {
        case runtime, framework, device, collectives, attention, engine, trainingFramework, quantization, precision,
             kernels, other

        public var title: String {
            switch self {
            case .runtime: "runtime"
            case .framework: "framework adapter"
            case .device: "device and API"
            case .collectives: "collectives"
            case .attention: "attention kernels"
            case .engine: "inference engine"
            case .trainingFramework: "training framework"
            case .quantization: "quantization"
            case .precision: "precision"
            case .kernels: "custom kernels"
            case .other: "other"
            }
        }

        public static func < (a: Step, b: Step) -> Bool { a.rawValue < b.rawValue }

        static func of(_ component: String) -> Step {
            switch component {
            case "cuda", "rocm": .runtime
            case "pytorch", "torch": .framework
            case "nccl": .collectives
            case "flash-attn", "xformers", "flashinfer": .attention
            case "vllm", "sglang", "tensorrt-llm", "tgi", "lmdeploy": .engine
            case "deepspeed", "megatron-lm", "apex", "fsdp": .trainingFramework
            case "bitsandbytes", "auto-gptq", "awq", "gptq": .quantization
            case "triton", "cutlass", "custom-cuda-kernels": .kernels
            default: .other
            }
        }
    }

    public var step: Step = .other
    public var component: String
    /// `keep | upgrade | replace | rewrite | unsupported`, or `unassessed` when no stack rule exists.
    public var action: String
    public var replacement: String?
    public var effort: Effort
    public var blocking: Bool
    public var note: String?
    public var source: String?
    /// The places in the team's code this change touches, when the spec scans its code.
    public var sites: SiteCount?

    /// The component's name without a version: `flash-attn@2.5` → `flash-attn`.
    public var componentName: String { String(component.split(separator: "@", maxSplits: 1).first ?? Substring(component)) }

    /// The name scan sites are filed under (`ScanSite.change`): as Python packaging compares
    /// names (`Flash_Attn` is `flash-attn`), with `torch` as `pytorch`.
    var siteKey: String {
        let name = Versioned.normalised(componentName)
        return name == "torch" ? "pytorch" : name
    }

    /// Whether the team has work to do here: every entry but a `keep` that costs nothing. A
    /// `keep` with effort (configuring DeepSpeed's accelerator, say) is work; one without is
    /// done. Table, JSON, explain, reports and the timeline all count changes by this.
    public var needsWork: Bool { action != "keep" || effort != .none }
}

/// Derives the toolchain changes from a spec's `toolchain` and a stack's migration rules.
/// Issue 5 extends this with ordering, timelines and reports; the rules here are the ones
/// the planner needs to rank chips and to reject blocked ones.
public enum MigrationPlanner {
    /// The changes, in migration order: runtime, framework adapter, device and API changes,
    /// collectives, attention kernels, engines, quantization, precision, custom kernels.
    public static func changes(for d: Deployment, stack: Stack?, precision: PrecisionChoice?) -> [ToolchainChange] {
        guard let stack else {
            return [ToolchainChange(component: "stack", action: "unsupported", replacement: nil, effort: .high,
                                    blocking: true, note: "the chip's stack is not in the catalogue", source: nil)]
        }
        var result: [ToolchainChange] = []
        if let framework = d.toolchain.framework {
            var c = frameworkChange(framework, stack)
            c.step = .framework
            result.append(c)
        }
        var seen = Set<String>()
        if let runtime = d.toolchain.runtime, seen.insert(runtime.name).inserted {
            var c = componentChange(runtime, stack)
            c.step = ToolchainChange.Step.of(runtime.name) == .other ? .runtime : ToolchainChange.Step.of(runtime.name)
            result.append(c)
        }
        for component in d.toolchain.components where seen.insert(component.name).inserted {
            var c = componentChange(component, stack)
            c.step = ToolchainChange.Step.of(component.name)
            result.append(c)
        }
        if let placement = devicePlacement(stack) { result.append(placement) }
        if d.workload.phase == .inference, let p = precision, p.weights.isInteger {
            let formats = stack.quantizationFormats.filter { $0.uppercased().contains(p.weights == .int4 ? "W4" : "W8") }
            result.append(ToolchainChange(
                step: .quantization, component: "\(p.weights.rawValue) weights", action: "replace",
                replacement: formats.isEmpty ? "re-quantize with \(stack.name)'s tools" : formats.joined(separator: " / "),
                effort: .medium, blocking: false,
                note: "checkpoints quantized for CUDA kernels are re-quantized in a format \(stack.name) runs; re-check accuracy",
                source: nil))
        }
        if let fallback = precision?.fallback, let p = precision {
            result.append(ToolchainChange(step: .precision, component: "precision", action: "replace", replacement: p.weights.rawValue,
                                          effort: .low, blocking: false, note: fallback, source: nil))
        }
        if !d.toolchain.sites.isEmpty {
            for i in result.indices { result[i].sites = d.toolchain.sites[result[i].siteKey] }
        }
        return ordered(result)
    }

    /// Code that names the CUDA device must name the stack's device instead; nil on a CUDA stack.
    public static func devicePlacement(_ stack: Stack) -> ToolchainChange? {
        guard stack.device != "cuda" else { return nil }
        let tools = stack.migrationTools
        return ToolchainChange(
            step: .device, component: "device placement", action: "rewrite",
            replacement: "device '\(stack.device)'" + (tools.isEmpty ? "" : " (automated by \(tools.joined(separator: ", ")))"),
            effort: tools.isEmpty ? .medium : .low, blocking: false,
            note: "`.cuda()`, `device='cuda'` and `torch.cuda.*` calls move to the `\(stack.device)` device", source: nil)
    }

    /// Changes that depend on the chosen layout: a multi-chip job needs the stack's
    /// collective backend even when the spec does not list NCCL.
    public static func layoutChanges(_ existing: [ToolchainChange], stack: Stack?, chips: Int) -> [ToolchainChange] {
        guard let stack, chips > 1, stack.collectiveBackend != "nccl",
              !existing.contains(where: { $0.step == .collectives }) else { return existing }
        return ordered(existing + [ToolchainChange(
            step: .collectives, component: "torch.distributed backend", action: "replace",
            replacement: "\(stack.collectiveLibrary) (backend '\(stack.collectiveBackend)')", effort: .low, blocking: false,
            note: "init_process_group(backend='nccl') becomes '\(stack.collectiveBackend)'", source: nil)])
    }

    /// The changes step by step, in the order given within a step. The positions are sorted,
    /// not the changes: each comparison then reads two steps instead of copying two changes.
    static func ordered(_ changes: [ToolchainChange]) -> [ToolchainChange] {
        changes.indices.sorted { (changes[$0].step, $0) < (changes[$1].step, $1) }.map { changes[$0] }
    }

    static func frameworkChange(_ framework: Versioned, _ stack: Stack) -> ToolchainChange {
        let name = framework.name == "torch" ? "pytorch" : framework.name
        guard let support = stack.frameworks[name] else {
            if let rule = stack.components[name] { return change(name, rule) }
            return ToolchainChange(component: framework.description, action: "unsupported", replacement: nil, effort: .high,
                                   blocking: true, note: "\(stack.name) lists no adapter for \(name)", source: nil)
        }
        let adapter = support.adapter == "torch" ? nil : support.adapter
        if let v = framework.version, !support.versions.contains(v) {
            return ToolchainChange(
                component: framework.description, action: "upgrade",
                replacement: "\(name) \(support.versions)" + (adapter.map { " with \($0)" } ?? ""),
                effort: .medium, blocking: false,
                note: "\(adapter ?? name) supports \(name) \(support.versions); \(v) is outside that range",
                source: support.source)
        }
        guard let adapter else {
            return ToolchainChange(component: framework.description, action: "keep", replacement: nil, effort: .none,
                                   blocking: false, note: nil, source: support.source)
        }
        return ToolchainChange(component: framework.description, action: "replace",
                               replacement: "\(name) build matched to \(adapter)", effort: .low, blocking: false,
                               note: "install \(adapter) for the pinned \(name) version; device string `\(stack.device)`",
                               source: support.source)
    }

    static func componentChange(_ component: Versioned, _ stack: Stack) -> ToolchainChange {
        guard let rule = stack.components[component.name] else {
            return ToolchainChange(component: component.description, action: "unassessed", replacement: nil, effort: .medium,
                                   blocking: false, note: "\(stack.name) has no rule for this component; medium effort assumed",
                                   source: nil)
        }
        return change(component.description, rule)
    }

    static func change(_ name: String, _ rule: ComponentRule) -> ToolchainChange {
        ToolchainChange(component: name, action: rule.action.rawValue, replacement: rule.replacement, effort: rule.effort,
                        blocking: rule.action == .unsupported && rule.replacement == nil,
                        note: rule.note ?? rule.assumption.map { "assumption: \($0)" }, source: rule.source)
    }

    /// Roll-up used to rank chips: the sum of effort weights (Assumptions.effortWeight).
    public static func effortScore(_ changes: [ToolchainChange]) -> Int {
        // Read in place: a filtered copy would copy every change and retain its strings, for a
        // figure ranking asks of every candidate.
        var score = 0
        for i in changes.indices where changes[i].needsWork {
            score += Assumptions.effortWeight(changes[i].effort) * (changes[i].sites?.effortFactor ?? 1)
        }
        return score
    }
}
