import CapstanAPI

/// The built-in kinds: URL names, scope, short names, subresources and
/// per-kind behaviour, as Kubernetes 1.32 serves them.
public enum BuiltinResources {
    struct Entry {
        var type: any KubeObject.Type
        var plural: String
        var namespaced: Bool
        var shortNames: [String] = []
        var categories: [String] = []
        var subresources: [ResourceDefinition.Subresource] = []
        var tracksGeneration = false
    }

    static let entries: [Entry] = [
        Entry(type: Pod.self, plural: "pods", namespaced: true, shortNames: ["po"], categories: ["all"], subresources: [.status, .binding, .eviction, .log, .exec, .attach, .portforward]),
        Entry(type: Service.self, plural: "services", namespaced: true, shortNames: ["svc"], categories: ["all"], subresources: [.status, .proxy]),
        Entry(type: Namespace.self, plural: "namespaces", namespaced: false, shortNames: ["ns"], subresources: [.status, .finalize]),
        Entry(type: Node.self, plural: "nodes", namespaced: false, shortNames: ["no"], subresources: [.status, .proxy]),
        Entry(type: ConfigMap.self, plural: "configmaps", namespaced: true, shortNames: ["cm"]),
        Entry(type: Secret.self, plural: "secrets", namespaced: true),
        Entry(type: Endpoints.self, plural: "endpoints", namespaced: true, shortNames: ["ep"]),
        Entry(type: Event.self, plural: "events", namespaced: true, shortNames: ["ev"]),
        Entry(type: ServiceAccount.self, plural: "serviceaccounts", namespaced: true, shortNames: ["sa"], subresources: [.token]),
        Entry(type: PersistentVolume.self, plural: "persistentvolumes", namespaced: false, shortNames: ["pv"], subresources: [.status]),
        Entry(type: PersistentVolumeClaim.self, plural: "persistentvolumeclaims", namespaced: true, shortNames: ["pvc"], subresources: [.status]),
        Entry(type: Deployment.self, plural: "deployments", namespaced: true, shortNames: ["deploy"], categories: ["all"], subresources: [.status, .scale], tracksGeneration: true),
        Entry(type: ReplicaSet.self, plural: "replicasets", namespaced: true, shortNames: ["rs"], categories: ["all"], subresources: [.status, .scale], tracksGeneration: true),
        Entry(type: StatefulSet.self, plural: "statefulsets", namespaced: true, shortNames: ["sts"], categories: ["all"], subresources: [.status, .scale], tracksGeneration: true),
        Entry(type: DaemonSet.self, plural: "daemonsets", namespaced: true, shortNames: ["ds"], categories: ["all"], subresources: [.status], tracksGeneration: true),
        Entry(type: ControllerRevision.self, plural: "controllerrevisions", namespaced: true),
        Entry(type: Job.self, plural: "jobs", namespaced: true, categories: ["all"], subresources: [.status], tracksGeneration: true),
        Entry(type: CronJob.self, plural: "cronjobs", namespaced: true, shortNames: ["cj"], categories: ["all"], subresources: [.status], tracksGeneration: true),
        Entry(type: HorizontalPodAutoscaler.self, plural: "horizontalpodautoscalers", namespaced: true, shortNames: ["hpa"], categories: ["all"], subresources: [.status], tracksGeneration: true),
        Entry(type: Ingress.self, plural: "ingresses", namespaced: true, shortNames: ["ing"], subresources: [.status], tracksGeneration: true),
        Entry(type: IngressClass.self, plural: "ingressclasses", namespaced: false, tracksGeneration: true),
        Entry(type: EndpointSlice.self, plural: "endpointslices", namespaced: true),
        Entry(type: Lease.self, plural: "leases", namespaced: true),
        Entry(type: StorageClass.self, plural: "storageclasses", namespaced: false, shortNames: ["sc"]),
        Entry(type: Role.self, plural: "roles", namespaced: true),
        Entry(type: ClusterRole.self, plural: "clusterroles", namespaced: false),
        Entry(type: RoleBinding.self, plural: "rolebindings", namespaced: true),
        Entry(type: ClusterRoleBinding.self, plural: "clusterrolebindings", namespaced: false),
        Entry(type: CustomResourceDefinition.self, plural: "customresourcedefinitions", namespaced: false, shortNames: ["crd", "crds"], categories: ["api-extensions"], subresources: [.status], tracksGeneration: true),
        Entry(type: PriorityClass.self, plural: "priorityclasses", namespaced: false, shortNames: ["pc"], tracksGeneration: true),
        // Served for kubectl autoscale, which posts autoscaling/v1; stored as v2.
        Entry(type: HorizontalPodAutoscalerV1.self, plural: "horizontalpodautoscalers", namespaced: true, shortNames: ["hpa"], categories: ["all"], subresources: [.status], tracksGeneration: true),
        Entry(type: PodDisruptionBudget.self, plural: "poddisruptionbudgets", namespaced: true, shortNames: ["pdb"], subresources: [.status], tracksGeneration: true),
    ]

    /// Kubernetes' OpenAPI name prefix per group (`io.k8s.api.apps.v1.`).
    static func schemaPrefix(group: String, version: String) -> String {
        switch group {
        case "": return "io.k8s.api.core.\(version)."
        case "apiextensions.k8s.io": return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.\(version)."
        default:
            let short = group.replacingOccurrences(of: ".k8s.io", with: "").replacingOccurrences(of: ".", with: "")
            return "io.k8s.api.\(short).\(version)."
        }
    }

    public static func definitions() -> [ResourceDefinition] {
        entries.map { e in
            let gvk = e.type.gvk
            let schema = reflect(e.type, prefix: schemaPrefix(group: gvk.group, version: gvk.version)).annotated(gvk: gvk)
            var d = ResourceDefinition(
                group: gvk.group, version: gvk.version, kind: gvk.kind, plural: e.plural, namespaced: e.namespaced,
                schema: schema)
            d.shortNames = e.shortNames
            d.categories = e.categories
            d.subresources = e.subresources
            d.tracksGeneration = e.tracksGeneration
            d.table = BuiltinTables.table(for: gvk.kind)
            d.strategy = BuiltinStrategies.strategy(for: gvk.kind)
            if gvk == HorizontalPodAutoscalerV1.gvk { d.conversion = HPAConversion.v1 }
            if gvk.kind == "Event" || gvk.kind == "Lease" || gvk.kind == "EndpointSlice" {
                d.verbs = ResourceDefinition.allVerbs
            }
            return d
        }
    }

    private static func reflect<T: KubeObject>(_ t: T.Type, prefix: String) -> Schema {
        SchemaReflector.schema(for: t, namePrefix: prefix)
    }
}
