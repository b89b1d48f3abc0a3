import ChipFitPlanner
import ChipFitYAML

/// Checks a node tree against an `ObjectSchema` and produces typed values. Every problem
/// is collected; nothing stops at the first. Recursion follows the schema, whose depth is
/// fixed, never the input's.
public struct SchemaValidator {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func validate(_ node: Node, against schema: ObjectSchema, path: String = "") -> Object? {
        guard case .object(let o)? = value(node, .object(schema), parent: path, member: .none) else { return nil }
        return o
    }

    private mutating func report(_ code: DiagnosticCode, _ message: String, at location: SourceLocation,
                                 path: String, suggestion: String? = nil) {
        diagnostics.append(.error(code, message, at: location, path: path.isEmpty ? nil : path, suggestion: suggestion))
    }

    /// `path.key`, or `key` at the top.
    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    private func describe(_ path: String) -> String { path.isEmpty ? "the document" : "`\(path)`" }

    /// Validates `node` as `type`. The node's path is `parent` and `member` joined, built only
    /// for containers (which keep it) and for findings.
    private mutating func value(_ node: Node, _ type: FieldType, parent: String, member: PathMember) -> Value? {
        if case .invalid = node.content { return nil }
        switch type {
        case .object(let schema):
            let path = member.path(in: parent)
            guard case .mapping(let entries) = node.content else { return mismatch(node, type, path) }
            return .object(object(entries, schema, at: node.location, path: path))
        case .map(let valueType):
            let path = member.path(in: parent)
            guard case .mapping(let entries) = node.content else { return mismatch(node, type, path) }
            var slots: [Object.Slot] = []
            slots.reserveCapacity(entries.count)
            for e in entries.indices {
                slots.append(value(entries[e].value, valueType, parent: path, member: .key(entries[e].key)).map { .value($0) } ?? .refused)
            }
            return .object(Object(entries: entries, slots: slots, location: node.location, path: path))
        case .list(let element, let minItems):
            let path = member.path(in: parent)
            guard case .sequence(let items) = node.content else { return mismatch(node, type, path) }
            if items.count < minItems {
                report(.outOfRange, "\(describe(path)) needs at least \(minItems) item\(minItems == 1 ? "" : "s")",
                       at: node.location, path: path)
            }
            var values: [Located] = []
            values.reserveCapacity(items.count)
            for i in items.indices {
                if let v = value(items[i], element, parent: path, member: .index(i)) {
                    values.append(Located(value: consume v, location: items[i].location, parent: path, member: .index(i)))
                }
            }
            return .list(values)
        default:
            guard case .scalar(let scalar) = node.content, !scalar.isNull else {
                return mismatch(node, type, member.path(in: parent))
            }
            return self.scalar(scalar, type, at: node.location, path: member.path(in: parent))
        }
    }

    private mutating func object(_ entries: [Node.Entry], _ schema: ObjectSchema,
                                 at location: SourceLocation, path: String) -> Object {
        var slots: [Object.Slot] = []
        slots.reserveCapacity(entries.count)
        // By index, reading entries and fields in place: copying each retained its strings.
        // A merge key the YAML layer refused (and reported) may have been meant to supply any
        // field: the missing ones are that one mistake, not more.
        var merged = false
        for e in entries.indices {
            if entries[e].key == "<<", case .invalid = entries[e].value.content {
                merged = true
                slots.append(.unknown)
                continue
            }
            guard let f = schema.fieldIndex(entries[e].key, firstByte: entries[e].keyFirstByte) else {
                let entry = entries[e]
                let p = Self.join(path, entry.key)
                let names = schema.fields.map(\.name)
                let guess = Suggestion.closest(to: entry.key, among: names)
                let where_ = path.isEmpty ? "" : " in `\(path)`"
                // With a likely typo the suggestion says enough; otherwise list what is accepted.
                let expected = guess == nil ? "; expected one of " + names.map { "`\($0)`" }.joined(separator: ", ") : ""
                report(.unknownKey, "unknown key `\(entry.key)`\(where_)\(expected)",
                       at: entry.keyLocation, path: p, suggestion: guess.map { "did you mean `\($0)`?" })
                slots.append(.unknown)
                continue
            }
            slots.append(value(entries[e].value, schema.fields[f].type, parent: path, member: .key(entries[e].key)).map { .value($0) } ?? .refused)
        }
        let result = Object(entries: entries, slots: slots, location: location, path: path)
        for f in schema.fields.indices where !merged && schema.fields[f].required && !result.has(schema.fields[f].name)
            && !result.misspells(schema.fields[f].name) {
            let field = schema.fields[f]
            let p = path.isEmpty ? field.name : "\(path).\(field.name)"
            report(.missingField, "missing required field `\(field.name)` in \(describe(path)); expected \(field.type.expectation)",
                   at: location, path: p)
        }
        return result
    }

