import Testing
@testable import CapstanAPI

struct StrategicMergePatchTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var original: String
        var patch: String
        var result: String
        var testDescription: String { name }
    }

    // Vectors from apimachinery strategicpatch/patch_test.go (custom and raw
    // cases), on the MergeItem schema.
    static let mergeItemCases: [Case] = [
        Case(name: "unique scalars when merging lists", original: #"{"mergingIntList":[1,2]}"#,
             patch: #"{"mergingIntList":[2,3]}"#, result: #"{"mergingIntList":[1,2,3]}"#),
        Case(name: "delete map from nested map", original: #"{"simpleMap":{"key1":"1","key2":"1"}}"#,
             patch: #"{"simpleMap":{"$patch":"delete"}}"#, result: #"{"simpleMap":{}}"#),
        Case(name: "delete all items from merging list", original: #"{"mergingList":[{"name":1},{"name":2}]}"#,
             patch: #"{"mergingList":[{"$patch":"replace"}]}"#, result: #"{"mergingList":[]}"#),
        Case(name: "merge empty merging lists", original: #"{"mergingList":[]}"#,
             patch: #"{"mergingList":[]}"#, result: #"{"mergingList":[]}"#),
        Case(name: "delete all keys from map", original: #"{"name":1,"value":1}"#,
             patch: #"{"$patch":"replace"}"#, result: #"{}"#),
        Case(name: "add key and delete all keys from map", original: #"{"name":1,"value":1}"#,
             patch: #"{"other":"a","$patch":"replace"}"#, result: #"{"other":"a"}"#),
        Case(name: "delete all duplicate entries in a merging list",
             original: #"{"mergingList":[{"name":1},{"name":1},{"name":2,"value":"a"},{"name":3},{"name":3}]}"#,
             patch: #"{"mergingList":[{"name":1,"$patch":"delete"},{"name":3,"$patch":"delete"}]}"#,
             result: #"{"mergingList":[{"name":2,"value":"a"}]}"#),
        Case(name: "retainKeys map can add a field when no retainKeys directive present",
             original: #"{"retainKeysMap":{"name":"foo"}}"#, patch: #"{"retainKeysMap":{"value":"bar"}}"#,
             result: #"{"retainKeysMap":{"name":"foo","value":"bar"}}"#),
        Case(name: "retainKeys map can delete a field when no retainKeys directive present",
             original: #"{"retainKeysMap":{"name":"foo","value":"a"}}"#, patch: #"{"retainKeysMap":{"value":null}}"#,
             result: #"{"retainKeysMap":{"name":"foo"}}"#),
        Case(name: "retainKeys list can change a field when no retainKeys directive present",
             original: #"{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"a"}]}"#,
             patch: #"{"retainKeysMergingList":[{"name":"foo","value":"b"}]}"#,
             result: #"{"retainKeysMergingList":[{"name":"bar"},{"name":"foo","value":"b"}]}"#),
        Case(name: "preserve the order from the patch in a merging list",
             original: #"{"mergingList":[{"name":1},{"name":2,"value":"b"},{"name":3}]}"#,
             patch: #"{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"},{"name":2,"other":"x"}]}"#,
             result: #"{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"},{"name":2,"value":"b","other":"x"}]}"#),
        Case(name: "preserve the order from the patch in a merging list 2",
             original: #"{"mergingList":[{"name":1},{"name":2,"value":"b"},{"name":3}]}"#,
             patch: #"{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"}]}"#,
             result: #"{"mergingList":[{"name":2,"value":"b"},{"name":3,"value":"c"},{"name":1,"value":"a"}]}"#),
        Case(name: "preserve the order from the patch in a merging int list", original: #"{"mergingIntList":[1,2,3]}"#,
             patch: #"{"mergingIntList":[3,1,2]}"#, result: #"{"mergingIntList":[3,1,2]}"#),
        Case(name: "preserve the order from the patch in a merging int list 2", original: #"{"mergingIntList":[1,2,3]}"#,
             patch: #"{"mergingIntList":[3,1]}"#, result: #"{"mergingIntList":[2,3,1]}"#),
        Case(name: "$setElementOrder names an element the list lacks",
             original: #"{"mergingList":[{"name":1},{"name":3}]}"#,
             patch: #"{"$setElementOrder/mergingList":[{"name":3},{"name":2},{"name":1}],"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}"#,
             result: #"{"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}"#),
        Case(name: "$setElementOrder alone reorders an int list", original: #"{"mergingIntList":[1,3]}"#,
             patch: #"{"$setElementOrder/mergingIntList":[3,2,1]}"#, result: #"{"mergingIntList":[3,1]}"#),
        Case(name: "$deleteFromPrimitiveList of a missing item changes nothing", original: #"{"mergingIntList":[1,2]}"#,
             patch: #"{"$deleteFromPrimitiveList/mergingIntList":[3]}"#, result: #"{"mergingIntList":[1,2]}"#),
        Case(name: "$deleteFromPrimitiveList on a null list keeps it", original: #"{"mergingIntList":null}"#,
             patch: #"{"$deleteFromPrimitiveList/mergingIntList":[3]}"#, result: #"{"mergingIntList":null}"#),
        Case(name: "$deleteFromPrimitiveList does not create the list", original: #"{"foo":["bar"]}"#,
             patch: #"{"$deleteFromPrimitiveList/mergingIntList":[3]}"#, result: #"{"foo":["bar"]}"#),
        Case(name: "$deleteFromPrimitiveList deletes from a merge list", original: #"{"mergingIntList":[1,2,3]}"#,
             patch: #"{"$deleteFromPrimitiveList/mergingIntList":[2]}"#, result: #"{"mergingIntList":[1,3]}"#),
        Case(name: "$deleteFromPrimitiveList deletes from a replace list", original: #"{"nonMergingIntList":[1,2,3]}"#,
             patch: #"{"$deleteFromPrimitiveList/nonMergingIntList":[2]}"#, result: #"{"nonMergingIntList":[1,3]}"#),
        Case(name: "nested patch merge with empty list: directives dropped from new lists", original: #"{"name":"hi"}"#,
             patch: #"{"mergingList":[{"name":"hello"},{"$patch":"delete","name":"doesntexist"}]}"#,
             result: #"{"name":"hi","mergingList":[{"name":"hello"}]}"#),
        Case(name: "delete items in lists of scalars",
             original: #"{"mergingIntList":[1,2,3,4]}"#,
             patch: #"{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]}"#,
             result: #"{"mergingIntList":[1,2,4]}"#),
        Case(name: "delete all duplicate items in lists of scalars",
             original: #"{"mergingIntList":[1,2,3,3,4]}"#,
             patch: #"{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]}"#,
             result: #"{"mergingIntList":[1,2,4]}"#),
        Case(name: "add and delete items in lists of scalars",
             original: #"{"mergingIntList":[1,2,3,4]}"#,
             patch: #"{"$setElementOrder/mergingIntList":[1,2,4],"$deleteFromPrimitiveList/mergingIntList":[3],"mergingIntList":[4]}"#,
             result: #"{"mergingIntList":[1,2,4]}"#),
        Case(name: "merge lists of maps (three-way result)",
             original: #"{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"}]}"#,
             patch: #"{"$setElementOrder/mergingList":[{"name":4},{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":4,"value":4},{"name":3,"value":3}]}"#,
             result: #"{"mergingList":[{"name":4,"value":4},{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"},{"name":3,"value":3}]}"#),
        Case(name: "nonmerging list is replaced", original: #"{"nonMergingList":[{"name":1},{"name":2}]}"#,
             patch: #"{"nonMergingList":[{"name":3}]}"#, result: #"{"nonMergingList":[{"name":3}]}"#),
        Case(name: "replace strategy map is replaced", original: #"{"replacingItem":{"a":1,"b":2}}"#,
             patch: #"{"replacingItem":{"c":3}}"#, result: #"{"replacingItem":{"c":3}}"#),
        Case(name: "null deletes and unmatched nulls are ignored", original: #"{"name":"a","value":"b"}"#,
             patch: #"{"value":null,"other":null}"#, result: #"{"name":"a"}"#),
        Case(name: "nulls inside new values are dropped", original: #"{}"#,
             patch: #"{"simpleMap":{"a":"1","b":null}}"#, result: #"{"simpleMap":{"a":"1"}}"#),
        Case(name: "$retainKeys clears unlisted fields", original: #"{"retainKeysMap":{"name":"foo","value":"a","other":"x"}}"#,
             patch: #"{"retainKeysMap":{"$retainKeys":["name","value"],"value":"b"}}"#,
             result: #"{"retainKeysMap":{"name":"foo","value":"b"}}"#),
        Case(name: "unknown fields merge like a JSON merge patch", original: #"{"free":{"a":[1,2],"b":{"c":1}}}"#,
             patch: #"{"free":{"a":[3],"b":{"d":2}}}"#, result: #"{"free":{"a":[3],"b":{"c":1,"d":2}}}"#),
        Case(name: "type change replaces", original: #"{"simpleMap":{"a":"1"}}"#,
             patch: #"{"simpleMap":"x"}"#, result: #"{"simpleMap":"x"}"#),
    ]

    @Test(arguments: mergeItemCases)
    func appliesOnMergeItem(_ c: Case) throws {
        let result = try StrategicMergePatch.apply(pj(c.patch), to: pj(c.original), schema: mergeItemSchema())
        #expect(result == pj(c.result))
    }

    struct Failure: CustomTestStringConvertible, Sendable {
        var original: String
        var patch: String
        var message: String
        var testDescription: String { message }
    }

    static let failures: [Failure] = [
        Failure(original: #"{"mergingList":[{"name":1},{"name":3},{"name":2}]}"#,
                patch: #"{"$setElementOrder/mergingList":[{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}"#,
                message: "doesn't match $setElementOrder list"),
        Failure(original: #"{"mergingIntList":[1,3,2]}"#,
                patch: #"{"$setElementOrder/mergingIntList":[1,2,3],"mergingIntList":[3,1]}"#,
                message: "doesn't match $setElementOrder list"),
        Failure(original: #"{"mergingList":[{"name":1,"value":"a"}]}"#, patch: #"{"mergingList":[{"value":"b"}]}"#,
                message: "map: map[value:b] does not contain declared merge key: name"),
        Failure(original: #"{"retainKeysMap":{"name":"foo"}}"#,
                patch: #"{"retainKeysMap":{"$retainKeys":["name"],"value":"b"}}"#,
                message: "invalid patch format of retainKeys"),
        Failure(original: #"{"mergingList":[{"name":1}]}"#, patch: #"{"mergingList":[{"$patch":"merge"}]}"#,
                message: "merging lists cannot yet be specified in the patch"),
        Failure(original: #"{"simpleMap":{"a":"1"}}"#, patch: #"{"simpleMap":{"$patch":"merge"}}"#,
                message: "unknown patch type: merge in map: map[$patch:merge]"),
        Failure(original: #"{"mergingIntList":[[1]]}"#, patch: #"{"mergingIntList":[[2]]}"#,
                message: "lists of lists are not supported"),
        Failure(original: #"{"mergingIntList":[1]}"#, patch: #"{"mergingIntList":["a"]}"#,
                message: "list element types are not identical: [1 a]"),
        Failure(original: #"{"mergingIntList":[1]}"#, patch: #"{"$deleteFromPrimitiveListmergingIntList":[1]}"#,
                message: "invalid patch format of primitive list"),
    ]

    @Test(arguments: failures)
    func rejects(_ f: Failure) {
        do {
            _ = try StrategicMergePatch.apply(pj(f.patch), to: pj(f.original), schema: mergeItemSchema())
            Issue.record("expected an error containing \(f.message)")
        } catch {
            #expect(error.message.contains(f.message), "\(error.message)")
        }
    }

    // MARK: - Deployment-shaped patches

    static let deployment = #"""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","annotations":{"a":"1"},"finalizers":["x","y"]},
         "spec":{"replicas":2,
                 "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},
                 "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[
                      {"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}],
                       "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
                      {"name":"sidecar","image":"busybox","args":["sleep","1d"]}]}}}}
        """#

    @Test func kubectlApplyUpdatesOnlyTheImage() throws {
        let patch = #"""
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
             "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],
                                          "containers":[{"image":"nginx:1.28","name":"web"}]}}}}
            """#
        let result = try StrategicMergePatch.apply(pj(patch), to: pj(Self.deployment), schema: deploymentSchema)
        var expected = pj(Self.deployment)
        expected[path: ["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"]] = "{}"
        var containers = expected[dotted: "spec.template.spec.containers"]!.arrayValue!
        containers[0]["image"] = "nginx:1.28"
        expected[dotted: "spec.template.spec.containers"] = .array(containers)
        #expect(result == expected)
    }

    @Test func deleteDirectiveRemovesAContainer() throws {
        let patch = #"{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}"#
        let result = try StrategicMergePatch.apply(pj(patch), to: pj(Self.deployment), schema: deploymentSchema)
        let names = result[dotted: "spec.template.spec.containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["web"])
    }

    /// Kubernetes orders a merged list as: elements in the patch in patch
    /// order, each original-only element kept before the patch elements that
    /// followed it in the original. An element new to the list therefore lands
    /// before the original-only ones after it (the kubernetes.io "kubectl
    /// patch" task shows the added container listed first).
    @Test func mergesByKeyAndPlacesNewElements() throws {
        let patch = #"""
            {"spec":{"template":{"spec":{"containers":[
               {"name":"web","env":[{"name":"B","value":"two"},{"name":"C","value":"3"}],"ports":[{"containerPort":443}]},
               {"name":"new","image":"redis","$setElementOrder/env":[{"name":"X"}],"env":[{"name":"X","value":null}]}]}}}}
            """#
        let result = try StrategicMergePatch.apply(pj(patch), to: pj(Self.deployment), schema: deploymentSchema)
        let containers = result[dotted: "spec.template.spec.containers"]!.arrayValue!
        #expect(containers.map { $0["name"]!.stringValue! } == ["web", "new", "sidecar"])
        #expect(containers[0]["env"] == pj(#"[{"name":"A","value":"1"},{"name":"B","value":"two"},{"name":"C","value":"3"}]"#))
        #expect(containers[0]["ports"] == pj(#"[{"containerPort":443},{"containerPort":80}]"#))
        // Directives and nulls never reach the stored object.
        #expect(containers[1] == pj(#"{"name":"new","image":"redis","env":[{"name":"X"}]}"#))
    }

    @Test func addedContainerGoesFirst() throws {
        let original = #"{"spec":{"template":{"spec":{"containers":[{"name":"patch-demo-ctr","image":"nginx"}]}}}}"#
        let patch = #"{"spec":{"template":{"spec":{"containers":[{"name":"patch-demo-ctr-2","image":"redis"}]}}}}"#
        let result = try StrategicMergePatch.apply(pj(patch), to: pj(original), schema: deploymentSchema)
        #expect(result[dotted: "spec.template.spec.containers"]
            == pj(#"[{"name":"patch-demo-ctr-2","image":"redis"},{"name":"patch-demo-ctr","image":"nginx"}]"#))
    }

    @Test func retainKeysSwitchesStrategyType() throws {
        let patch = #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":null}}}"#
        let result = try StrategicMergePatch.apply(pj(patch), to: pj(Self.deployment), schema: deploymentSchema)
        #expect(result[dotted: "spec.strategy"] == pj(#"{"type":"Recreate"}"#))
    }

    @Test func finalizersAreUnionedAndDeletedByValue() throws {
        let add = #"{"metadata":{"finalizers":["y","z"]}}"#
        let added = try StrategicMergePatch.apply(pj(add), to: pj(Self.deployment), schema: deploymentSchema)
        #expect(added[dotted: "metadata.finalizers"] == pj(#"["x","y","z"]"#))
        let remove = #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}}"#
        let removed = try StrategicMergePatch.apply(pj(remove), to: added, schema: deploymentSchema)
        #expect(removed[dotted: "metadata.finalizers"] == pj(#"["y","z"]"#))
    }

    @Test func replaceDirectiveOnAListKeepsOnlyThePatchElements() throws {
        let patch = #"{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"x"}]}}}}"#
        let result = try StrategicMergePatch.apply(pj(patch), to: pj(Self.deployment), schema: deploymentSchema)
        #expect(result[dotted: "spec.template.spec.containers"] == pj(#"[{"name":"only","image":"x"}]"#))
    }

    @Test func replaceDirectiveOnAMap() throws {
        let patch = #"{"metadata":{"annotations":{"$patch":"replace","b":"2"}}}"#
        let result = try StrategicMergePatch.apply(pj(patch), to: pj(Self.deployment), schema: deploymentSchema)
        #expect(result[dotted: "metadata.annotations"] == pj(#"{"b":"2"}"#))
    }

    /// Error messages print numbers as Go's %v does for float64.
    @Test func goNumberFormatting() {
        let cases: [(Double, String)] = [(1, "1"), (80, "80"), (1_000_000, "1e+06"), (123_456, "123456"), (1.5, "1.5"),
                                         (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.5e7, "-2.5e+07"), (12.25, "12.25")]
        for (d, text) in cases { #expect(goFormatFloat(d) == text, "\(d)") }
        #expect(JSONValue.object(["port": 1_000_000, "name": "a"]).goDescription == "map[name:a port:1e+06]")
    }

    @Test func nilSchemaBehavesLikeMergePatch() throws {
        let original = pj(#"{"a":{"b":[1,2],"c":1},"d":1}"#)
        let patch = pj(#"{"a":{"b":[3],"c":null},"d":2}"#)
        let smp = try StrategicMergePatch.apply(patch, to: original, schema: nil)
        #expect(smp == (try MergePatch.apply(patch, to: original)))
    }
}
