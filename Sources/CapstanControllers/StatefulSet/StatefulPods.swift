import CapstanAPI
import Foundation

/// A StatefulSet pod's stable identity (name SET-ORDINAL, hostname,
/// subdomain, identity labels) and storage (one claim per volumeClaimTemplate,
/// named TEMPLATE-SET-ORDINAL), and the pod facts the sync decides on.
enum StatefulPods {
    static let podNameLabel = "statefulset.kubernetes.io/pod-name"
    static let podIndexLabel = "apps.kubernetes.io/pod-index"
    /// On StatefulSet pods this label holds the revision's full name.
    static let revisionLabel = "controller-revision-hash"

    static func name(set: String, ordinal: Int) -> String { "\(set)-\(ordinal)" }

    /// The ordinal in a pod's name when it is SET-N, else nil.
    static func ordinal(of pod: JSONValue, set: String) -> Int? {
        let name = pod[path: ["metadata", "name"]]?.stringValue ?? ""
        guard name.hasPrefix(set + "-") else { return nil }
        let digits = name.dropFirst(set.count + 1)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let n = Int(digits), n >= 0, String(n) == digits else { return nil }
        return n
    }

    static func revision(of pod: JSONValue) -> String {
        pod[path: ["metadata", "labels", revisionLabel]]?.stringValue ?? ""
    }

    static func claimName(template: JSONValue, set: String, ordinal: Int) -> String {
        "\(template[path: ["metadata", "name"]]?.stringValue ?? "")-\(set)-\(ordinal)"
    }

    /// The pod for `ordinal` from a revision's `template`.
    static func newPod(set: JSONValue, settings: StatefulSetSettings, template: JSONValue, revision: String, ordinal: Int) -> JSONValue {
        let name = name(set: settings.name, ordinal: ordinal)
        var pod = Pods.fromTemplate(template, owner: set, ownerAPIVersion: "apps/v1", ownerKind: "StatefulSet", generateName: "")
        pod[path: ["metadata", "generateName"]] = nil
        pod[path: ["metadata", "name"]] = .string(name)
        pod[path: ["metadata", "labels", podNameLabel]] = .string(name)
        pod[path: ["metadata", "labels", podIndexLabel]] = .string(String(ordinal))
        pod[path: ["metadata", "labels", revisionLabel]] = .string(revision)
        pod[path: ["spec", "hostname"]] = .string(name)
        if !settings.serviceName.isEmpty { pod[path: ["spec", "subdomain"]] = .string(settings.serviceName) }
        // Claim volumes first, then the template's volumes they do not replace (Kubernetes' updateStorage).
        let claims = settings.claimTemplates.map { t -> JSONValue in
            let volume = t[path: ["metadata", "name"]] ?? ""
            return ["name": volume, "persistentVolumeClaim": ["claimName": .string(claimName(template: t, set: settings.name, ordinal: ordinal))]]
        }
        if !claims.isEmpty {
            let claimed = Set(claims.compactMap { $0["name"]?.stringValue })
            let others = (pod[path: ["spec", "volumes"]]?.arrayValue ?? []).filter { !claimed.contains($0["name"]?.stringValue ?? "") }
            pod[path: ["spec", "volumes"]] = .array(claims + others)
        }
        return pod
    }

    /// The claims `ordinal`'s pod mounts, as they are created: the template
    /// with the set's namespace, the selector's labels and owner references
    /// for the retention policy.
    static func newClaims(set: JSONValue, settings: StatefulSetSettings, ordinal: Int) -> [JSONValue] {
        let selectorLabels = set[path: ["spec", "selector", "matchLabels"]]?.objectValue ?? [:]
        return settings.claimTemplates.map { t in
            var claim: JSONValue = ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": .emptyObject, "spec": t["spec"] ?? .emptyObject]
            claim[path: ["metadata", "name"]] = .string(claimName(template: t, set: settings.name, ordinal: ordinal))
            claim[path: ["metadata", "namespace"]] = .string(settings.namespace)
            var labels = t[path: ["metadata", "labels"]]?.objectValue ?? [:]
            labels.merge(selectorLabels) { _, s in s }
            if !labels.isEmpty { claim[path: ["metadata", "labels"]] = .object(labels) }
            if let a = t[path: ["metadata", "annotations"]] { claim[path: ["metadata", "annotations"]] = a }
            let refs = ClaimRetention.ownerReferences(
                [], set: set, pod: nil, settings: settings, podInRange: true)
            if !refs.isEmpty { claim[path: ["metadata", "ownerReferences"]] = .array(refs) }
            return claim
        }
    }

    // MARK: health

    static func isTerminating(_ pod: JSONValue) -> Bool { OwnerReferences.isBeingDeleted(pod) }
    static func isFinished(_ pod: JSONValue) -> Bool { ["Failed", "Succeeded"].contains(Pods.phase(pod)) }
    static func isRunningAndReady(_ pod: JSONValue) -> Bool { Pods.phase(pod) == "Running" && Pods.isReady(pod) }

    /// Running, Ready for minReadySeconds, and not going away.
    static func isHealthy(_ pod: JSONValue, minReadySeconds: Int64, now: Date) -> Bool {
        isRunningAndReady(pod) && !isTerminating(pod) && Pods.isAvailable(pod, minReadySeconds: minReadySeconds, now: now)
    }
}
