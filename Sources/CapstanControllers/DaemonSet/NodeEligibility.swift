import CapstanAPI

/// Whether a node should run a DaemonSet's pod (Kubernetes'
/// NodeShouldRunDaemonPod): the pod's nodeName, nodeSelector and required
/// node affinity must match the node, and every NoSchedule/NoExecute taint
/// must be tolerated. A pod already there may stay on a node whose only
/// untolerated taints are NoSchedule (they bar new pods, not running ones).
///
/// The controllers cannot use the scheduler's matchers (the module graph
/// runs one way), so this is a small copy of the same rules.
enum NodeEligibility {
    struct Verdict: Equatable, Sendable {
        var shouldRun: Bool
        var shouldContinueRunning: Bool
        static let no = Verdict(shouldRun: false, shouldContinueRunning: false)
    }

    /// `podSpec` is the daemon pod's spec with the default daemon tolerations added.
    static func evaluate(node: JSONValue, podSpec: JSONValue) -> Verdict {
        let nodeName = node[path: ["metadata", "name"]]?.stringValue ?? ""
        let labels = (node[path: ["metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        if let wanted = podSpec["nodeName"]?.stringValue, !wanted.isEmpty, wanted != nodeName { return .no }
        let selector = (podSpec["nodeSelector"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        if selector.contains(where: { labels[$0.key] != $0.value }) { return .no }
        if let required = podSpec[path: ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"]],
           !matches(required, labels: labels, nodeName: nodeName) {
            return .no
        }
        let taints = node[path: ["spec", "taints"]]?.arrayValue ?? []
        let tolerations = podSpec["tolerations"]?.arrayValue ?? []
        if untolerated(taints, tolerations, effects: ["NoSchedule", "NoExecute"]) == nil { return Verdict(shouldRun: true, shouldContinueRunning: true) }
        return Verdict(shouldRun: false, shouldContinueRunning: untolerated(taints, tolerations, effects: ["NoExecute"]) == nil)
    }

    /// A core/v1 NodeSelector: its terms are ORed; a term's requirements are ANDed.
    static func matches(_ selector: JSONValue, labels: [String: String], nodeName: String) -> Bool {
        (selector["nodeSelectorTerms"]?.arrayValue ?? []).contains { term in
            let expressions = term["matchExpressions"]?.arrayValue ?? []
            let fields = term["matchFields"]?.arrayValue ?? []
            // An empty term matches no node (as in Kubernetes).
            if expressions.isEmpty && fields.isEmpty { return false }
            return expressions.allSatisfy { requirement($0, value: labels[$0["key"]?.stringValue ?? ""]) }
                && fields.allSatisfy { $0["key"]?.stringValue == "metadata.name" && requirement($0, value: nodeName) }
        }
    }

    /// One NodeSelectorRequirement against the value found (nil: key absent).
    static func requirement(_ r: JSONValue, value: String?) -> Bool {
        let values = (r["values"]?.arrayValue ?? []).compactMap(\.stringValue)
        switch r["operator"]?.stringValue ?? "" {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return value.map { !values.contains($0) } ?? true
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt", "Lt":
            guard let v = value.flatMap({ Int64($0) }), values.count == 1, let bound = Int64(values[0]) else { return false }
            return r["operator"]?.stringValue == "Gt" ? v > bound : v < bound
        default: return false
        }
    }

    /// The first taint with one of `effects` that no toleration tolerates.
    static func untolerated(_ taints: [JSONValue], _ tolerations: [JSONValue], effects: Set<String>) -> JSONValue? {
        taints.first { taint in
            effects.contains(taint["effect"]?.stringValue ?? "") && !tolerations.contains { tolerates($0, taint) }
        }
    }

    /// Kubernetes' Toleration.ToleratesTaint.
    static func tolerates(_ toleration: JSONValue, _ taint: JSONValue) -> Bool {
        let effect = toleration["effect"]?.stringValue ?? ""
        if !effect.isEmpty && effect != taint["effect"]?.stringValue { return false }
        let key = toleration["key"]?.stringValue ?? ""
        if !key.isEmpty && key != taint["key"]?.stringValue { return false }
        switch toleration["operator"]?.stringValue ?? "Equal" {
        case "Exists": return true
        case "Equal", "": return (toleration["value"]?.stringValue ?? "") == (taint["value"]?.stringValue ?? "")
        default: return false
        }
    }
}
