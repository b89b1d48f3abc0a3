import ArgumentParser
import ChipFitPlanner
import ChipFitRender
import ChipFitSpec
import ChipFitYAML
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented deployment spec to start from, for a preset or a local Hugging Face config.json.",
        discussion: """
            The spec is checked before it is written, and an existing file is never overwritten.
            The deployment is named after the file.

            Examples:
              chipfit init deploy/chat.yaml --preset qwen3-8b
              chipfit init deploy/tune.yaml --hf-config models/my-model/config.json --phase training
            """
    )

    @Argument(help: ArgumentHelp("The spec to write, e.g. deploy/chat.yaml; - writes to standard output.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("A model preset id (`chipfit profiles list --kind model`).", valueName: "id"))
    var preset: String?

    @Option(name: .customLong("hf-config"), help: ArgumentHelp("A local Hugging Face config.json to read the architecture from.", valueName: "path"))
    var hfConfig: String?

    @Option(help: "inference (default) or training.")
    var phase: Phase = .inference

    @OptionGroup var catalogueOptions: CatalogueOptions

    func validate() throws {
        guard (preset == nil) != (hfConfig == nil) else {
            throw ValidationError("name the model with --preset ID or --hf-config PATH (one of them); `chipfit profiles list --kind model` lists presets")
        }
        for text in [file, hfConfig ?? ""] where text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw ValidationError("file names with control characters are refused; got \(text.debugDescription)")
        }
        if file != "-" {
            guard InputFiles.isYAMLName(Array(PathText.name(file).utf8)) else {
                throw ValidationError("the spec's name must end in .yaml or .yml; got '\(file)'")
            }
        }
    }

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let target = file == "-" ? nil : PathText.absolute(file, cwd: cwd)
        if let target, FileManager.default.fileExists(atPath: target) {
            StandardStreams.error("chipfit: \(file) exists; chipfit init does not overwrite it (choose another name, or remove it first)\n")
            throw ExitCode(2)
        }
        let directory = target.map(PathText.parent) ?? cwd
        let model: StarterSpecRenderer.Model
        if let hfConfig {
            let config = PathText.absolute(hfConfig, cwd: cwd)
            guard InputFiles.isRegularFile(config) else {
                StandardStreams.error("chipfit: --hf-config \(hfConfig): no such file\n")
                throw ExitCode(2)
            }
            model = .hfConfig(PathText.relative(config, from: directory))
        } else {
            model = .preset(preset!)
        }
        let name = Self.deploymentName(file == "-" ? (preset ?? "deployment") : PathText.name(file))
        let command = "chipfit init " + (preset.map { "--preset \(Self.shellQuoted($0))" } ?? "--hf-config \(Self.shellQuoted(hfConfig!))")
            + (phase == .training ? " --phase training" : "")
        let planArguments = (catalogueOptions.root.map { "--root \(Self.shellQuoted($0)) " } ?? "") + Self.shellQuoted(file == "-" ? "\(name).yaml" : file)
        let text = StarterSpecRenderer().render(name: name, path: planArguments, model: model, phase: phase, command: command)
        // `init deploy/chat.yaml` in a repository without `deploy/` yet makes it, and takes it
        // away again when the spec is not written.
        var made: String?
        if target != nil, !InputFiles.isDirectory(directory) {
            var top = directory
            while !InputFiles.isDirectory(PathText.parent(top)), PathText.parent(top) != top { top = PathText.parent(top) }
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            made = top
        }
        do { try check(text, in: directory) } catch {
            if let made { try? FileManager.default.removeItem(atPath: made) }
            throw error
        }
        guard let target else {
            try emit(text, to: nil)
            return
        }
        do {
            let writer = try AtomicFile.Writer(path: target)
            do {
                try writer.write(Array(text.utf8))
                try writer.commit(replacing: false)
            } catch {
                writer.abort()
                throw error
            }
        } catch let failure as AtomicFile.Failure {
            StandardStreams.error("chipfit: \(failure.description)\n")
            throw ExitCode(2)
        }
        StandardStreams.error("chipfit: wrote \(file); edit its workload, then run: chipfit plan \(planArguments)\n")
    }

    /// The spec is checked as `validate` would check it where it will be written (the preset
    /// known, the config readable and importable), so init never writes a spec that fails.
    private func check(_ text: String, in directory: String) throws {
        var settings = try RunSettings.resolve(catalogueOptions)
        // The scratch file is checked whatever the configuration excludes or lists.
        settings.exclude = []
        settings.defaultPaths = []
        let scratch = try temporaryCopy(text, in: directory)
        defer { unlink(scratch) }
        let session = try loadOrExit(paths: [scratch], settings: settings, root: catalogueOptions.root, limits: .default)
        let errors = session.workspace.diagnostics.filter { $0.severity == .error && $0.file == InputFiles.display(scratch) }
        guard !errors.isEmpty else { return }
        let shown = errors.map { d in
            var d = d
            d.file = file
            d.location?.file = file
            return d
        }
        StandardStreams.error(DiagnosticsTextRenderer(color: Terminal.stderrSupportsColor)
            .render(shown, sources: [file: text], summary: "chipfit init: the spec would not validate; nothing written"))
        throw ExitCode(2)
    }

    /// A hidden file beside the target, so the references resolve as they will.
    private func temporaryCopy(_ text: String, in directory: String) throws -> String {
        var template = Array(PathText.child(".chipfit-init-XXXXXX.yaml", of: directory).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 5) }
        guard fd >= 0 else {
            StandardStreams.error("chipfit: cannot write in \(directory): \(String(cString: strerror(errno)))\n")
            throw ExitCode(2)
        }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }

    /// A word as a POSIX shell reads it back: plain when it is plain, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        // A relative path that starts with `-` would read as an option.
        if word.hasPrefix("-") { return shellQuoted("./" + word) }
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/._-+@:=,".unicodeScalars.contains($0)) }
            && !word.hasPrefix("-")
        if plain { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A deployment name from a file name: `Chat Bot.yaml` → `chat-bot`.
    static func deploymentName(_ fileName: String) -> String {
        var stem = fileName
        for ext in [".yaml", ".yml"] where stem.lowercased().hasSuffix(ext) { stem = String(stem.dropLast(ext.count)) }
        let mapped = stem.lowercased().map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-") ? c : "-"
        }
        let trimmed = String(mapped).drop { "-._".contains($0) }
        let name = String(trimmed.reversed().drop { "-._".contains($0) }.reversed())
        return name.isEmpty ? "deployment" : name
    }
}

extension Phase: ExpressibleByArgument {}
