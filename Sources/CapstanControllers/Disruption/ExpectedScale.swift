import CapstanAPI
import CapstanClient

/// How many pods a budget's pods' controllers want (Kubernetes'
/// getExpectedScale): each pod's controller, found through its controller
/// reference in the informer caches, counted once. A ReplicaSet run by a
/// Deployment counts as the Deployment, so old and new ReplicaSets of one
/// rollout are not added up. (ReplicationControllers are not served by
/// Capstan, so pods they would own count as having no known controller.)
struct ExpectedScale {
    let replicaSets: ObjectCache
    let deployments: ObjectCache
    let statefulSets: ObjectCache

    struct NoController: Error, CustomStringConvertible {
        var pod: String
        var description: String { "found no controllers for pod \"\(pod)\"" }
    }

    struct Result: Equatable {
        var expected: Int
        /// Pods without a controller: they cannot be counted by scale.
        var unmanaged: [String]
    }

    func expectedCount(_ pods: [JSONValue]) throws -> Result {
        var scaleByController: [String: Int] = [:]
        var unmanaged: [String] = []
        for pod in pods {
            guard let ref = OwnerReferences.controller(of: pod) else {
                unmanaged.append(OwnerReferences.name(pod))
                continue
            }
            guard let (uid, scale) = controllerScale(ref, namespace: OwnerReferences.namespace(pod)) else {
                throw NoController(pod: OwnerReferences.name(pod))
            }
            scaleByController[uid] = scale
        }
        return Result(expected: scaleByController.values.reduce(0, +), unmanaged: unmanaged.sorted())
    }

    /// The controller's uid and spec.replicas, when it is a kind we know and
    /// the cached object is the one the reference names.
    func controllerScale(_ ref: OwnerReferences.Reference, namespace: String) -> (String, Int)? {
        let group = ResourceDiscovery.splitAPIVersion(ref.apiVersion).group
        let cache: ObjectCache
        switch (group, ref.kind) {
        case ("apps", "ReplicaSet"):
            guard let rs = replicaSets.get(namespace: namespace, name: ref.name), OwnerReferences.uid(rs) == ref.uid else { return nil }
            if let dep = OwnerReferences.controller(of: rs), dep.kind == "Deployment" {
                return controllerScale(dep, namespace: namespace)
            }
            return (ref.uid, Self.replicas(rs))
        case ("apps", "Deployment"): cache = deployments
        case ("apps", "StatefulSet"): cache = statefulSets
        default: return nil
        }
        guard let obj = cache.get(namespace: namespace, name: ref.name), OwnerReferences.uid(obj) == ref.uid else { return nil }
        return (ref.uid, Self.replicas(obj))
    }

    /// spec.replicas, 1 when unset (the API server's default for these kinds).
    static func replicas(_ obj: JSONValue) -> Int { Int(obj[path: ["spec", "replicas"]]?.intValue ?? 1) }
}
