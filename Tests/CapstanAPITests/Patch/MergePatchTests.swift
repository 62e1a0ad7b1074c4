import Testing
@testable import CapstanAPI

struct MergePatchTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var doc: String
        var patch: String
        var result: String
        var testDescription: String { "\(doc) + \(patch)" }
    }

    // RFC 7386 appendix A (the rows Kubernetes accepts).
    static let rfcExamples: [Case] = [
        Case(doc: #"{"a":"b"}"#, patch: #"{"a":"c"}"#, result: #"{"a":"c"}"#),
        Case(doc: #"{"a":"b"}"#, patch: #"{"b":"c"}"#, result: #"{"a":"b","b":"c"}"#),
        Case(doc: #"{"a":"b"}"#, patch: #"{"a":null}"#, result: #"{}"#),
        Case(doc: #"{"a":"b","b":"c"}"#, patch: #"{"a":null}"#, result: #"{"b":"c"}"#),
        Case(doc: #"{"a":["b"]}"#, patch: #"{"a":"c"}"#, result: #"{"a":"c"}"#),
        Case(doc: #"{"a":"c"}"#, patch: #"{"a":["b"]}"#, result: #"{"a":["b"]}"#),
        Case(doc: #"{"a":{"b":"c"}}"#, patch: #"{"a":{"b":"d","c":null}}"#, result: #"{"a":{"b":"d"}}"#),
        Case(doc: #"{"a":[{"b":"c"}]}"#, patch: #"{"a":[1]}"#, result: #"{"a":[1]}"#),
        Case(doc: #"["a","b"]"#, patch: #"["c","d"]"#, result: #"["c","d"]"#),
        Case(doc: #"{"a":"b"}"#, patch: #"["c"]"#, result: #"["c"]"#),
        Case(doc: #"{"e":null}"#, patch: #"{"a":1}"#, result: #"{"a":1,"e":null}"#),
        Case(doc: #"[1,2]"#, patch: #"{"a":"b","c":null}"#, result: #"{"a":"b"}"#),
        Case(doc: #"{}"#, patch: #"{"a":{"bb":{"ccc":null}}}"#, result: #"{"a":{"bb":{}}}"#),
        Case(doc: #"{"metadata":{"labels":{"a":"1","b":"2"}}}"#, patch: #"{"metadata":{"labels":{"a":null,"c":"3"}}}"#,
             result: #"{"metadata":{"labels":{"b":"2","c":"3"}}}"#),
    ]

    @Test(arguments: rfcExamples)
    func applies(_ c: Case) throws {
        #expect(try MergePatch.apply(pj(c.patch), to: pj(c.doc)) == pj(c.result))
    }

    @Test func nullOrScalarPatchIsRejected() {
        #expect(throws: PatchError(.badRequest, "Invalid JSON Patch")) { try MergePatch.apply(.null, to: pj("{}")) }
        #expect(throws: PatchError(.badRequest, "Invalid JSON Patch")) { try MergePatch.apply("bar", to: pj("{}")) }
        #expect(throws: PatchError(.badRequest, "Invalid JSON Document")) { try MergePatch.apply(pj("{}"), to: .null) }
    }

    static let pairs: [(String, String, String)] = [
        (#"{"a":1,"b":{"c":2,"d":3}}"#, #"{"a":1,"b":{"c":5}}"#, #"{"b":{"c":5,"d":null}}"#),
        (#"{"a":[1,2]}"#, #"{"a":[1,2,3],"n":"x"}"#, #"{"a":[1,2,3],"n":"x"}"#),
        (#"{"a":{"x":1}}"#, #"{"a":"flat"}"#, #"{"a":"flat"}"#),
        (#"{"same":{"deep":[1,{"k":true}]}}"#, #"{"same":{"deep":[1,{"k":true}]}}"#, #"{}"#),
        (#"{"n":1}"#, #"{"n":1.0}"#, #"{}"#),
    ]

    @Test func createsPatchesThatRoundTrip() throws {
        for (original, modified, expected) in Self.pairs {
            let patch = try MergePatch.create(original: pj(original), modified: pj(modified))
            #expect(patch == pj(expected), "\(original) → \(modified)")
            let applied = try MergePatch.apply(patch, to: pj(original))
            #expect(applied.goEquals(pj(modified)), "\(original) → \(modified)")
        }
    }
}