    private mutating func mismatch(_ node: Node, _ type: FieldType, _ path: String) -> Value? {
        var found = node.kindDescription
        var suggestion: String?
        if let s = node.scalar, !s.isNull {
            found = "`\(s.text)`"
            // `model: qwen2.5-7b` names a preset where a mapping is expected.
            if case .object(let schema) = type, schema.fields.contains(where: { $0.name == "preset" }) {
                suggestion = "write `\(path.split(separator: ".").last ?? "model"): {preset: \(s.text)}`"
            }
        }
        report(.wrongType, "\(describe(path)) must be \(type.expectation); found \(found)", at: node.location, path: path,
               suggestion: suggestion)
        return nil
    }

    private mutating func scalar(_ scalar: Node.Scalar, _ type: FieldType, at location: SourceLocation,
                                 path lazyPath: @autoclosure () -> String) -> Value? {
        // The path is only for findings: built when one is reported.
        var path: String { lazyPath() }
        let text = scalar.text
        let plain = scalar.style == .plain
        switch type {
        case .string:
            if text.trimmingSpaces.isEmpty {
                report(.invalidValue, "\(describe(path)) must not be empty", at: location, path: path)
                return nil
            }
            return .string(text)
        case .identifier:
            guard Self.isIdentifier(text) else {
                report(.invalidIdentifier,
                       "\(describe(path)) `\(text)` is not a valid id; use lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit",
                       at: location, path: path,
                       suggestion: Self.isIdentifier(text.lowercased()) ? "write `\(text.lowercased())`" : nil)
                return nil
            }
            return .string(text)
        case .integer(let min, let max):
            guard plain, let i = Self.integer(text) else {
                report(.wrongType, "\(describe(path)) must be \(type.expectation); found \(quoted(scalar))" + Self.numberHint(text),
                       at: location, path: path, suggestion: Self.unitSuggestion(text, field: path))
                return nil
            }
            guard (min...max).contains(i) else {
                report(.outOfRange, "\(describe(path)) must be \(type.expectation); found \(i)", at: location, path: path)
                return nil
            }
            return .integer(i)
        case .number(let min, let max, let exclusive):
            guard plain, let d = Self.number(text) else {
                report(.wrongType, "\(describe(path)) must be \(type.expectation); found \(quoted(scalar))" + Self.numberHint(text),
                       at: location, path: path, suggestion: Self.unitSuggestion(text, field: path))
                return nil
            }
            guard (exclusive ? d > min : d >= min) && d <= max else {
                report(.outOfRange, "\(describe(path)) must be \(type.expectation); found \(text)", at: location, path: path)
                return nil
            }
            return .number(d)
        case .boolean:
            if plain && text == "true" { return .boolean(true) }
            if plain && text == "false" { return .boolean(false) }
            let yaml11 = ["yes", "no", "on", "off", "y", "n", "true", "false"].contains(text.lowercased())
            report(.wrongType, "\(describe(path)) must be `true` or `false`; found \(quoted(scalar))",
                   at: location, path: path,
                   suggestion: yaml11 ? "YAML 1.1 spellings such as yes/no/on/off are not booleans here; write `true` or `false`" : nil)
            return nil
        case .date:
            guard let day = Day(text) else {
                report(.invalidDate, "\(describe(path)) must be a date `YYYY-MM-DD`; found \(quoted(scalar))",
                       at: location, path: path)
                return nil
            }
            return .date(day)
        case .quantity(let kind):
            // A plain integer is a count in its own right (`layers: 32`, `tokens: 1000000`).
            switch Quantity.parse(text, as: kind) {
            case .success(let q): return .quantity(q)
            case .failure(let e):
                report(.invalidQuantity, "\(describe(path)): \(e.message)", at: location, path: path, suggestion: e.suggestion)
                return nil
            }
        case .oneOf(let values):
            guard values.contains(text) else {
                let guess = Suggestion.closest(to: text, among: values) ?? Self.aliases[text.lowercased()].flatMap { values.contains($0) ? $0 : nil }
                report(.invalidValue, "\(describe(path)) must be \(type.expectation); found \(quoted(scalar))",
                       at: location, path: path, suggestion: guess.map { "did you mean `\($0)`?" })
                return nil
            }
            return .string(text)
        case .object, .list, .map:
            return nil // handled by the caller
        }
    }

