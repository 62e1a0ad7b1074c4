import CapstanAPI

/// Kubernetes' DefaultStorageClass admission plugin, on claim create: a
/// PersistentVolumeClaim without `spec.storageClassName` (absent, not "":
/// an empty string asks for no class) gets the cluster's default class, the
/// one annotated `storageclass.kubernetes.io/is-default-class: "true"`
/// (or the beta annotation); with several, the newest, then the first by
/// name, as Kubernetes picks. No default class leaves the claim as it is.
struct DefaultStorageClassAdmission: CreateAdmission {
    let server: APIServerCore

    static let annotations = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"]

    func handles(_ def: ResourceDefinition) -> Bool { def.kind == "PersistentVolumeClaim" && def.group.isEmpty }

    func admit(_ claim: inout JSONValue) async throws {
        guard claim["spec"] != nil, claim[path: ["spec", "storageClassName"]] == nil || claim[path: ["spec", "storageClassName"]] == .null
        else { return }
        // From the watch cache, as Kubernetes' plugin reads its lister.
        let classes = await server.cachedObjects(group: "storage.k8s.io", version: "v1", plural: "storageclasses", namespace: nil)
            .map { $0.object() }
            .filter { c in Self.annotations.contains { c[path: ["metadata", "annotations", $0]]?.stringValue == "true" } }
        let newest = classes.max { a, b in
            let ta = a[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "", tb = b[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
            if ta != tb { return ta < tb }
            return (a[path: ["metadata", "name"]]?.stringValue ?? "") > (b[path: ["metadata", "name"]]?.stringValue ?? "")
        }
        if let name = newest?[path: ["metadata", "name"]]?.stringValue {
            claim[path: ["spec", "storageClassName"]] = .string(name)
        }
    }
}
