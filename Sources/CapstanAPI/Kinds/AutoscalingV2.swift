// autoscaling/v2 HorizontalPodAutoscaler.

public struct HorizontalPodAutoscaler: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: HorizontalPodAutoscalerSpec?
    public var status: HorizontalPodAutoscalerStatus?

    public init(
        apiVersion: String? = HorizontalPodAutoscaler.gvk.apiVersion,
        kind: String? = HorizontalPodAutoscaler.gvk.kind, metadata: ObjectMeta = ObjectMeta(),
        spec: HorizontalPodAutoscalerSpec? = nil, status: HorizontalPodAutoscalerStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler")
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler" }
}

extension HorizontalPodAutoscaler: SchemaDescribed {
    public static var typeDescription: String { "Scales a workload's replicas to keep metrics near targets." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Target workload, bounds and metrics."),
            "status": FieldDoc("Current state."),
        ]
    }
}

public struct HorizontalPodAutoscalerList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [HorizontalPodAutoscaler]

    public init(
        apiVersion: String? = HorizontalPodAutoscaler.gvk.apiVersion, kind: String? = "HorizontalPodAutoscalerList",
        metadata: ListMeta? = nil, items: [HorizontalPodAutoscaler]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerList" }
}

public struct HorizontalPodAutoscalerSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var scaleTargetRef: CrossVersionObjectReference
    public var minReplicas: Int32?
    public var maxReplicas: Int32
    public var metrics: [MetricSpec]?
    public var behavior: HorizontalPodAutoscalerBehavior?

    public init(
        scaleTargetRef: CrossVersionObjectReference, minReplicas: Int32? = nil, maxReplicas: Int32,
        metrics: [MetricSpec]? = nil, behavior: HorizontalPodAutoscalerBehavior? = nil
    ) {
        self.scaleTargetRef = scaleTargetRef
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.metrics = metrics
        self.behavior = behavior
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec" }
}

extension HorizontalPodAutoscalerSpec: SchemaDescribed {
    public static var typeDescription: String { "What an autoscaler scales and on which metrics." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "scaleTargetRef": FieldDoc("Workload to scale (through its scale subresource)."),
            "minReplicas": FieldDoc("Lower bound. Default 1."),
            "maxReplicas": FieldDoc("Upper bound."),
            "metrics": FieldDoc("Metrics to track; the largest resulting replica count wins. Default 80% CPU."),
            "behavior": FieldDoc("Scaling speed limits for each direction."),
        ]
    }
}

/// Shared by autoscaling/v1 and v2 (same JSON); no fixed OpenAPI name, so each
/// root's prefix names it.
public struct CrossVersionObjectReference: Codable, Sendable, Equatable {
    public var kind: String
    public var name: String
    public var apiVersion: String?

    public init(kind: String, name: String, apiVersion: String? = nil) {
        self.kind = kind
        self.name = name
        self.apiVersion = apiVersion
    }
}

extension CrossVersionObjectReference: SchemaDescribed {
    public static var typeDescription: String { "Names the target of an autoscaler." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "kind": FieldDoc("Kind."),
            "name": FieldDoc("Name."),
            "apiVersion": FieldDoc("API version."),
        ]
    }
}

public struct MetricSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var object: ObjectMetricSource?
    public var pods: PodsMetricSource?
    public var resource: ResourceMetricSource?
    public var containerResource: ContainerResourceMetricSource?
    public var external: ExternalMetricSource?

    public init(
        type: String, object: ObjectMetricSource? = nil, pods: PodsMetricSource? = nil,
        resource: ResourceMetricSource? = nil, containerResource: ContainerResourceMetricSource? = nil,
        external: ExternalMetricSource? = nil
    ) {
        self.type = type
        self.object = object
        self.pods = pods
        self.resource = resource
        self.containerResource = containerResource
        self.external = external
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.MetricSpec" }
}

extension MetricSpec: SchemaDescribed {
    public static var typeDescription: String { "A metric to scale on; the member named by type is set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc(
                "Kind of metric source.",
                enumValues: ["ContainerResource", "External", "Object", "Pods", "Resource"]),
            "object": FieldDoc("A metric of another object."),
            "pods": FieldDoc("A metric averaged over the target's pods."),
            "resource": FieldDoc("A resource metric of the target's pods."),
            "containerResource": FieldDoc("A resource metric of one container."),
            "external": FieldDoc("A metric from outside the cluster."),
        ]
    }
}

