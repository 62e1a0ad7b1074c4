import CapstanAPI
import Foundation

/// Pod facts controllers agree on (Kubernetes' podutil).
public enum Pods {
    /// Pod cache index: pods by spec.nodeName (bound pods only).
    public static let nodeNameIndex = "nodeName"

    public static func phase(_ pod: JSONValue) -> String { pod[path: ["status", "phase"]]?.stringValue ?? "Pending" }

    /// Not finished and not being deleted: counts toward replicas.
    public static func isActive(_ pod: JSONValue) -> Bool {
        let p = phase(pod)
        return p != "Succeeded" && p != "Failed" && pod[path: ["metadata", "deletionTimestamp"]] == nil
    }

    public static func condition(_ pod: JSONValue, _ type: String) -> JSONValue? {
        pod[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    public static func isReady(_ pod: JSONValue) -> Bool {
        condition(pod, "Ready")?["status"]?.stringValue == "True"
    }

    /// Ready for at least `minReadySeconds` at `now`.
    public static func isAvailable(_ pod: JSONValue, minReadySeconds: Int64, now: Date) -> Bool {
        guard let ready = condition(pod, "Ready"), ready["status"]?.stringValue == "True" else { return false }
        if minReadySeconds <= 0 { return true }
        guard let since = ready["lastTransitionTime"]?.stringValue.flatMap(Time.parse) else { return false }
        return since.addingTimeInterval(TimeInterval(minReadySeconds)) <= now
    }

    /// A pod for `owner` from its pod template: labels, annotations and spec
    /// copied, generateName `prefix`, the owner's namespace and a controller
    /// reference; finalizers and other metadata are not inherited.
    public static func fromTemplate(
        _ template: JSONValue, owner: JSONValue, ownerAPIVersion: String, ownerKind: String, generateName prefix: String
    ) -> JSONValue {
        var meta: [String: JSONValue] = [
            "generateName": .string(prefix),
            "namespace": owner[path: ["metadata", "namespace"]] ?? "default",
            "ownerReferences": [OwnerReferences.controllerRef(to: owner, apiVersion: ownerAPIVersion, kind: ownerKind)],
        ]
        if let labels = template[path: ["metadata", "labels"]] { meta["labels"] = labels }
        if let annotations = template[path: ["metadata", "annotations"]] { meta["annotations"] = annotations }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": .object(meta), "spec": template["spec"] ?? .emptyObject]
    }
}
