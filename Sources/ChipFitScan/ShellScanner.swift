/// Shell and launch scripts (`*.sh`, `*.bash`, `*.slurm`, `*.sbatch`) and Dockerfile `RUN`
/// lines: `nvidia-smi`, `nvcc`, `CUDA_VISIBLE_DEVICES`, `NCCL_*` variables, and packages a
/// `pip install` installs. Text after an unquoted `#` is a comment.
public enum ShellScanner {
    public static func scan(_ bytes: [UInt8], file: String) -> [ScanSite] {
        var sites: [ScanSite] = []
        var logical: [Word] = [] // the words of a command continued over lines with `\`
        for (i, raw) in RequirementsScanner.lines(bytes).enumerated() {
            let line = uncommented(raw)
            logical += words(line, line: i + 1)
            sites += variableSites(line, file: file, line: i + 1, lineText: raw)
            if line.hasSuffix("\\") { continue }
            sites += sitesIn(words: logical, file: file)
            logical = []
        }
        return sites + sitesIn(words: logical, file: file)
    }

    /// A word of a command line and where it starts.
    struct Word {
        var text: String
        var line: Int
        var column: Int
    }

    /// The blank- or `;`-separated words of one physical line (a trailing `\` dropped); a
    /// quoted part belongs to its word, blanks included.
    static func words(_ line: String, line n: Int) -> [Word] {
        var out: [Word] = []
        var current = "", start = 0, column = 0
        var quote: Unicode.Scalar?
        for s in line.unicodeScalars {
            column += 1
            if let q = quote {
                if s == q { quote = nil }
                current.unicodeScalars.append(s)
            } else if s == "\"" || s == "'" {
                if current.isEmpty { start = column }
                quote = s
                current.unicodeScalars.append(s)
            } else if s == " " || s == "\t" || s == ";" {
                if !current.isEmpty { out.append(Word(text: current, line: n, column: start)) }
                current = ""
            } else {
                if current.isEmpty { start = column }
                current.unicodeScalars.append(s)
            }
        }
        if !current.isEmpty, current != "\\" { out.append(Word(text: current, line: n, column: start)) }
        return out
    }

    /// Commands in one logical line: CUDA tools, and `pip install` arguments.
    static func sitesIn(words: [Word], file: String) -> [ScanSite] {
        var sites: [ScanSite] = []
        for w in words {
            // `$(nvidia-smi …)` and backticks run it too, after an assignment as well.
            var lead = 0
            if let r = w.text.range(of: "$(", options: .backwards) {
                lead = w.text.unicodeScalars.distance(from: w.text.unicodeScalars.startIndex, to: r.upperBound)
            } else if let r = w.text.range(of: "`", options: .backwards), r.upperBound != w.text.endIndex {
                lead = w.text.unicodeScalars.distance(from: w.text.unicodeScalars.startIndex, to: r.upperBound)
            }
            let command = String(String.UnicodeScalarView(w.text.unicodeScalars.dropFirst(lead)))
            guard command == "nvidia-smi" || command == "nvcc" || command.hasSuffix("/nvidia-smi") || command.hasSuffix("/nvcc")
                    || command == "nvidia-smi)" || command == "nvidia-smi`" else { continue }
            sites.append(ScanSite(file: file, line: w.line, column: w.column + lead, component: "cuda", kind: .shell,
                                  text: command.trimming(")`")))
        }
        // pip install A B … (also `python -m pip`, `pip3`, `uv pip`)
        var i = 0
        while i < words.count {
            let w = words[i].text
            if (w == "pip" || w == "pip3" || w.hasSuffix("/pip") || w.hasSuffix("/pip3")), i + 1 < words.count, words[i + 1].text == "install" {
                var k = i + 2
                while k < words.count, !["&&", "||", "|", ";"].contains(words[k].text) {
                    let word = words[k]
                    let quoted = word.text.hasPrefix("\"") || word.text.hasPrefix("'")
                    let arg = word.text.trimming("\"'")
                    if arg.hasPrefix("--index-url") || arg.hasPrefix("--extra-index-url") {
                        let url = arg.contains("=") ? arg : (k + 1 < words.count ? words[k + 1].text : "")
                        if let cuda = IndexURL.cudaVersion(url) {
                            sites.append(ScanSite(file: file, line: word.line, column: word.column, component: "cuda", kind: .dependency, text: url, version: cuda))
                        }
                    } else if !arg.hasPrefix("-"), let r = Requirement.parse(arg), let component = ComponentNames.forPackage(r.name) {
                        let column = word.column + (quoted ? 1 : 0)
                        sites.append(ScanSite(file: file, line: word.line, column: column, component: component, kind: .dependency,
                                              text: arg, version: r.version))
                        if let cuda = r.cuda {
                            sites.append(ScanSite(file: file, line: word.line, column: column, component: "cuda", kind: .dependency, text: arg, version: cuda))
                        }
                    }
                    k += 1
                }
                i = k
            } else {
                i += 1
            }
        }
        return sites
    }

    /// `CUDA_VISIBLE_DEVICES` and `NCCL_*` names, wherever they stand in the line.
    static func variableSites(_ line: String, file: String, line n: Int, lineText: String) -> [ScanSite] {
        var sites: [ScanSite] = []
        let scalars = Array(line.unicodeScalars)
        var i = 0
        func isNameScalar(_ s: Unicode.Scalar) -> Bool { s == "_" || s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s)) }
        while i < scalars.count {
            guard isNameScalar(scalars[i]), i == 0 || !isNameScalar(scalars[i - 1]) else { i += 1; continue }
            var k = i
            while k < scalars.count, isNameScalar(scalars[k]) { k += 1 }
            let word = String(String.UnicodeScalarView(scalars[i..<k]))
            if word == "CUDA_VISIBLE_DEVICES" || word == "CUDA_HOME" || word == "CUDA_LAUNCH_BLOCKING" {
                sites.append(ScanSite(file: file, line: n, column: i + 1, component: "cuda", kind: .shell, text: word))
            } else if word.hasPrefix("NCCL_"), word.count > 5 {
                sites.append(ScanSite(file: file, line: n, column: i + 1, component: "nccl", kind: .shell, text: word))
            }
            i = k
        }
        return sites
    }

    /// A line without its comment: `#` outside quotes, at the start or after a blank.
    static func uncommented(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for i in line.indices {
            let c = line[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#", previous == " " || previous == "\t" {
                return String(line[..<i])
            }
            previous = c
        }
        return line
    }
}