public struct ObjectMetricSource: Codable, Sendable, Equatable, SchemaNamed {
    public var describedObject: CrossVersionObjectReference
    public var target: MetricTarget
    public var metric: MetricIdentifier

    public init(describedObject: CrossVersionObjectReference, target: MetricTarget, metric: MetricIdentifier) {
        self.describedObject = describedObject
        self.target = target
        self.metric = metric
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.ObjectMetricSource" }
}

public struct PodsMetricSource: Codable, Sendable, Equatable, SchemaNamed {
    public var metric: MetricIdentifier
    public var target: MetricTarget

    public init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.PodsMetricSource" }
}

public struct ResourceMetricSource: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var target: MetricTarget

    public init(name: String, target: MetricTarget) {
        self.name = name
        self.target = target
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.ResourceMetricSource" }
}

public struct ContainerResourceMetricSource: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var target: MetricTarget
    public var container: String

    public init(name: String, target: MetricTarget, container: String) {
        self.name = name
        self.target = target
        self.container = container
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.ContainerResourceMetricSource" }
}

public struct ExternalMetricSource: Codable, Sendable, Equatable, SchemaNamed {
    public var metric: MetricIdentifier
    public var target: MetricTarget

    public init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.ExternalMetricSource" }
}

public struct MetricIdentifier: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var selector: LabelSelector?

    public init(name: String, selector: LabelSelector? = nil) {
        self.name = name
        self.selector = selector
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.MetricIdentifier" }
}

public struct MetricTarget: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var value: Quantity?
    public var averageValue: Quantity?
    public var averageUtilization: Int32?

    public init(
        type: String, value: Quantity? = nil, averageValue: Quantity? = nil, averageUtilization: Int32? = nil
    ) {
        self.type = type
        self.value = value
        self.averageValue = averageValue
        self.averageUtilization = averageUtilization
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.MetricTarget" }
}

extension MetricTarget: SchemaDescribed {
    public static var typeDescription: String { "Target value of a metric." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc(
                "Which of value, averageValue or averageUtilization is set.",
                enumValues: ["Utilization", "Value", "AverageValue"]),
            "value": FieldDoc("Target value."),
            "averageValue": FieldDoc("Target value averaged over pods."),
            "averageUtilization": FieldDoc("Target percentage of the requested resource, averaged over pods."),
        ]
    }
}

public struct HorizontalPodAutoscalerBehavior: Codable, Sendable, Equatable, SchemaNamed {
    public var scaleUp: HPAScalingRules?
    public var scaleDown: HPAScalingRules?

    public init(scaleUp: HPAScalingRules? = nil, scaleDown: HPAScalingRules? = nil) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerBehavior" }
}

extension HorizontalPodAutoscalerBehavior: SchemaDescribed {
    public static var typeDescription: String { "Scaling rules per direction." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "scaleUp": FieldDoc("Rules for scaling up."),
            "scaleDown": FieldDoc("Rules for scaling down."),
        ]
    }
}

public struct HPAScalingRules: Codable, Sendable, Equatable, SchemaNamed {
    public var stabilizationWindowSeconds: Int32?
    public var selectPolicy: String?
    public var policies: [HPAScalingPolicy]?

    public init(
        stabilizationWindowSeconds: Int32? = nil, selectPolicy: String? = nil, policies: [HPAScalingPolicy]? = nil
    ) {
        self.stabilizationWindowSeconds = stabilizationWindowSeconds
        self.selectPolicy = selectPolicy
        self.policies = policies
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.HPAScalingRules" }
}

extension HPAScalingRules: SchemaDescribed {
    public static var typeDescription: String { "Rules for one scaling direction." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "stabilizationWindowSeconds": FieldDoc("Past recommendations considered, in seconds, to avoid flapping."),
            "selectPolicy": FieldDoc(
                "Which policy wins: Max, Min, or Disabled.",
                enumValues: ["Max", "Min", "Disabled"]),
            "policies": FieldDoc("Allowed changes per period."),
        ]
    }
}

public struct HPAScalingPolicy: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var value: Int32
    public var periodSeconds: Int32

    public init(type: String, value: Int32, periodSeconds: Int32) {
        self.type = type
        self.value = value
        self.periodSeconds = periodSeconds
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.HPAScalingPolicy" }
}

extension HPAScalingPolicy: SchemaDescribed {
    public static var typeDescription: String { "A limit on change within a period." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Pods or Percent.", enumValues: ["Pods", "Percent"]),
            "value": FieldDoc("Amount of change allowed."),
            "periodSeconds": FieldDoc("Length of the period."),
        ]
    }
}

public struct HorizontalPodAutoscalerStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var observedGeneration: Int64?
    public var lastScaleTime: Time?
    public var currentReplicas: Int32?
    public var desiredReplicas: Int32
    public var currentMetrics: [MetricStatus]?
    public var conditions: [HorizontalPodAutoscalerCondition]?

    public init(
        observedGeneration: Int64? = nil, lastScaleTime: Time? = nil, currentReplicas: Int32? = nil,
        desiredReplicas: Int32, currentMetrics: [MetricStatus]? = nil,
        conditions: [HorizontalPodAutoscalerCondition]? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.lastScaleTime = lastScaleTime
        self.currentReplicas = currentReplicas
        self.desiredReplicas = desiredReplicas
        self.currentMetrics = currentMetrics
        self.conditions = conditions
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus" }
}

extension HorizontalPodAutoscalerStatus: SchemaDescribed {
    public static var typeDescription: String { "Current state of an autoscaler." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "observedGeneration": FieldDoc("Generation last acted on."),
            "lastScaleTime": FieldDoc("When it last scaled."),
            "currentReplicas": FieldDoc("Current replica count of the target."),
            "desiredReplicas": FieldDoc("Replica count last computed."),
            "currentMetrics": FieldDoc("Last observed metric values."),
            "conditions": .mergeList("type", "Current conditions (AbleToScale, ScalingActive, ScalingLimited)."),
        ]
    }
}

public struct MetricStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var object: ObjectMetricStatus?
    public var pods: PodsMetricStatus?
    public var resource: ResourceMetricStatus?
    public var containerResource: ContainerResourceMetricStatus?
    public var external: ExternalMetricStatus?

    public init(
        type: String, object: ObjectMetricStatus? = nil, pods: PodsMetricStatus? = nil,
        resource: ResourceMetricStatus? = nil, containerResource: ContainerResourceMetricStatus? = nil,
        external: ExternalMetricStatus? = nil
    ) {
        self.type = type
        self.object = object
        self.pods = pods
        self.resource = resource
        self.containerResource = containerResource
        self.external = external
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.MetricStatus" }
}

extension MetricStatus: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("", enumValues: ["ContainerResource", "External", "Object", "Pods", "Resource"]),
        ]
    }
}

public struct ObjectMetricStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var metric: MetricIdentifier
    public var current: MetricValueStatus
    public var describedObject: CrossVersionObjectReference

    public init(metric: MetricIdentifier, current: MetricValueStatus, describedObject: CrossVersionObjectReference) {
        self.metric = metric
        self.current = current
        self.describedObject = describedObject
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.ObjectMetricStatus" }
}

public struct PodsMetricStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var metric: MetricIdentifier
    public var current: MetricValueStatus

    public init(metric: MetricIdentifier, current: MetricValueStatus) {
        self.metric = metric
        self.current = current
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.PodsMetricStatus" }
}

public struct ResourceMetricStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var current: MetricValueStatus

    public init(name: String, current: MetricValueStatus) {
        self.name = name
        self.current = current
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.ResourceMetricStatus" }
}

public struct ContainerResourceMetricStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var current: MetricValueStatus
    public var container: String

    public init(name: String, current: MetricValueStatus, container: String) {
        self.name = name
        self.current = current
        self.container = container
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.ContainerResourceMetricStatus" }
}

public struct ExternalMetricStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var metric: MetricIdentifier
    public var current: MetricValueStatus

    public init(metric: MetricIdentifier, current: MetricValueStatus) {
        self.metric = metric
        self.current = current
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.ExternalMetricStatus" }
}

public struct MetricValueStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var value: Quantity?
    public var averageValue: Quantity?
    public var averageUtilization: Int32?

    public init(value: Quantity? = nil, averageValue: Quantity? = nil, averageUtilization: Int32? = nil) {
        self.value = value
        self.averageValue = averageValue
        self.averageUtilization = averageUtilization
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.MetricValueStatus" }
}

public struct HorizontalPodAutoscalerCondition: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String
    public var lastTransitionTime: Time?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: String, lastTransitionTime: Time? = nil, reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerCondition" }
}

extension HorizontalPodAutoscalerCondition: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "status": FieldDoc("", enumValues: ["True", "False", "Unknown"]),
        ]
    }
}
