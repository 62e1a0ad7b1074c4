import Testing
@testable import CapstanAPI

struct Inner: Codable, Sendable { var a: String; var b: [Int32]?; var m: [String: String]?; var q: Quantity?; var t: Time? }
struct Outer: Codable, Sendable, SchemaDescribed { var metadata: ObjectMeta?; var items: [Inner]; var free: JSONValue?; var ios: IntOrString?
  static var fieldDocs: [String: FieldDoc] { ["items": .mergeList("a", "the items")] } }

@Test func reflectsNestedTypes() {
    let s = SchemaReflector.schema(for: Outer.self, namePrefix: "io.k8s.test.")
    #expect(s.name == "io.k8s.test.Outer")
    #expect(s.required == ["items"])
    let items = s.property("items")!
    #expect(items.kind == .array)
    #expect(items.patchMergeKey == "a")
    let inner = items.items!
    #expect(inner.name == "io.k8s.test.Inner")
    #expect(inner.required == ["a"])
    #expect(inner.property("b")!.items!.format == "int32")
    #expect(inner.property("m")!.additionalProperties!.kind == .string)
    #expect(inner.property("q")!.format == "quantity")
    #expect(inner.property("t")!.format == "date-time")
    #expect(s.property("metadata")!.name == "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
    #expect(s.property("metadata")!.property("ownerReferences")!.items!.required.contains("uid"))
    #expect(s.property("free")!.kind == .any)
    #expect(s.property("ios")!.kind == .intOrString)
    let j = try! JSONValue.parse(#"{"a":[1,2.5,"x\u00e9\n"],"b":null,"c":{"d":true}}"#)
    #expect(j["a"]!.arrayValue!.count == 3)
    #expect(j.serializedString() == #"{"a":[1,2.5,"xé\n"],"b":null,"c":{"d":true}}"#)
}

@Test func optionalPrimitivesAreNotRequired() {
    let s = SchemaReflector.schema(for: ObjectMeta.self, namePrefix: "")
    #expect(s.required.isEmpty)
    let o = SchemaReflector.schema(for: OwnerReference.self, namePrefix: "")
    #expect(Set(o.required) == ["apiVersion", "kind", "name", "uid"])
}
