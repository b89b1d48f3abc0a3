import ChipFitPlanner

/// `chipfit init`: a commented deployment spec to start from. Every value it writes is valid
/// and every line says what to change; the workload is a starting point the team edits, and
/// the toolchain is left for the team to fill in (chipfit cannot know what it runs today).
public struct StarterSpecRenderer: Sendable {
    public enum Model: Sendable, Equatable {
        case preset(String)
        /// A `config.json`, as a path from the spec's directory.
        case hfConfig(String)
    }

    public init() {}

    /// - Parameter path: the spec's path as the user named it, for the next command to run.
    public func render(name: String, path: String, model: Model, phase: Phase, command: String) -> String {
        let source: String, subject: String, modelBlock: String
        switch model {
        case .preset(let id):
            source = "the preset `\(id)`"
            subject = id
            modelBlock = """
                model:
                  preset: \(id)                # `chipfit profiles list --kind model` lists the presets
                """
        case .hfConfig(let path):
            source = "`\(path)`"
            subject = "the model of \(path)"
            modelBlock = """
                model:
                  hf_config: \(Self.quoted(path))  # a Hugging Face config.json, relative to this file
                """
        }
        let workload = phase == .inference ? Self.inference : Self.training
        return """
            # Written by `\(command)` from \(source).
            # Edit the workload to match what you run, then: chipfit plan \(path)
            # Every field: `chipfit docs reference`; editors: `chipfit schema deployment`.
            apiVersion: chipfit/v1
            kind: Deployment
            name: \(name)
            description: \(phase == .inference ? "Serving" : "Training") \(subject).
            \(modelBlock)
            \(workload)
            # What the team runs today; plans list what must change on each chip.
            # toolchain:
            #   framework: pytorch@2.4
            #   runtime: cuda@12.4
            #   components: [vllm@0.6, flash-attn@2.6, nccl]   # or paste requirements.txt names
            requirements:
              certification: required       # required, preferred, or ignore
              # max_chips: 16               # most chips the deployment may use
              # chips: [ascend-910c]        # only consider these chips
            
            """
    }

    static let inference = """
        workload:
          phase: inference
          precision: bf16               # weights: bf16, fp16, fp8, int8 or int4
          input_tokens: 2048            # prompt tokens of a typical request
          output_tokens: 512            # tokens generated per request
          concurrency: 16               # requests served at once
          slo:
            ttft_ms: 2000               # time to the first token a user accepts
            tpot_ms: 100                # time per output token (100 ms is 10 tokens/s per user)
        """

    static let training = """
        workload:
          phase: training
          precision: bf16               # mixed-precision compute: bf16, fp16 or fp8
          method: full                  # full, lora or qlora (then lora_rank)
          sequence_length: 4096         # tokens per sequence
          global_batch_size: 512        # sequences per optimizer step
          tokens: 10B                   # tokens to train on
          deadline_days: 30             # days the run may take
        """

    /// A path as a YAML scalar, always double-quoted: plain, `true`, `1.5`, `a: b` or `#x`
    /// would be read as something else.
    static func quoted(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

}
