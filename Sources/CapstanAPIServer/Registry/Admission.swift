import CapstanAPI

/// A mutating admission plugin, run on create after the body is decoded and
/// before defaulting, validation and storage (Kubernetes runs mutating
/// admission at the same point). Plugins say which kinds they handle, so the
/// request path stays free of kind checks.
protocol CreateAdmission: Sendable {
    func handles(_ def: ResourceDefinition) -> Bool
    func admit(_ object: inout JSONValue) async throws
}

/// Settings of the built-in admission plugins (flags of `capstan server`).
public struct AdmissionSettings: Sendable {
    /// DefaultTolerationSeconds: tolerationSeconds given to the
    /// node.kubernetes.io/not-ready and unreachable NoExecute tolerations
    /// added to every pod that has none for those taints.
    public var defaultNotReadyTolerationSeconds: Int64 = 300
    public var defaultUnreachableTolerationSeconds: Int64 = 300
    /// Service ClusterIP and NodePort ranges (`--service-cidr`, `--service-node-port-range`).
    public var serviceRanges = ServiceAllocator.Ranges()
    public init() {}
}

extension APIServerCore {
    /// The chain, in Kubernetes' order (Priority before DefaultTolerationSeconds, then DefaultStorageClass
    /// and DefaultIngressClass).
    var createAdmission: [any CreateAdmission] {
        [
            PodPriorityAdmission(server: self), DefaultTolerationSeconds(settings: admissionSettings),
            DefaultStorageClassAdmission(server: self), DefaultIngressClassAdmission(server: self),
            ServiceAllocationAdmission(server: self),
        ]
    }

    func admitCreate(_ def: ResourceDefinition, _ object: inout JSONValue) async throws {
        for plugin in createAdmission where plugin.handles(def) { try await plugin.admit(&object) }
    }
}

/// Kubernetes' DefaultTolerationSeconds plugin: a pod that does not already
/// tolerate the not-ready / unreachable NoExecute taints gets tolerations
/// for them with a time limit, so the node lifecycle controller's taints
/// evict it after that long instead of at once.
struct DefaultTolerationSeconds: CreateAdmission {
    let settings: AdmissionSettings

    func handles(_ def: ResourceDefinition) -> Bool { def.kind == "Pod" && def.group.isEmpty }

    func admit(_ pod: inout JSONValue) async throws {
        guard pod["spec"] != nil else { return }
        var tolerations = pod[path: ["spec", "tolerations"]]?.arrayValue ?? []
        func tolerated(_ key: String) -> Bool {
            tolerations.contains { t in
                let effect = t["effect"]?.stringValue ?? ""
                let k = t["key"]?.stringValue ?? ""
                let op = t["operator"]?.stringValue ?? "Equal"
                return (effect.isEmpty || effect == "NoExecute") && (k == key || (k.isEmpty && op == "Exists"))
            }
        }
        var added = false
        for (key, seconds) in [
            ("node.kubernetes.io/not-ready", settings.defaultNotReadyTolerationSeconds),
            ("node.kubernetes.io/unreachable", settings.defaultUnreachableTolerationSeconds),
        ] where !tolerated(key) {
            tolerations.append([
                "key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": .int(seconds),
            ])
            added = true
        }
        if added { pod[path: ["spec", "tolerations"]] = .array(tolerations) }
    }
}
