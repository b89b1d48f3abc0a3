import CYAML

/// The outcome of reading one file: its root node (nil when the file could not be read as
/// exactly one well-formed document) and everything found wrong on the way.
public struct YAMLParseResult: Sendable {
    public var root: Node?
    public var diagnostics: [Diagnostic]
}

/// Reads YAML through libyaml's event API and builds a located node tree.
///
/// The event API is used rather than `yaml_parser_load` because the loader has no limits:
/// here depth, node count and scalar length are checked as events arrive, and parsing stops
/// at the first limit, so hostile input costs bounded time and memory. The tree is built
/// with an explicit stack, never by recursion. Anchors, aliases, merge keys and tags are
/// refused (see docs/yaml.md for why).
public enum YAMLParser {
    public static func parse(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) -> YAMLParseResult {
        let source = SourceFile(file)
        let start = SourceLocation(in: source, line: 1, column: 1)
        if bytes.count > limits.maxFileBytes {
            return YAMLParseResult(root: nil, diagnostics: [.error(
                .fileTooLarge,
                // The CLI reads at most limit + 1 bytes: then the real size is not known here.
                bytes.count - 1 == limits.maxFileBytes
                    ? "file is larger than the limit of \(limits.maxFileBytes) bytes"
                    : "file is \(bytes.count) bytes; the limit is \(limits.maxFileBytes) bytes",
                at: start, suggestion: "split the file, or raise the limit with --max-file-bytes")])
        }
        if let encoding = utf16or32(bytes) {
            return YAMLParseResult(root: nil, diagnostics: [.error(
                .invalidEncoding, "file is encoded as \(encoding); chipfit reads UTF-8 only",
                at: start, suggestion: "save the file as UTF-8")])
        }
        if bytes.isEmpty {
            return YAMLParseResult(root: nil, diagnostics: [.error(
                .emptyDocument, "file is empty; expected one YAML document", at: start)])
        }

        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return YAMLParseResult(root: nil, diagnostics: [.error(
                .fileUnreadable, "libyaml could not allocate a parser", at: start)])
        }
        defer { yaml_parser_delete(&parser) }

        var builder = TreeBuilder(source: source, limits: limits)
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.fatal(parserError(parser, bytes: buffer, file: file))
                    return
                }
                let step = builder.handle(event)
                let isEnd = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if step == .stop || isEnd { return }
            }
        }
        return builder.result()
    }

    /// UTF-16 and UTF-32 byte-order marks. libyaml would decode UTF-16 itself; chipfit
    /// refuses it so that columns and byte offsets mean the same thing in every file.
    static func utf16or32(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian)" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        return nil
    }

    private static func parserError(
        _ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String
    ) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown libyaml error"
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset only; problem_mark stays 0:0.
            let location = TextPosition.location(ofByte: Int(parser.problem_offset), in: bytes, file: file)
            var message = problem
            if parser.problem_value != -1 {
                let hex = String(Int(parser.problem_value) & 0xFF, radix: 16, uppercase: true)
                message += " (byte 0x\(hex.count == 1 ? "0" + hex : hex))"
            }
            return .error(.invalidEncoding, message, at: location,
                          suggestion: "chipfit reads UTF-8 text without control characters")
        }
        if parser.error == YAML_MEMORY_ERROR {
            return .error(.fileUnreadable, "libyaml ran out of memory",
                          at: SourceLocation(file: file, line: 1, column: 1))
        }
        let mark = parser.problem_mark
        let location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        var related: [Diagnostic.Related] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let cm = parser.context_mark
            related.append(.init(
                message: context,
                location: SourceLocation(file: file, line: Int(cm.line) + 1, column: Int(cm.column) + 1)))
        }
        let message = related.first.map { "\(problem) (\($0.message) at \($0.location.line):\($0.location.column))" }
            ?? problem
        return .error(.syntaxError, message, at: location, suggestion: hint(problem, line: Self.line(Int(mark.line), of: bytes)),
                      related: related)
    }

    /// What people usually did when libyaml says this: indented with a tab, or indented a key
    /// more or less than the others of its mapping.
    static func hint(_ problem: String, line: ArraySlice<UInt8>) -> String? {
        let indentation = line.prefix { $0 == 0x20 || $0 == 0x09 }
        if indentation.contains(0x09) || problem.contains("cannot start any token") && line.contains(0x09) {
            return "indent with spaces: YAML does not allow tabs in indentation"
        }
        let indentationProblems = ["mapping values are not allowed", "did not find expected key",
                                   "did not find expected '-' indicator", "could not find expected ':'"]
        if indentationProblems.contains(where: problem.contains) {
            return "check the indentation: the keys of one mapping start in the same column, and a nested mapping is indented further than its key"
        }
        return nil
    }

    /// Line `index` (0-based) of `bytes`, without its line break.
    static func line(_ index: Int, of bytes: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8> {
        var start = 0, current = 0
        while current < index, let newline = bytes[start...].firstIndex(of: 0x0A) {
            start = newline + 1
            current += 1
        }
        guard current == index, start <= bytes.count else { return [] }
        let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        return ArraySlice(bytes[start..<end])
    }
}

