import CapstanAPI
import Testing

@testable import CapstanAPIServer

@Suite struct BodyDecoderTests {
    func yaml(_ s: String) throws -> JSONValue {
        try BodyDecoder.decode(Array(s.utf8), contentType: "application/yaml", def: nil)
    }

    @Test func yamlScalarsBecomeJSONTypes() throws {
        let v = try yaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: c
              labels: {tier: "1"}
            data:
              when: 2025-01-01T00:00:00Z
              plain: hello
            spec:
              n: 3
              f: 1.5
              on: true
              none: null
              list: [1, "2", x]
            """)
        #expect(v[path: ["metadata", "name"]] == .string("c"))
        #expect(v[path: ["metadata", "labels", "tier"]] == .string("1"))
        #expect(v[path: ["data", "when"]] == .string("2025-01-01T00:00:00Z"))
        #expect(v[path: ["spec", "n"]] == .int(3))
        #expect(v[path: ["spec", "f"]] == .double(1.5))
        #expect(v[path: ["spec", "on"]] == .bool(true))
        #expect(v[path: ["spec", "none"]] == .null)
        #expect(v[path: ["spec", "list"]] == .array([.int(1), .string("2"), .string("x")]))
    }

    @Test func duplicateKeysAreRejected() {
        #expect(throws: APIError.self) { try yaml("a: 1\nb: 2\na: 3\n") }
        do {
            _ = try yaml("a: 1\nb: 2\na: 3\n")
        } catch let e as APIError {
            #expect(e.code == 400 && (e.status.message ?? "").contains("duplicated key(s): 'a'"), "\(e.status.message ?? "")")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func malformedBodiesAre400() {
        #expect(throws: APIError.self) { try yaml("a: [1, 2\n") }
        #expect(throws: APIError.self) {
            try BodyDecoder.decode(Array("{\"a\":".utf8), contentType: "application/json", def: nil)
        }
        #expect(throws: APIError.self) {
            try BodyDecoder.decode(Array("{}".utf8), contentType: "text/plain", def: nil)
        }
    }
}
