import Foundation
import Testing
@testable import CapstanAPI

struct StrategicMergePatchCreateTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var original: String
        var modified: String
        var twoWay: String
        var testDescription: String { name }
    }

    // Two-way vectors from apimachinery's createStrategicMergePatchTestCaseData.
    static let cases: [Case] = [
        Case(name: "nil original", original: #"{}"#, modified: #"{"name":1,"value":1}"#, twoWay: #"{"name":1,"value":1}"#),
        Case(name: "nil patch", original: #"{"name":1}"#, modified: #"{"name":1}"#, twoWay: #"{}"#),
        Case(name: "add field to map", original: #"{"name":1}"#, modified: #"{"name":1,"value":1}"#, twoWay: #"{"value":1}"#),
        Case(name: "add field and delete field from map", original: #"{"name":1}"#, modified: #"{"value":1}"#,
             twoWay: #"{"name":null,"value":1}"#),
        Case(name: "delete field from nested map", original: #"{"simpleMap":{"key1":1,"key2":1}}"#,
             modified: #"{"simpleMap":{"key1":1}}"#, twoWay: #"{"simpleMap":{"key2":null}}"#),
        Case(name: "replace list of scalars", original: #"{"nonMergingIntList":[1,2]}"#,
             modified: #"{"nonMergingIntList":[2,3]}"#, twoWay: #"{"nonMergingIntList":[2,3]}"#),
        Case(name: "delete all maps from merging list", original: #"{"mergingList":[{"name":1},{"name":2}]}"#,
             modified: #"{"mergingList":[]}"#,
             twoWay: #"{"mergingList":[{"name":1,"$patch":"delete"},{"name":2,"$patch":"delete"}]}"#),
        Case(name: "merge empty merging lists", original: #"{"mergingList":[]}"#, modified: #"{"mergingList":[]}"#,
             twoWay: #"{}"#),
        Case(name: "delete items in lists of scalars", original: #"{"mergingIntList":[1,2,3]}"#,
             modified: #"{"mergingIntList":[1,2]}"#,
             twoWay: #"{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]}"#),
        Case(name: "add and delete items in lists of scalars", original: #"{"mergingIntList":[1,2,3]}"#,
             modified: #"{"mergingIntList":[1,2,4]}"#,
             twoWay: #"{"$setElementOrder/mergingIntList":[1,2,4],"$deleteFromPrimitiveList/mergingIntList":[3],"mergingIntList":[4]}"#),
        Case(name: "merge lists of maps", original: #"{"mergingList":[{"name":1},{"name":2,"value":2}]}"#,
             modified: #"{"mergingList":[{"name":4,"value":4},{"name":1},{"name":2,"value":2},{"name":3,"value":3}]}"#,
             twoWay: #"{"$setElementOrder/mergingList":[{"name":4},{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":4,"value":4},{"name":3,"value":3}]}"#),
        Case(name: "change a merged element", original: #"{"mergingList":[{"name":1,"value":1},{"name":2,"value":2}]}"#,
             modified: #"{"mergingList":[{"name":1,"value":1},{"name":2,"value":3}]}"#,
             twoWay: #"{"$setElementOrder/mergingList":[{"name":1},{"name":2}],"mergingList":[{"name":2,"value":3}]}"#),
        Case(name: "reorder only", original: #"{"mergingList":[{"name":1},{"name":2}]}"#,
             modified: #"{"mergingList":[{"name":2},{"name":1}]}"#,
             twoWay: #"{"$setElementOrder/mergingList":[{"name":2},{"name":1}]}"#),
        Case(name: "retainKeys map lists the kept fields", original: #"{"retainKeysMap":{"name":"foo","value":"a"}}"#,
             modified: #"{"retainKeysMap":{"name":"foo","other":"b"}}"#,
             twoWay: #"{"retainKeysMap":{"$retainKeys":["name","other"],"other":"b","value":null}}"#),
        Case(name: "retainKeys map with no change should not be present", original: #"{"name":"a","retainKeysMap":{"name":"foo"}}"#,
             modified: #"{"name":"a","value":"b","retainKeysMap":{"name":"foo"}}"#, twoWay: #"{"value":"b"}"#),
    ]

    @Test(arguments: cases)
    func createsKubernetesPatch(_ c: Case) throws {
        let patch = try StrategicMergePatch.createTwoWay(original: pj(c.original), modified: pj(c.modified),
                                                         schema: mergeItemSchema())
        #expect(patch == pj(c.twoWay))
        let applied = try StrategicMergePatch.apply(patch, to: pj(c.original), schema: mergeItemSchema())
        #expect(applied == pj(c.modified))
    }

    @Test func kubectlApplyImageChange() throws {
        let container = #"{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]}"#
        let original = #"{"spec":{"template":{"spec":{"containers":[\#(container)]}}}}"#
        let modified = original.replacingOccurrences(of: "1.27", with: "1.28")
        let patch = try StrategicMergePatch.createTwoWay(original: pj(original), modified: pj(modified),
                                                         schema: deploymentSchema)
        #expect(patch == pj(#"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"nginx:1.28","name":"web"}]}}}}"#))
    }

    @Test func roundTripsDeploymentEdits() throws {
        let original = pj(StrategicMergePatchTests.deployment)
        var modified = original
        modified[dotted: "spec.replicas"] = 5
        modified[path: ["metadata", "annotations"]] = nil
        modified[dotted: "metadata.finalizers"] = ["y", "z"]
        modified[dotted: "spec.strategy"] = pj(#"{"type":"Recreate"}"#)
        modified[dotted: "spec.template.spec.containers"] = pj(#"""
            [{"name":"sidecar","image":"busybox:2","args":["sleep","2d"]},
             {"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}],"env":[{"name":"B","value":"2"}]},
             {"name":"extra","image":"x"}]
            """#)
        let patch = try StrategicMergePatch.createTwoWay(original: original, modified: modified, schema: deploymentSchema)
        #expect(patch[dotted: "spec.strategy"] == pj(#"{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}"#))
        #expect(patch[dotted: "metadata"]?["$deleteFromPrimitiveList/finalizers"] == pj(#"["x"]"#))
        let applied = try StrategicMergePatch.apply(patch, to: original, schema: deploymentSchema)
        #expect(applied == modified)
    }
}