/// Turns a stream of libyaml events into nodes, checking limits and policy as it goes.
private struct TreeBuilder {
    enum Step { case proceed, stop }

    /// An open collection. A class, so appending to it mutates in place: with a value type
    /// every append would copy the array still referenced by the stack (quadratic time).
    /// Only the builder that owns a frame touches it, on one thread, so the runtime's
    /// exclusivity checks (a call on every access to a class's stored property) are off.
    private final class Frame {
        let isSequence: Bool
        @exclusivity(unchecked) var items: [Node] = []
        @exclusivity(unchecked) var mapping: Mapping
        init(sequenceAt location: SourceLocation, refused: Bool) {
            isSequence = true
            mapping = Mapping(location: location)
            mapping.refused = refused
            items.reserveCapacity(4)
        }
        init(mappingAt location: SourceLocation, refused: Bool) {
            isSequence = false
            // Built in place: a mapping made first and passed in was copied and destroyed.
            mapping = Mapping(location: location)
            mapping.refused = refused
            // Most mappings in chipfit files have a handful of keys: one allocation, no regrowth.
            mapping.entries.reserveCapacity(8)
        }
    }

    private struct Mapping {
        var entries: [Node.Entry] = []
        var location: SourceLocation
        /// The key waiting for its value; nil while the next node is a key.
        var pendingKey: (text: String, at: SourceLocation, first: UInt8?)?
        /// True when the next node is the value of a refused key and must be dropped.
        var dropNextValue = false
        /// Keys seen so far, for duplicate detection; built only for large mappings (small
        /// ones, nearly all of them, are searched linearly without hashing).
        var seen: [String: SourceLocation] = [:]

        func firstDefinition(of key: String, first: UInt8?) -> SourceLocation? {
            if entries.count <= Mapping.linearLimit {
                // By index: iterating would copy, and retain, every entry.
                for i in entries.indices
                where String.mayBeSameKey(entries[i].keyFirstByte, first) && entries[i].key == key {
                    return entries[i].keyLocation
                }
                return nil
            }
            return seen[key]
        }

        mutating func remember(_ key: String, at location: SourceLocation) {
            if entries.count == Mapping.linearLimit {
                for e in entries { seen[e.key] = e.keyLocation }
            }
            if entries.count >= Mapping.linearLimit { seen[key] = location }
        }

        static let linearLimit = 16
        /// A tagged mapping is read (to keep finding problems inside) but stands as invalid.
        var refused = false
    }

    /// Interned once: every location in the file shares it.
    let source: SourceFile
    let limits: YAMLLimits
    private var stack: [Frame] = []
    private var root: Node?
    private var documents = 0
    private var nodes = 0
    private var failed = false
    private(set) var diagnostics: [Diagnostic] = []

