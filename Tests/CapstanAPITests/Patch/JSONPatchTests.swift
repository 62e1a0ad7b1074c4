import Testing
@testable import CapstanAPI

struct JSONPatchTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var doc: String
        var patch: String
        var result: String
        var testDescription: String { name }
    }

    // RFC 6902 appendix A, plus the Kubernetes (evanphx json-patch) extensions.
    static let applyCases: [Case] = [
        Case(name: "add an object member", doc: #"{"foo":"bar"}"#,
             patch: #"[{"op":"add","path":"/baz","value":"qux"}]"#, result: #"{"baz":"qux","foo":"bar"}"#),
        Case(name: "add an array element", doc: #"{"foo":["bar","baz"]}"#,
             patch: #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, result: #"{"foo":["bar","qux","baz"]}"#),
        Case(name: "remove an object member", doc: #"{"baz":"qux","foo":"bar"}"#,
             patch: #"[{"op":"remove","path":"/baz"}]"#, result: #"{"foo":"bar"}"#),
        Case(name: "remove an array element", doc: #"{"foo":["bar","qux","baz"]}"#,
             patch: #"[{"op":"remove","path":"/foo/1"}]"#, result: #"{"foo":["bar","baz"]}"#),
        Case(name: "replace a value", doc: #"{"baz":"qux","foo":"bar"}"#,
             patch: #"[{"op":"replace","path":"/baz","value":"boo"}]"#, result: #"{"baz":"boo","foo":"bar"}"#),
        Case(name: "move a value", doc: #"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
             patch: #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
             result: #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#),
        Case(name: "move an array element", doc: #"{"foo":["all","grass","cows","eat"]}"#,
             patch: #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#, result: #"{"foo":["all","cows","eat","grass"]}"#),
        Case(name: "test then add", doc: #"{"baz":"qux","foo":["a",2,"c"]}"#,
             patch: #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2},{"op":"add","path":"/x","value":1}]"#,
             result: #"{"baz":"qux","foo":["a",2,"c"],"x":1}"#),
        Case(name: "add a nested member object", doc: #"{"foo":"bar"}"#,
             patch: #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
             result: #"{"child":{"grandchild":{}},"foo":"bar"}"#),
        Case(name: "escapes ~0 and ~1", doc: #"{"/":9,"~1":10,"a/b":1}"#,
             patch: #"[{"op":"test","path":"/~01","value":10},{"op":"replace","path":"/a~1b","value":2}]"#,
             result: #"{"/":9,"a/b":2,"~1":10}"#),
        Case(name: "add an array value", doc: #"{"foo":["bar"]}"#,
             patch: #"[{"op":"add","path":"/foo/1","value":["abc","def"]}]"#, result: #"{"foo":["bar",["abc","def"]]}"#),
        Case(name: "dash appends", doc: #"{"foo":[1,2]}"#,
             patch: #"[{"op":"add","path":"/foo/-","value":3}]"#, result: #"{"foo":[1,2,3]}"#),
        Case(name: "add replaces an existing member", doc: #"{"a":1}"#,
             patch: #"[{"op":"add","path":"/a","value":2}]"#, result: #"{"a":2}"#),
        Case(name: "negative index counts from the end", doc: #"{"a":[1,2,3]}"#,
             patch: #"[{"op":"remove","path":"/a/-1"}]"#, result: #"{"a":[1,2]}"#),
        Case(name: "copy", doc: #"{"a":{"b":1},"c":{}}"#,
             patch: #"[{"op":"copy","from":"/a","path":"/c/d"}]"#, result: #"{"a":{"b":1},"c":{"d":{"b":1}}}"#),
        Case(name: "test of a missing member against null passes", doc: #"{"a":1}"#,
             patch: #"[{"op":"test","path":"/b","value":null}]"#, result: #"{"a":1}"#),
        Case(name: "test compares JSON values, not text", doc: #"{"a":{"x":1,"y":[true,null]}}"#,
             patch: #"[{"op":"test","path":"/a","value":{"y":[true,null],"x":1}}]"#, result: #"{"a":{"x":1,"y":[true,null]}}"#),
        Case(name: "replace of a missing member sets it (json-patch v4)", doc: #"{"a":1}"#,
             patch: #"[{"op":"replace","path":"/b","value":2}]"#, result: #"{"a":1,"b":2}"#),
        Case(name: "copy of a missing member copies null", doc: #"{"a":1}"#,
             patch: #"[{"op":"copy","from":"/x","path":"/b"}]"#, result: #"{"a":1,"b":null}"#),
        Case(name: "add without value adds null", doc: #"{"a":1}"#,
             patch: #"[{"op":"add","path":"/b"}]"#, result: #"{"a":1,"b":null}"#),
        Case(name: "the first path segment is ignored", doc: #"{"a":1}"#,
             patch: #"[{"op":"add","path":"x/b","value":2}]"#, result: #"{"a":1,"b":2}"#),
        Case(name: "leading zeros in an index", doc: #"{"l":["x","y"]}"#,
             patch: #"[{"op":"replace","path":"/l/01","value":"q"}]"#, result: #"{"l":["x","q"]}"#),
        Case(name: "the whole document can be tested", doc: #"{"a":1}"#,
             patch: #"[{"op":"test","path":"","value":{"a":1}}]"#, result: #"{"a":1}"#),
        Case(name: "kubectl scale-style replace", doc: #"{"spec":{"replicas":1,"template":{}}}"#,
             patch: #"[{"op":"replace","path":"/spec/replicas","value":3}]"#, result: #"{"spec":{"replicas":3,"template":{}}}"#),
    ]

    @Test(arguments: applyCases)
    func applies(_ c: Case) throws {
        let patch = try JSONPatch(parsing: c.patch)
        #expect(try patch.apply(to: pj(c.doc)) == pj(c.result))
    }

    struct Failure: CustomTestStringConvertible, Sendable {
        var doc: String
        var patch: String
        var message: String
        var testDescription: String { message }
    }

    static let failures: [Failure] = [
        Failure(doc: #"{"baz":"qux"}"#, patch: #"[{"op":"test","path":"/baz","value":"bar"}]"#,
                message: "testing value /baz failed: test failed"),
        Failure(doc: #"{"foo":"bar"}"#, patch: #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#,
                message: #"add operation does not apply: doc is missing path: "/baz/bat": missing value"#),
        Failure(doc: #"{"spec":{"l":[1]}}"#, patch: #"[{"op":"replace","path":"/spec/l/3","value":1}]"#,
                message: "replace operation does not apply: doc is missing key: /spec/l/3: missing value"),
        Failure(doc: #"{}"#, patch: #"[{"op":"replace","path":"/spec/foo","value":1}]"#,
                message: "replace operation does not apply: doc is missing path: /spec/foo: missing value"),
        Failure(doc: #"{"a":1}"#, patch: #"[{"op":"remove","path":"/b"}]"#,
                message: "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value"),
        Failure(doc: #"{"a":[1]}"#, patch: #"[{"op":"add","path":"/a/5","value":2}]"#,
                message: "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced"),
        Failure(doc: #"{"a":1}"#, patch: #"[{"op":"frobnicate","path":"/a"}]"#, message: "Unexpected kind: frobnicate"),
        Failure(doc: #"{"a":1}"#, patch: #"[{"op":"move","from":"/x","path":"/a"}]"#,
                message: "error in move for path: 'x': Unable to remove nonexistent key: x: missing value"),
        Failure(doc: #"{"a":{}}"#, patch: #"[{"op":"copy","from":"/a","path":"/l/9"}]"#,
                message: "copy operation does not apply: doc is missing destination path: /l/9: missing value"),
        Failure(doc: #"{"l":[]}"#, patch: #"[{"op":"copy","from":"/l","path":"/l/9"}]"#,
                message: "error while adding value during copy: Unable to access invalid index: 9: invalid index referenced"),
        Failure(doc: #"{"a":1}"#, patch: #"[{"op":"add","value":1}]"#, message: "add operation failed to decode path: missing value"),
        Failure(doc: #"{"a":1}"#, patch: #"[{"op":"test","path":"","value":{}}]"#, message: "testing value  failed: test failed"),
    ]

    @Test(arguments: failures)
    func rejects(_ f: Failure) throws {
        let patch = try JSONPatch(parsing: f.patch)
        #expect(throws: PatchError(.unprocessableEntity, f.message)) { try patch.apply(to: pj(f.doc)) }
    }

    @Test func staticApplyDecodesThePatch() throws {
        let result = try JSONPatch.apply(pj(#"[{"op":"add","path":"/b","value":2}]"#), to: pj(#"{"a":1}"#))
        #expect(result == pj(#"{"a":1,"b":2}"#))
    }

    @Test func failedPatchIsAllOrNothingForTheCaller() throws {
        let patch = try JSONPatch(parsing: #"[{"op":"add","path":"/a","value":1},{"op":"test","path":"/a","value":2}]"#)
        #expect(throws: PatchError.self) { try patch.apply(to: pj("{}")) }
    }

    @Test func decodingRejectsNonArrays() {
        #expect(throws: PatchError.self) { try JSONPatch(parsing: #"{"op":"add"}"#) }
        #expect(throws: PatchError.self) { try JSONPatch(parsing: #"[1]"#) }
        #expect(throws: PatchError.self) { try JSONPatch(parsing: #"[{"op":"#) }
    }

    @Test func tooManyOperationsIs413() {
        let ops = JSONValue.array(Array(repeating: pj(#"{"op":"test","path":"/a","value":1}"#), count: 10_001))
        do {
            _ = try JSONPatch(decoding: ops)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .requestEntityTooLarge)
            #expect(error.message == "The allowed maximum operations in a JSON patch is 10000, got 10001")
        }
    }

    @Test func pointerRoundTrip() {
        let p = JSONPointer("/a~1b/~0c/0")
        #expect(p?.tokens == ["a/b", "~c", "0"])
        #expect(p?.description == "/a~1b/~0c/0")
        #expect(JSONPointer("")?.tokens == [])
        #expect(JSONPointer("no-slash") == nil)
    }
}
