import CapstanAPI
import Foundation

/// Identifies a pod in the snapshot: namespace, name and UID (a pod deleted
/// and re-created under the same name is a different pod).
public struct PodKey: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var name: String
    public var uid: String

    public init(namespace: String, name: String, uid: String) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }

    public init(_ pod: Pod) {
        self.init(namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "",
                  uid: pod.metadata.uid ?? "")
    }

    public var description: String { "\(namespace)/\(name)" }
}

/// Whether a pod may preempt lower-priority pods (`spec.preemptionPolicy`).
public enum PreemptionPolicy: Sendable, Equatable {
    case preemptLowerPriority
    case never
}

/// Everything the scheduler needs from a pod, computed once when the pod is
/// seen (queue entry or snapshot add) and shared read-only afterwards.
///
/// An immutable final class so the snapshot, the queue and a cycle share one
/// copy; all stored properties are `let` of Sendable types, so it is Sendable.
public final class PodInfo: Sendable {
    public let pod: Pod
    public let key: PodKey
    public var namespace: String { key.namespace }
    public let labels: [String: String]
    /// `spec.priority`, 0 when unset.
    public let priority: Int32
    /// Requests as written (init containers by the max rule, sidecars, overhead); `pods` is 1.
    public let requests: Resources
    /// As `requests`, with 100m CPU / 200Mi memory for containers that request none.
    public let nonZeroRequests: Resources
    public let hostPorts: [HostPort]
    public let requiredNodeAffinity: RequiredNodeAffinity
    public let preferredNodeAffinity: [WeightedNodeSelectorTerm]
    public let tolerations: [Toleration]
    public let requiredAffinityTerms: [AffinityTerm]
    public let requiredAntiAffinityTerms: [AffinityTerm]
    public let preferredAffinityTerms: [WeightedAffinityTerm]
    public let preferredAntiAffinityTerms: [WeightedAffinityTerm]
    /// Images of init and app containers, normalized as ImageLocality compares them.
    public let images: [String]
    /// Init plus app containers.
    public let containerCount: Int
    /// `metadata.deletionTimestamp` is set.
    public let isTerminating: Bool
    /// `status.startTime`, used to order preemption victims.
    public let startTime: Date?
    public let preemptionPolicy: PreemptionPolicy
    /// Why the pod's affinity terms do not parse, if they do not.
    public let parseError: String?

    public init(_ pod: Pod) {
        self.pod = pod
        let key = PodKey(pod)
        self.key = key
        let labels = pod.metadata.labels ?? [:]
        self.labels = labels
        let spec = pod.spec
        self.priority = spec?.priority ?? 0
        self.requests = PodRequests.compute(spec, basis: .actual)
        self.nonZeroRequests = PodRequests.compute(spec, basis: .nonZero)

        var ports: [HostPort] = []
        let sidecars = (spec?.initContainers ?? []).filter { $0.restartPolicy == "Always" }
        for c in (spec?.containers ?? []) + sidecars {
            for p in c.ports ?? [] where (p.hostPort ?? 0) > 0 {
                ports.append(HostPort(ip: p.hostIP, proto: p.protocol, port: p.hostPort!))
            }
        }
        self.hostPorts = ports

        let nodeAffinity = spec?.affinity?.nodeAffinity
        self.requiredNodeAffinity = RequiredNodeAffinity(
            nodeSelector: spec?.nodeSelector ?? [:],
            affinity: nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.map(NodeSelectorMatcher.init))
        self.preferredNodeAffinity = (nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
            .filter { $0.weight != 0 }
            .map { WeightedNodeSelectorTerm(term: NodeSelectorTermMatcher($0.preference), weight: $0.weight) }
        self.tolerations = spec?.tolerations ?? []

        var parseError: String?
        func terms(_ list: [PodAffinityTerm]?) -> [AffinityTerm] {
            (list ?? []).compactMap { t in
                do { return try AffinityTerm(t, namespace: key.namespace, labels: labels) } catch {
                    parseError = "\(error)"
                    return nil
                }
            }
        }
        func weighted(_ list: [WeightedPodAffinityTerm]?) -> [WeightedAffinityTerm] {
            (list ?? []).compactMap { w in
                terms([w.podAffinityTerm]).first.map { WeightedAffinityTerm(term: $0, weight: w.weight) }
            }
        }
        let affinity = spec?.affinity
        self.requiredAffinityTerms = terms(affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
        self.requiredAntiAffinityTerms = terms(affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
        self.preferredAffinityTerms = weighted(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
        self.preferredAntiAffinityTerms = weighted(
            affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
        self.parseError = parseError

        let containers = (spec?.initContainers ?? []) + (spec?.containers ?? [])
        self.images = containers.compactMap { $0.image.map(PodInfo.normalizedImageName) }
        self.containerCount = containers.count
        self.isTerminating = pod.metadata.deletionTimestamp != nil
        self.startTime = pod.status?.startTime?.date
        self.preemptionPolicy = spec?.preemptionPolicy == "Never" ? .never : .preemptLowerPriority
    }

    /// Has terms InterPodAffinity's score reads when another pod is scheduled:
    /// required affinity and preferred (anti-)affinity. Required
    /// anti-affinity is the filter's (`ClusterSnapshot.requiredAntiAffinityTerms`).
    public var hasScoredAffinityTerms: Bool {
        !requiredAffinityTerms.isEmpty || !preferredAffinityTerms.isEmpty || !preferredAntiAffinityTerms.isEmpty
    }

    public var hasRequiredAntiAffinity: Bool { !requiredAntiAffinityTerms.isEmpty }

    public var nodeName: String? {
        guard let n = pod.spec?.nodeName, !n.isEmpty else { return nil }
        return n
    }

    /// ImageLocality's normalization: add `:latest` when the reference has no tag.
    static func normalizedImageName(_ name: String) -> String {
        let lastColon = name.lastIndex(of: ":")
        let lastSlash = name.lastIndex(of: "/")
        switch (lastColon, lastSlash) {
        case (nil, _): return name + ":latest"
        case (let c?, let s?) where c < s: return name + ":latest"
        default: return name
        }
    }

    /// kube-scheduler's `MoreImportantPod`: higher priority first, then the
    /// earlier start time (a pod not started yet counts as the latest).
    static func isMoreImportant(_ a: PodInfo, than b: PodInfo) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        return (a.startTime ?? .distantFuture) < (b.startTime ?? .distantFuture)
    }
}
