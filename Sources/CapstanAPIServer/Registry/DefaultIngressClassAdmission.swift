import CapstanAPI

/// Kubernetes' DefaultIngressClass admission plugin, on Ingress create: an
/// Ingress with neither `spec.ingressClassName` nor the legacy
/// `kubernetes.io/ingress.class` annotation gets the cluster's default
/// class, the one annotated `ingressclass.kubernetes.io/is-default-class:
/// "true"` (with several, the newest, then the first by name, as Kubernetes
/// picks). No default class leaves the Ingress as it is.
struct DefaultIngressClassAdmission: CreateAdmission {
    let server: APIServerCore

    static let annotation = "ingressclass.kubernetes.io/is-default-class"
    static let legacyAnnotation = "kubernetes.io/ingress.class"

    func handles(_ def: ResourceDefinition) -> Bool { def.kind == "Ingress" && def.group == "networking.k8s.io" }

    func admit(_ ingress: inout JSONValue) async throws {
        let named = ingress[path: ["spec", "ingressClassName"]]
        guard named == nil || named == .null, ingress[path: ["metadata", "annotations", Self.legacyAnnotation]] == nil else { return }
        // From the watch cache, as Kubernetes' plugin reads its lister.
        let classes = await server.cachedObjects(group: "networking.k8s.io", version: "v1", plural: "ingressclasses", namespace: nil)
            .map { $0.object() }
            .filter { $0[path: ["metadata", "annotations", Self.annotation]]?.stringValue == "true" }
        let newest = classes.max { a, b in
            let ta = a[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "", tb = b[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""
            if ta != tb { return ta < tb }
            return (a[path: ["metadata", "name"]]?.stringValue ?? "") > (b[path: ["metadata", "name"]]?.stringValue ?? "")
        }
        if let name = newest?[path: ["metadata", "name"]]?.stringValue {
            ingress[path: ["spec", "ingressClassName"]] = .string(name)
        }
    }
}
