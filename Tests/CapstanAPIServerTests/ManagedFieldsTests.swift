import CapstanAPI
import Foundation
import Testing
@testable import CapstanAPIServer

@Suite struct ManagedFieldsTests {
    static let schema = Schema(kind: .object, properties: [
        ("metadata", Schema(kind: .object, properties: [("labels", Schema(kind: .object, additionalProperties: .string)), ("name", .string)])),
        ("spec", Schema(kind: .object, properties: [
            ("containers", Schema(kind: .array, items: Schema(kind: .object, properties: [("name", .string), ("image", .string)]),
                                  patchMergeKey: "name", patchStrategy: "merge", listType: "map", listMapKeys: ["name"])),
            ("replicas", .int32),
        ])),
    ])
    static var def: ResourceDefinition {
        ResourceDefinition(group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true, schema: schema)
    }

    func opts(_ m: String) -> WriteOptions {
        var o = WriteOptions()
        o.fieldManager = m
        return o
    }

    @Test func createRecordsEveryFieldInFieldsV1Form() throws {
        var obj: JSONValue = ["metadata": ["name": "x", "labels": ["app": "web"]],
                              "spec": ["replicas": 2, "containers": [["name": "web", "image": "nginx"]]]]
        ManagedFields.record(&obj, old: nil, options: opts("kubectl-create"), def: Self.def, now: Date())
        let entry = try #require(obj[path: ["metadata", "managedFields"]]?.arrayValue?.first)
        #expect(entry["manager"] == "kubectl-create")
        #expect(entry["operation"] == "Update")
        let f = try #require(entry["fieldsV1"])
        #expect(f[path: ["f:metadata", "f:labels", "."]] == .emptyObject)
        #expect(f[path: ["f:metadata", "f:labels", "f:app"]] == .emptyObject)
        #expect(f[path: ["f:metadata", "f:name"]] == nil)
        #expect(f[path: ["f:spec", "f:containers", #"k:{"name":"web"}"#, "f:image"]] == .emptyObject)
        #expect(f[path: ["f:spec", "f:replicas"]] == .emptyObject)
    }

    /// A create's one-walk FieldsV1 equals the general path (every leaf,
    /// then the tree of their paths), on the real Pod, Service and
    /// Deployment schemas.
    @Test func createTreeEqualsTheTreeOfAllLeaves() throws {
        let defs = Dictionary(BuiltinResources.definitions().map { ($0.kind, $0) }, uniquingKeysWith: { a, _ in a })
        let cases: [(String, JSONValue)] = [
            ("Pod", [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": ["name": "p", "namespace": "d", "labels": ["a": "1"], "annotations": [:], "finalizers": ["x", "y"],
                             "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "r", "uid": "u", "controller": true]]],
                "spec": [
                    "containers": [
                        ["name": "app", "image": "busybox", "args": ["sleep", "1"], "ports": [["containerPort": 80, "protocol": "TCP"]],
                         "env": [["name": "A", "value": "1"], ["name": "B", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]]],
                         "resources": ["requests": ["cpu": "100m"]], "volumeMounts": [["name": "v", "mountPath": "/v"]]],
                        ["name": "side", "image": "busybox"],
                    ],
                    "volumes": [["name": "v", "emptyDir": [:]]], "tolerations": [["key": "k", "operator": "Exists"]],
                    "nodeSelector": ["zone": "a"], "restartPolicy": "Always",
                ],
                "status": ["phase": "Pending", "conditions": [["type": "PodScheduled", "status": "True"]]],
            ]),
            ("Service", [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "s"],
                "spec": ["ports": [["port": 80, "protocol": "TCP", "targetPort": 8080]], "selector": ["app": "web"], "clusterIPs": ["10.0.0.1"]],
            ]),
            ("Deployment", [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "d"],
                "spec": ["replicas": 3, "selector": ["matchLabels": ["app": "web"]],
                         "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "web", "image": "nginx"]]]]],
            ]),
        ]
        // The tree of a path set as it used to be built: each path set from the root.
        func pathByPath(_ paths: Set<String>) -> JSONValue {
            var root = JSONValue.emptyObject
            for p in paths {
                let parts = p.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
                if root[path: parts] == nil { root[path: parts] = .emptyObject }
            }
            return root
        }
        for (kind, obj) in cases {
            let schema = try #require(defs[kind]).schema
            let paths = Set(ManagedFields.leaves(of: obj, schema: schema).keys)
            let general = ManagedFields.fieldsV1(from: paths)
            #expect(general == pathByPath(paths), "\(kind)")
            #expect(ManagedFields.fieldsV1(ofAll: obj, schema: schema) == general, "\(kind)")
        }
        // And on the hand-made schema above, with an object missing metadata.
        for obj: JSONValue in [["spec": ["containers": [["name": "a"], ["name": "b", "image": "x"]]]], ["metadata": "odd"], [:]] {
            #expect(ManagedFields.fieldsV1(ofAll: obj, schema: Self.schema)
                    == ManagedFields.fieldsV1(from: Set(ManagedFields.leaves(of: obj, schema: Self.schema).keys)))
        }
    }

    @Test func updateMovesChangedFieldsToTheWriter() throws {
        var obj: JSONValue = ["metadata": ["name": "x"], "spec": ["replicas": 2, "containers": [["name": "web", "image": "nginx"]]]]
        ManagedFields.record(&obj, old: nil, options: opts("a"), def: Self.def, now: Date())
        let old = obj
        obj[path: ["spec", "replicas"]] = 3
        ManagedFields.record(&obj, old: old, options: opts("b"), def: Self.def, now: Date())
        let entries = try #require(obj[path: ["metadata", "managedFields"]]?.arrayValue)
        #expect(entries.count == 2)
        let a = try #require(entries.first { $0["manager"] == "a" })
        let b = try #require(entries.first { $0["manager"] == "b" })
        #expect(a["fieldsV1"]?[path: ["f:spec", "f:replicas"]] == nil)
        #expect(b["fieldsV1"]?[path: ["f:spec", "f:replicas"]] == .emptyObject)
    }

    @Test func noChangeKeepsManagedFields() throws {
        var obj: JSONValue = ["metadata": ["name": "x"], "spec": ["replicas": 2]]
        ManagedFields.record(&obj, old: nil, options: opts("a"), def: Self.def, now: Date(timeIntervalSince1970: 0))
        let old = obj
        ManagedFields.record(&obj, old: old, options: opts("b"), def: Self.def, now: Date())
        #expect(obj == old)
    }
}

@Suite struct SchemaCheckTests {
    @Test func unknownFieldsArePrunedAndReported() {
        let body: JSONValue = ["metadata": ["name": "x", "bogus": 1], "spec": ["replicas": 2, "other": true]]
        let (out, check) = SchemaCheck.run(body, schema: ManagedFieldsTests.schema, kind: "Deployment")
        #expect(Set(check.unknownFields) == ["metadata.bogus", "spec.other"])
        #expect(out[path: ["spec", "other"]] == nil)
        #expect(out[path: ["spec", "replicas"]] == 2)
    }

    @Test func wrongTypesAreReported() {
        let (_, check) = SchemaCheck.run(["spec": ["replicas": "three"]], schema: ManagedFieldsTests.schema, kind: "Deployment")
        #expect(check.typeErrors.count == 1)
        #expect(check.typeErrors.first?.contains("spec.replicas") == true)
    }
}
