/// One place in a repository that ties it to the CUDA ecosystem: a dependency, an import, a
/// call, a device string, a kernel source, a launch-script variable.
public struct ScanSite: Sendable, Hashable {
    /// What kind of place it is; docs/scan.md lists every pattern under its kind.
    public enum Kind: String, Sendable, CaseIterable {
        /// A package a requirements file, pyproject.toml, setup.cfg/setup.py, environment.yml or a Dockerfile installs.
        case dependency
        /// A container base image that brings CUDA or a CUDA build of a framework.
        case baseImage = "base-image"
        /// `import x` / `from x import y`.
        case `import`
        /// A call or attribute that names CUDA: `torch.cuda.synchronize()`, `.cuda()`, `torch.backends.cudnn.benchmark`.
        case call
        /// A device or backend given as a string value: `device="cuda"`, `backend="nccl"`.
        case device
        /// A GPU kernel: `@triton.jit`, `@cuda.jit`, a `.cu` source, `CUDAExtension`, `load_inline`.
        case kernel
        /// A launch-script command or variable: `nvidia-smi`, `CUDA_VISIBLE_DEVICES`, `NCCL_*`.
        case shell
    }

    public var file: String
    /// 1-based; the column counts Unicode scalars, as diagnostics do.
    public var line: Int
    public var column: Int
    /// The component as stack rules name it (`flash-attn`, `cuda`, `nccl`, `custom-cuda-kernels`).
    public var component: String
    public var kind: Kind
    /// What was found, as written (`flash_attn`, `torch.cuda.synchronize`, `"nccl"`).
    public var text: String
    /// A version the site pins or implies (`2.5.8` from `flash-attn==2.5.8`, `12.1` from a CUDA image).
    public var version: String?

    public init(file: String, line: Int, column: Int, component: String, kind: Kind, text: String, version: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.component = component
        self.kind = kind
        self.text = text
        self.version = version
    }

    /// The toolchain change the site belongs to: a CUDA call, device string or launch-script
    /// device setting is device placement (`.cuda()` becomes `.npu()`), not the CUDA toolkit
    /// itself, which dependencies, base images and includes name.
    public var change: String {
        component == "cuda" && (kind == .call || kind == .device || kind == .shell) ? "device placement" : component
    }

    /// File, line, column, then component: the order every output lists sites in.
    public static func ordered(_ a: ScanSite, _ b: ScanSite) -> Bool {
        (a.file, a.line, a.column, a.component, a.text) < (b.file, b.line, b.column, b.component, b.text)
    }
}

/// A file the scan did not read, and why: outputs list them so a clean result is not mistaken
/// for a complete one.
public struct SkippedFile: Sendable, Hashable {
    public var file: String
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
}