    init(source: SourceFile, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    mutating func fatal(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        failed = true
    }

    func result() -> YAMLParseResult {
        if failed { return YAMLParseResult(root: nil, diagnostics: diagnostics) }
        if documents == 0 || root == nil {
            return YAMLParseResult(root: nil, diagnostics: diagnostics + [.error(
                .emptyDocument, "file holds no YAML document (only comments or blank lines)",
                at: SourceLocation(in: source, line: 1, column: 1))])
        }
        return YAMLParseResult(root: root, diagnostics: diagnostics)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(in: source, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    mutating func handle(_ event: yaml_event_t) -> Step {
        let at = location(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            if event.data.stream_start.encoding != YAML_UTF8_ENCODING {
                fatal(.error(.invalidEncoding, "file is not UTF-8; chipfit reads UTF-8 only", at: at))
                return .stop
            }
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                fatal(.error(.multipleDocuments,
                             "a second YAML document starts here; a file holds exactly one",
                             at: at, suggestion: "put each deployment or profile in its own file"))
                return .stop
            }
        case YAML_ALIAS_EVENT:
            guard count(at: at) else { return .stop }
            let name = string(event.data.alias.anchor) ?? ""
            diagnostics.append(.error(
                .anchorOrAlias, "alias `*\(name)` is not accepted; chipfit files do not use anchors or aliases",
                at: at, suggestion: "write the value out in full"))
            attach(Node(.invalid, at: at), firstByte: nil)
        case YAML_SCALAR_EVENT:
            guard count(at: at) else { return .stop }
            let data = event.data.scalar
            let refused = data.anchor == nil && data.tag == nil ? false
                : refuseAnchorAndTag(anchor: data.anchor, tag: data.tag, at: at)
            let length = Int(data.length)
            if length > limits.maxScalarBytes {
                diagnostics.append(.error(
                    .scalarTooLong, "scalar is \(length) bytes; the limit is \(limits.maxScalarBytes) bytes", at: at))
                attach(Node(.invalid, at: at), firstByte: nil)
                return .proceed
            }
            // Copied by length: a double-quoted "\0" escape puts a NUL inside a legal scalar.
            let text = data.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            } ?? ""
            let first = length > 0 ? data.value?[0] : nil
            // A mapping's key (nearly half the scalars) is checked and held as text: a node
            // made for it would be taken apart again at once.
            if !refused, let top = stack.last, !top.isSequence, !top.mapping.dropNextValue,
               case .none = top.mapping.pendingKey {
                acceptKey(text, style(data.style), at: at, firstByte: first, into: &top.mapping)
                return .proceed
            }
            let node = refused ? Node(.invalid, at: at) : Node(.scalar(.init(text: text, style: style(data.style))), at: at)
            attach(node, firstByte: first)
        case YAML_SEQUENCE_START_EVENT:
            guard count(at: at), enter(at: at) else { return .stop }
            let refused = refuseAnchorAndTag(anchor: event.data.sequence_start.anchor, tag: event.data.sequence_start.tag, at: at)
            stack.append(Frame(sequenceAt: at, refused: refused))
        case YAML_MAPPING_START_EVENT:
            guard count(at: at), enter(at: at) else { return .stop }
            let refused = refuseAnchorAndTag(anchor: event.data.mapping_start.anchor, tag: event.data.mapping_start.tag, at: at)
            stack.append(Frame(mappingAt: at, refused: refused))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return .proceed }
            // The finished collection is taken out of its frame, not copied with the rest of it.
            let location = frame.mapping.location, refused = frame.mapping.refused
            if frame.isSequence {
                let items = frame.items
                frame.items = []
                attach(Node(refused ? .invalid : .sequence(items), at: location), firstByte: nil)
            } else {
                let entries = frame.mapping.entries
                frame.mapping.entries = []
                attach(Node(refused ? .invalid : .mapping(entries), at: location), firstByte: nil)
            }
        default:
            break
        }
        return .proceed
    }