    private func quoted(_ scalar: Node.Scalar) -> String {
        scalar.style == .plain ? "`\(scalar.text)`" : "the quoted string `\(scalar.text)`"
    }

    /// Checked as bytes through contiguous storage: every file has several ids and numbers,
    /// and both `Character` properties and UTF-8 view iteration are slow. Non-ASCII text
    /// fails the byte checks, as it should.
    public static func isIdentifier(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, bytes.count <= 128, isDigit(first) || isLower(first) else { return false }
            for b in bytes where !(isLower(b) || isDigit(b) || b == 0x2E || b == 0x2D || b == 0x5F) { return false }
            return true
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }

    /// Decimal integers only: no sign tricks, leading zeros (YAML 1.1 octal), `0x`, `_` or `:`.
    static func integer(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            var i = 0
            let negative = bytes.first == 0x2D // "-"
            if negative { i = 1 }
            guard i < bytes.count, bytes[i] != 0x30 || bytes.count - i == 1 else { return nil }
            var value = 0
            while i < bytes.count {
                let b = bytes[i]
                guard isDigit(b) else { return nil }
                // Accumulated with the sign, so Int.min parses and overflow is refused.
                let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
                let (next, o2) = negative ? shifted.subtractingReportingOverflow(Int(b - 0x30))
                    : shifted.addingReportingOverflow(Int(b - 0x30))
                guard !o1, !o2 else { return nil }
                value = next
                i += 1
            }
            return value
        }
    }

    /// Plain decimal numbers with an optional exponent; refuses `.inf`, `.nan` and octal-looking forms.
    static func number(_ text: String) -> Double? {
        var copy = text
        // Digits and + - . e E only, starting with a digit or "-"; a leading zero must start "0."
        // (no octal look-alikes such as 012), after an optional "-".
        let shapeOK = copy.withUTF8 { bytes -> Bool in
            guard let first = bytes.first, isDigit(first) || first == 0x2D else { return false }
            for b in bytes where !(isDigit(b) || b == 0x2B || b == 0x2D || b == 0x2E || b == 0x65 || b == 0x45) { return false }
            let m = first == 0x2D ? 1 : 0
            if bytes.count - m > 1, bytes[m] == 0x30, bytes[m + 1] != 0x2E { return false }
            return true
        }
        guard shapeOK, let d = Double(text), d.isFinite else { return nil }
        return d
    }

    /// Other names people write for a value chipfit spells one way (precisions as PyTorch and
    /// Hugging Face name them).
    static let aliases = ["bfloat16": "bf16", "float16": "fp16", "half": "fp16", "float32": "fp32", "float": "fp32",
                          "float8": "fp8", "float8_e4m3fn": "fp8", "e4m3": "fp8", "tensorfloat32": "tf32"]

    /// A unit or multiplier written into a plain number: `800ms` in a millisecond field, `1.5s`,
    /// `2k` tokens.
    static func unitSuggestion(_ text: String, field: String) -> String? {
        // 800.0 as `800`, 0.5 as `0.5`.
        func plain(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        func number(_ s: Substring) -> Double? { Double(s.trimmingCharacters(in: .whitespaces)) }
        let milliseconds = field.hasSuffix("_ms")
        if milliseconds, t.hasSuffix("ms"), let x = number(t.dropLast(2)) { return "write `\(plain(x))`: the field is in milliseconds" }
        if milliseconds, t.hasSuffix("s"), let x = number(t.dropLast()) { return "write `\(plain(x * 1000))`: the field is in milliseconds" }
        if let last = t.last, "km".contains(last), let x = number(t.dropLast()) {
            let scale = last == "k" ? 1_000.0 : 1_000_000
            let binary = last == "k" ? 1_024.0 : 1_048_576
            return "write the number itself: `\(plain(x * scale))` (or `\(plain(x * binary))` if `\(last)` meant \(plain(binary)))"
        }
        return nil
    }

    static func numberHint(_ text: String) -> String {
        let lower = text.lowercased()
        if [".inf", "-.inf", "+.inf", ".nan"].contains(lower) { return " (infinity and NaN are not accepted)" }
        if text.contains(":") { return " (sexagesimal numbers are not accepted)" }
        if lower.hasPrefix("0x") || lower.hasPrefix("0o") { return " (write the number in decimal)" }
        if text.count > 1, text.hasPrefix("0"), !text.hasPrefix("0."), text.allSatisfy(\.isNumber) {
            return " (leading zeros are ambiguous: YAML 1.1 reads them as octal)"
        }
        if text.contains("_") { return " (digit separators are not accepted)" }
        return ""
    }
}
