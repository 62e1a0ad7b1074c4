@testable import CapstanAPI

/// Parses JSON test input; a malformed literal is a bug in the test itself.
func pj(_ text: String) -> JSONValue {
    do {
        return try JSONValue.parse(text)
    } catch {
        fatalError("bad JSON in test: \(error) in \(text)")
    }
}

/// The `MergeItem` test type of apimachinery's strategicpatch tests, as a
/// hand-built schema (nested `depth` levels deep; the type is recursive).
func mergeItemSchema(depth: Int = 3) -> Schema {
    let element = depth > 0
        ? mergeItemSchema(depth: depth - 1)
        : Schema(kind: .object, properties: [("name", .string), ("value", .string), ("other", .string)])
    let retainKeysItem = Schema(kind: .object, properties: [
        ("name", .string), ("value", .string), ("other", .string),
        ("simpleMap", Schema(kind: .object, additionalProperties: .string)),
        ("mergingIntList", Schema(kind: .array, items: .int64, patchStrategy: "merge")),
        ("mergingList", Schema(kind: .array, items: element, patchMergeKey: "name", patchStrategy: "merge")),
        ("nonMergingList", Schema(kind: .array, items: element)),
    ])
    return Schema(kind: .object, properties: [
        ("name", .string), ("value", .string), ("other", .string),
        ("mergingList", Schema(kind: .array, items: element, patchMergeKey: "name", patchStrategy: "merge")),
        ("nonMergingList", Schema(kind: .array, items: element)),
        ("mergingIntList", Schema(kind: .array, items: .int64, patchStrategy: "merge")),
        ("nonMergingIntList", Schema(kind: .array, items: .int64)),
        ("mergeItemPtr", Schema(kind: .array, items: element, patchMergeKey: "name", patchStrategy: "merge")),
        ("simpleMap", Schema(kind: .object, additionalProperties: .string)),
        ("replacingItem", Schema(kind: .any, preserveUnknownFields: true, patchStrategy: "replace")),
        ("retainKeysMap", retainKeysItem.annotated(patchStrategy: "retainKeys")),
        ("retainKeysMergingList", Schema(kind: .array, items: element, patchMergeKey: "name",
                                         patchStrategy: "merge,retainKeys")),
    ])
}

/// A slice of the apps/v1 Deployment schema: enough for kubectl-apply style patches.
let deploymentSchema: Schema = {
    let envVar = Schema(kind: .object, properties: [("name", .string), ("value", .string)])
    let port = Schema(kind: .object, properties: [("containerPort", .int32), ("name", .string), ("protocol", .string)])
    let container = Schema(kind: .object, properties: [
        ("name", .string), ("image", .string),
        ("args", Schema(kind: .array, items: .string)),
        ("env", Schema(kind: .array, items: envVar, patchMergeKey: "name", patchStrategy: "merge")),
        ("ports", Schema(kind: .array, items: port, patchMergeKey: "containerPort", patchStrategy: "merge")),
        ("resources", Schema(kind: .object, properties: [
            ("limits", Schema(kind: .object, additionalProperties: .intOrString)),
            ("requests", Schema(kind: .object, additionalProperties: .intOrString)),
        ])),
    ])
    let volume = Schema(kind: .object, properties: [
        ("name", .string),
        ("configMap", Schema(kind: .object, properties: [("name", .string)])),
        ("emptyDir", Schema(kind: .object, properties: [("medium", .string)])),
    ])
    let podSpec = Schema(kind: .object, properties: [
        ("containers", Schema(kind: .array, items: container, patchMergeKey: "name", patchStrategy: "merge")),
        ("volumes", Schema(kind: .array, items: volume, patchMergeKey: "name", patchStrategy: "merge,retainKeys")),
        ("nodeSelector", Schema(kind: .object, additionalProperties: .string)),
    ])
    let metadata = Schema(kind: .object, properties: [
        ("name", .string), ("namespace", .string),
        ("labels", Schema(kind: .object, additionalProperties: .string)),
        ("annotations", Schema(kind: .object, additionalProperties: .string)),
        ("finalizers", Schema(kind: .array, items: .string, patchStrategy: "merge")),
    ])
    let strategy = Schema(kind: .object, properties: [
        ("type", .string),
        ("rollingUpdate", Schema(kind: .object, properties: [("maxSurge", .intOrString), ("maxUnavailable", .intOrString)])),
    ])
    return Schema(kind: .object, properties: [
        ("apiVersion", .string), ("kind", .string), ("metadata", metadata),
        ("spec", Schema(kind: .object, properties: [
            ("replicas", .int32),
            ("strategy", strategy.annotated(patchStrategy: "retainKeys")),
            ("template", Schema(kind: .object, properties: [("metadata", metadata), ("spec", podSpec)])),
        ])),
    ])
}()