    /// Counts a node against the budget; false (with a fatal error) past it.
    private mutating func count(at: SourceLocation) -> Bool {
        nodes += 1
        if nodes > limits.maxNodes {
            fatal(.error(.tooManyNodes, "document has more than \(limits.maxNodes) nodes", at: at,
                         suggestion: "raise the limit with --max-nodes if the file is genuine"))
            return false
        }
        return true
    }

    /// Checks the depth a new collection would open; false (with a fatal error) past the cap.
    private mutating func enter(at: SourceLocation) -> Bool {
        if stack.count + 1 > limits.maxDepth {
            fatal(.error(.nestingTooDeep, "nesting is deeper than \(limits.maxDepth) levels", at: at,
                         suggestion: "raise the limit with --max-depth if the file is genuine"))
            return false
        }
        return true
    }

    private mutating func refuseAnchorAndTag(
        anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?, at: SourceLocation
    ) -> Bool {
        var refused = false
        if let name = string(anchor) {
            diagnostics.append(.error(
                .anchorOrAlias, "anchor `&\(name)` is not accepted; chipfit files do not use anchors or aliases",
                at: at, suggestion: "remove the anchor and write each value out in full"))
        }
        if let tag = string(tag) {
            diagnostics.append(.error(
                .explicitTag, "explicit tag `\(tag)` is not accepted", at: at,
                suggestion: "remove the tag; quote the value if it must be read as a string"))
            refused = true
        }
        return refused
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private func style(_ s: yaml_scalar_style_t) -> Node.ScalarStyle {
        switch s {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// Adds a finished node to the collection being built, or makes it the root. A scalar
    /// brings its first byte (nil for anything else), kept with it when it becomes a key.
    private mutating func attach(_ node: consuming Node, firstByte: UInt8?) {
        guard let top = stack.last else {
            root = node
            return
        }
        if top.isSequence {
            top.items.append(node)
        } else if top.mapping.dropNextValue {
            top.mapping.dropNextValue = false
        } else if let key = top.mapping.pendingKey.take() { // moved out: no retain and release of the key
            top.mapping.entries.append(Node.Entry(key: key.text, keyLocation: key.at, value: node, keyFirstByte: key.first))
        } else {
            acceptKey(node, firstByte: firstByte, into: &top.mapping)
        }
    }

    private mutating func acceptKey(_ node: Node, firstByte: UInt8?, into m: inout Mapping) {
        guard case .scalar(let key) = node.content else {
            if case .invalid = node.content {} else {
                diagnostics.append(.error(.nonScalarKey, "mapping key is \(node.kindDescription); keys must be plain names",
                                          at: node.location))
            }
            m.dropNextValue = true
            return
        }
        acceptKey(key.text, key.style, at: node.location, firstByte: firstByte, into: &m)
    }

    private mutating func acceptKey(_ text: String, _ style: Node.ScalarStyle, at location: SourceLocation,
                                    firstByte: UInt8?, into m: inout Mapping) {
        if style == .plain && String.mayBeSameKey(firstByte, 0x3C) && text == "<<" {
            diagnostics.append(.error(.mergeKey, "merge key `<<` is not accepted", at: location,
                                      suggestion: "write the merged fields out in full"))
            // Kept as a refused entry, so the schema knows fields may be missing because of it.
            m.entries.append(Node.Entry(key: text, keyLocation: location, value: Node(.invalid, at: location), keyFirstByte: firstByte))
            m.dropNextValue = true
            return
        }
        if let first = m.firstDefinition(of: text, first: firstByte) {
            diagnostics.append(.error(
                .duplicateKey, "duplicate key `\(text)`; it is already defined at line \(first.line)",
                at: location, suggestion: "remove one of the two",
                related: [.init(message: "first definition of `\(text)`", location: first)]))
            m.dropNextValue = true
            return
        }
        m.remember(text, at: location)
        m.pendingKey = (text, location, firstByte)
    }
}
