import CapstanAPI
import CapstanStore
import Testing
@testable import CapstanAPIServer

@Suite struct CachedObjectTests {
    /// What the cache served before it kept the store's bytes: the object
    /// decoded, resourceVersion set, serialized again.
    static func reference(_ stored: [UInt8], revision: Int64) throws -> [UInt8] {
        var obj = try JSONValue.parse(stored)
        obj[path: ["metadata", "resourceVersion"]] = .string(String(revision))
        return obj.serialized()
    }

    static let objects: [JSONValue] = [
        // A pod: keys on both sides of resourceVersion, nested values with
        // quotes, braces and a "resourceVersion" of their own.
        [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": "web-1", "namespace": "default", "uid": "u-1", "labels": ["app": "web"],
                "annotations": ["note": "a \"quoted\" {brace} [bracket], \\ backslash", "resourceVersion": "not this one"],
                "ownerReferences": [["kind": "ReplicaSet", "name": "web", "uid": "u-rs", "controller": true]],
                "generation": 3,
            ],
            "spec": ["containers": [["name": "app", "image": "busybox", "args": ["}", "]", "\""]]]],
            "status": ["phase": "Running"],
        ],
        // Every metadata key sorts before resourceVersion.
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c", "namespace": "ns"], "data": ["k": "v"]],
        // Empty metadata.
        ["apiVersion": "v1", "kind": "Namespace", "metadata": [:]],
        // Members before metadata of every JSON type.
        [
            "apiVersion": "v1", "kind": "Event", "count": 7, "firstTimestamp": nil, "involvedObject": ["kind": "Pod", "name": "p"],
            "flag": true, "ratio": 0.5, "list": [1, [2, [3]], ["x": "}"]], "message": "metadata\":{\"uid\"",
            "metadata": ["name": "e.1", "namespace": "default", "uid": "u-e"], "reason": "Started",
        ],
    ]

    @Test(arguments: objects)
    func servesTheSameBytesAsReserializing(_ object: JSONValue) throws {
        let stored = object.serialized()
        let kv = KeyValue(key: "/registry/x/y", value: stored, createRevision: 5, modRevision: 12345)
        let cached = try CachedObject(kv: kv, fieldSet: { _ in [:] })
        #expect(cached.bytes == (try Self.reference(stored, revision: 12345)))
        #expect(cached.object()[path: ["metadata", "resourceVersion"]] == "12345")
        // The store's bytes are kept, not a copy with the version in it.
        #expect(ResourceVersionSlot(in: stored, revision: 12345) != nil)
    }

    @Test func storedValuesWithAVersionOrNoMetadataAreReserialized() throws {
        for object: JSONValue in [
            ["kind": "Pod", "metadata": ["name": "p", "resourceVersion": "3"]],
            ["kind": "Thing", "spec": [:]],
            ["kind": "Pod", "metadata": "not an object"],
        ] {
            let stored = object.serialized()
            #expect(ResourceVersionSlot(in: stored, revision: 9) == nil)
            let cached = try CachedObject(kv: KeyValue(key: "k", value: stored, createRevision: 1, modRevision: 9), fieldSet: { _ in [:] })
            #expect(cached.object()[path: ["metadata", "resourceVersion"]] == "9")
            #expect(cached.bytes == (try Self.reference(stored, revision: 9)))
        }
    }
}
