// autoscaling/v1 HorizontalPodAutoscaler (a separate Swift type, with a V1 suffix) and Scale,
// the body of every scale subresource.

/// autoscaling/v1 HorizontalPodAutoscaler; v2 is `HorizontalPodAutoscaler`.
public struct HorizontalPodAutoscalerV1: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: HorizontalPodAutoscalerSpecV1?
    public var status: HorizontalPodAutoscalerStatusV1?

    public init(
        apiVersion: String? = HorizontalPodAutoscalerV1.gvk.apiVersion,
        kind: String? = HorizontalPodAutoscalerV1.gvk.kind, metadata: ObjectMeta = ObjectMeta(),
        spec: HorizontalPodAutoscalerSpecV1? = nil, status: HorizontalPodAutoscalerStatusV1? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler")
    public static var schemaName: String { "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler" }
}

extension HorizontalPodAutoscalerV1: SchemaDescribed {
    public static var typeDescription: String {
        "Scales a workload's replicas on CPU utilization (autoscaling/v1 form)."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Target workload, bounds and CPU target."),
            "status": FieldDoc("Current state."),
        ]
    }
}

public struct HorizontalPodAutoscalerV1List: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [HorizontalPodAutoscalerV1]

    public init(
        apiVersion: String? = HorizontalPodAutoscalerV1.gvk.apiVersion, kind: String? = "HorizontalPodAutoscalerList",
        metadata: ListMeta? = nil, items: [HorizontalPodAutoscalerV1]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerList" }
}

public struct HorizontalPodAutoscalerSpecV1: Codable, Sendable, Equatable, SchemaNamed {
    public var scaleTargetRef: CrossVersionObjectReference
    public var minReplicas: Int32?
    public var maxReplicas: Int32
    public var targetCPUUtilizationPercentage: Int32?

    public init(
        scaleTargetRef: CrossVersionObjectReference, minReplicas: Int32? = nil, maxReplicas: Int32,
        targetCPUUtilizationPercentage: Int32? = nil
    ) {
        self.scaleTargetRef = scaleTargetRef
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.targetCPUUtilizationPercentage = targetCPUUtilizationPercentage
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec" }
}

extension HorizontalPodAutoscalerSpecV1: SchemaDescribed {
    public static var typeDescription: String { "What a v1 autoscaler scales." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "scaleTargetRef": FieldDoc("Workload to scale."),
            "minReplicas": FieldDoc("Lower bound. Default 1."),
            "maxReplicas": FieldDoc("Upper bound."),
            "targetCPUUtilizationPercentage": FieldDoc("Target average CPU utilization, as a percentage of requests."),
        ]
    }
}

public struct HorizontalPodAutoscalerStatusV1: Codable, Sendable, Equatable, SchemaNamed {
    public var observedGeneration: Int64?
    public var lastScaleTime: Time?
    public var currentReplicas: Int32
    public var desiredReplicas: Int32
    public var currentCPUUtilizationPercentage: Int32?

    public init(
        observedGeneration: Int64? = nil, lastScaleTime: Time? = nil, currentReplicas: Int32, desiredReplicas: Int32,
        currentCPUUtilizationPercentage: Int32? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.lastScaleTime = lastScaleTime
        self.currentReplicas = currentReplicas
        self.desiredReplicas = desiredReplicas
        self.currentCPUUtilizationPercentage = currentCPUUtilizationPercentage
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus" }
}

public struct Scale: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ScaleSpec?
    public var status: ScaleStatus?

    public init(
        apiVersion: String? = Scale.gvk.apiVersion, kind: String? = Scale.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: ScaleSpec? = nil, status: ScaleStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale")
    public static var schemaName: String { "io.k8s.api.autoscaling.v1.Scale" }
}

extension Scale: SchemaDescribed {
    public static var typeDescription: String { "The replica count of a scalable object (the scale subresource)." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Desired replicas."),
            "status": FieldDoc("Current replicas."),
        ]
    }
}

public struct ScaleSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var replicas: Int32?

    public init(replicas: Int32? = nil) {
        self.replicas = replicas
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v1.ScaleSpec" }
}

extension ScaleSpec: SchemaDescribed {
    public static var typeDescription: String { "Desired scale." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "replicas": FieldDoc("Desired number of replicas."),
        ]
    }
}

public struct ScaleStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var replicas: Int32
    public var selector: String?

    public init(replicas: Int32, selector: String? = nil) {
        self.replicas = replicas
        self.selector = selector
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v1.ScaleStatus" }
}

extension ScaleStatus: SchemaDescribed {
    public static var typeDescription: String { "Current scale." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "replicas": FieldDoc("Current number of replicas."),
            "selector": FieldDoc("Label selector of the pods, in string form."),
        ]
    }
}
