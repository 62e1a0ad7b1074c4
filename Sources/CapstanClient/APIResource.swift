/// A resource's URL coordinates: group, version, plural, scope.
public struct APIResource: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var plural: String
    public var namespaced: Bool

    public init(group: String, version: String, plural: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.namespaced = namespaced
    }

    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `/api/v1/namespaces/NS/pods[/NAME[/SUB]]`; a nil namespace lists across all.
    public func path(namespace: String? = nil, name: String? = nil, subresource: String? = nil) -> String {
        var p = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { p += "/namespaces/\(namespace)" }
        p += "/\(plural)"
        if let name {
            p += "/\(name)"
            if let subresource { p += "/\(subresource)" }
        }
        return p
    }

    public static let pods = APIResource(group: "", version: "v1", plural: "pods", namespaced: true)
    public static let nodes = APIResource(group: "", version: "v1", plural: "nodes", namespaced: false)
    public static let namespaces = APIResource(group: "", version: "v1", plural: "namespaces", namespaced: false)
    public static let events = APIResource(group: "", version: "v1", plural: "events", namespaced: true)
    public static let configMaps = APIResource(group: "", version: "v1", plural: "configmaps", namespaced: true)
    public static let secrets = APIResource(group: "", version: "v1", plural: "secrets", namespaced: true)
    public static let persistentVolumeClaims = APIResource(group: "", version: "v1", plural: "persistentvolumeclaims", namespaced: true)
    public static let persistentVolumes = APIResource(group: "", version: "v1", plural: "persistentvolumes", namespaced: false)
    public static let storageClasses = APIResource(group: "storage.k8s.io", version: "v1", plural: "storageclasses", namespaced: false)
    public static let services = APIResource(group: "", version: "v1", plural: "services", namespaced: true)
    public static let endpoints = APIResource(group: "", version: "v1", plural: "endpoints", namespaced: true)
    public static let endpointSlices = APIResource(group: "discovery.k8s.io", version: "v1", plural: "endpointslices", namespaced: true)
    public static let leases = APIResource(group: "coordination.k8s.io", version: "v1", plural: "leases", namespaced: true)
    public static let priorityClasses = APIResource(group: "scheduling.k8s.io", version: "v1", plural: "priorityclasses", namespaced: false)
    public static let podDisruptionBudgets = APIResource(group: "policy", version: "v1", plural: "poddisruptionbudgets", namespaced: true)
    public static let replicaSets = APIResource(group: "apps", version: "v1", plural: "replicasets", namespaced: true)
    public static let deployments = APIResource(group: "apps", version: "v1", plural: "deployments", namespaced: true)
    public static let ingresses = APIResource(group: "networking.k8s.io", version: "v1", plural: "ingresses", namespaced: true)
    public static let ingressClasses = APIResource(group: "networking.k8s.io", version: "v1", plural: "ingressclasses", namespaced: false)
}
