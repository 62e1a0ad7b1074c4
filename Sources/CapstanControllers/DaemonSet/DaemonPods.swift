import CapstanAPI
import Foundation

/// DaemonSet pods as Kubernetes makes them: the template plus the default
/// daemon tolerations, the revision hash label, and a required node
/// affinity naming exactly one node (`matchFields metadata.name In [NODE]`),
/// so the ordinary scheduler binds each pod to its node.
enum DaemonPods {
    static let hashLabel = "controller-revision-hash"
    static let generationLabel = "pod-template-generation"

    /// Daemons keep running through node conditions that would evict or
    /// repel other pods (Kubernetes' AddOrUpdateDaemonPodTolerations).
    static func defaultTolerations(hostNetwork: Bool) -> [JSONValue] {
        var t: [JSONValue] = [
            toleration("node.kubernetes.io/not-ready", "NoExecute"),
            toleration("node.kubernetes.io/unreachable", "NoExecute"),
            toleration("node.kubernetes.io/disk-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/memory-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/pid-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/unschedulable", "NoSchedule"),
        ]
        if hostNetwork { t.append(toleration("node.kubernetes.io/network-unavailable", "NoSchedule")) }
        return t
    }

    static func toleration(_ key: String, _ effect: String) -> JSONValue {
        ["key": .string(key), "operator": "Exists", "effect": .string(effect)]
    }

    /// The DaemonSet's pod template with the default tolerations added
    /// (those already present are not repeated).
    static func effectiveTemplate(_ ds: JSONValue) -> JSONValue {
        var template = ds[path: ["spec", "template"]] ?? .emptyObject
        var tolerations = template[path: ["spec", "tolerations"]]?.arrayValue ?? []
        for t in defaultTolerations(hostNetwork: template[path: ["spec", "hostNetwork"]]?.boolValue ?? false) where !tolerations.contains(t) {
            tolerations.append(t)
        }
        template[path: ["spec", "tolerations"]] = .array(tolerations)
        return template
    }

    /// The pod for `node`, from the effective template.
    static func newPod(ds: JSONValue, template: JSONValue, node: String, hash: String) -> JSONValue {
        let name = ds[path: ["metadata", "name"]]?.stringValue ?? ""
        var pod = Pods.fromTemplate(template, owner: ds, ownerAPIVersion: "apps/v1", ownerKind: "DaemonSet", generateName: name + "-")
        pod[path: ["metadata", "labels", hashLabel]] = .string(hash)
        pod[path: ["metadata", "labels", generationLabel]] = .string(String(ds[path: ["metadata", "generation"]]?.intValue ?? 1))
        // Replaces any required terms: the controller has already checked them against this node.
        pod[path: ["spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"]] = [
            "nodeSelectorTerms": [["matchFields": [["key": "metadata.name", "operator": "In", "values": [.string(node)]]]]]
        ]
        return pod
    }

    /// The node a daemon pod is for: its nodeName once bound, else the one
    /// its `metadata.name` match field names (Kubernetes' GetTargetNodeName).
    static func targetNode(of pod: JSONValue) -> String? {
        if let n = pod[path: ["spec", "nodeName"]]?.stringValue, !n.isEmpty { return n }
        let terms = pod[path: ["spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]]?.arrayValue ?? []
        for term in terms {
            for f in term["matchFields"]?.arrayValue ?? [] where f["key"]?.stringValue == "metadata.name" && f["operator"]?.stringValue == "In" {
                if let values = f["values"]?.arrayValue, values.count == 1 { return values[0].stringValue }
            }
        }
        return nil
    }

    static func hash(of pod: JSONValue) -> String { pod[path: ["metadata", "labels", hashLabel]]?.stringValue ?? "" }

    /// Bound pods first, then oldest, then by name (podByCreationTimestampAndPhase).
    static func oldestFirst(_ pods: [JSONValue]) -> [JSONValue] {
        pods.sorted { a, b in
            let boundA = !(a[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty
            let boundB = !(b[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty
            if boundA != boundB { return boundA }
            let ta = a[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Time.parse) ?? .distantFuture
            let tb = b[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Time.parse) ?? .distantFuture
            if ta != tb { return ta < tb }
            return OwnerReferences.name(a) < OwnerReferences.name(b)
        }
    }
}
