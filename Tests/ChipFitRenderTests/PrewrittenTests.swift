@testable import ChipFitRender
import Testing

/// A prewritten value renders exactly as the value itself would, wherever it is placed.
@Suite struct PrewrittenValues {
    private let value = JSON.object([
        "name": .string("quote \" and tab\t"),
        "list": .array([.int(1), .number(0.25), .null, .bool(true), .array([]), .object([:])]),
        "nested": .object(["deeper": .array([.object(["x": .string("y")])])]),
    ])

    /// Written at its own depth the bytes are spliced; at any other depth, or compact, the
    /// value is written afresh. Both must give what writing the value gives, with members and
    /// elements before and after it.
    @Test func rendersAsTheValueAtEveryDepth() {
        for madeAt in 0...4 {
            let prewritten = JSON.prewritten(Prewritten(value, indent: madeAt))
            for pretty in [true, false] {
                // `wrap` places the value `depth` levels down: object members then array elements.
                func wrap(_ v: JSON, depth: Int) -> JSON {
                    depth == 0 ? v : wrap(depth.isMultiple(of: 2) ? .object(["a": .int(0), "k": v, "z": .null])
                                                                  : .array([.int(0), v, .string("after")]), depth: depth - 1)
                }
                for depth in 0...4 {
                    #expect(wrap(prewritten, depth: depth).rendered(pretty: pretty) == wrap(value, depth: depth).rendered(pretty: pretty),
                            "made at \(madeAt), placed at \(depth), pretty \(pretty)")
                }
            }
        }
    }

    /// A prewritten value inside another is spliced with it, or written afresh with it.
    @Test func nestedPrewrittenValuesRenderAsTheirValues() {
        let inner = JSON.prewritten(Prewritten(value, indent: 2))
        let outer = JSON.object(["first": .array([inner, .int(1)]), "second": inner])
        for pretty in [true, false] {
            let plain = JSON.object(["first": .array([value, .int(1)]), "second": value])
            #expect(JSON.prewritten(Prewritten(outer, indent: 1)).rendered(pretty: pretty) == plain.rendered(pretty: pretty))
            #expect(JSON.array([.prewritten(Prewritten(outer, indent: 1))]).rendered(pretty: pretty)
                    == JSON.array([plain]).rendered(pretty: pretty))
        }
    }

    /// Two prewritten values are equal when their values are, whatever depth they were made at.
    @Test func equalityIsTheValues() {
        #expect(JSON.prewritten(Prewritten(value, indent: 1)) == JSON.prewritten(Prewritten(value, indent: 3)))
        #expect(JSON.prewritten(Prewritten(value, indent: 1)) != JSON.prewritten(Prewritten(.null, indent: 1)))
    }

    /// Equal keys share one value, made once; a different key gets its own.
    @Test func memoMakesEachKeyOnce() {
        var memo = Prewritten.Memo<[String]>(indent: 2)
        var made: [[String]] = []
        func json(_ key: [String]) -> JSON {
            memo.value(for: key) { k in
                made.append(k)
                return .array(k.map(JSON.string))
            }
        }
        let a = json(["pip", "torch"]), b = json(["pip", "torch"]), c = json(["pip"])
        #expect(made == [["pip", "torch"], ["pip"]])
        #expect(a == b)
        #expect(a != c)
        #expect(c.rendered() == JSON.array([.string("pip")]).rendered())
    }

    /// Past its capacity the memo still gives each key its JSON, made afresh.
    @Test func memoBeyondItsCapacity() {
        let n = Prewritten.Memo<Int>.capacity
        var memo = Prewritten.Memo<Int>(indent: 0)
        var made = 0
        func json(_ key: Int) -> JSON { memo.value(for: key) { made += 1; return .int($0) } }
        for key in 0..<(n + 2) { #expect(json(key).rendered() == JSON.int(key).rendered()) }
        _ = json(0)
        _ = json(n + 1)
        #expect(made == n + 3, "the first \(n) keys are kept, later ones are made again")
    }
}
