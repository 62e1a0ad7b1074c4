// core/v1 Node: spec (taints, pod CIDRs) and the status the node agent reports.

public struct Node: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NodeSpec?
    public var status: NodeStatus?

    public init(
        apiVersion: String? = Node.gvk.apiVersion, kind: String? = Node.gvk.kind, metadata: ObjectMeta = ObjectMeta(),
        spec: NodeSpec? = nil, status: NodeStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Node")
    public static var schemaName: String { "io.k8s.api.core.v1.Node" }
}

extension Node: SchemaDescribed {
    public static var typeDescription: String { "A worker machine that runs pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("How the node is configured."),
            "status": FieldDoc("Most recently observed state of the node."),
        ]
    }
}

public struct NodeList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Node]

    public init(
        apiVersion: String? = Node.gvk.apiVersion, kind: String? = "NodeList", metadata: ListMeta? = nil,
        items: [Node]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeList" }
}

public struct NodeSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var podCIDR: String?
    public var podCIDRs: [String]?
    public var providerID: String?
    public var unschedulable: Bool?
    public var taints: [Taint]?
    public var configSource: NodeConfigSource?
    public var externalID: String?

    public init(
        podCIDR: String? = nil, podCIDRs: [String]? = nil, providerID: String? = nil, unschedulable: Bool? = nil,
        taints: [Taint]? = nil, configSource: NodeConfigSource? = nil, externalID: String? = nil
    ) {
        self.podCIDR = podCIDR
        self.podCIDRs = podCIDRs
        self.providerID = providerID
        self.unschedulable = unschedulable
        self.taints = taints
        self.configSource = configSource
        self.externalID = externalID
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeSpec" }
}

extension NodeSpec: SchemaDescribed {
    public static var typeDescription: String { "Configuration of a node." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "podCIDR": FieldDoc("Pod IP range of the node."),
            "podCIDRs": FieldDoc("Pod IP ranges, at most one per family.", patchStrategy: "merge", listType: "set"),
            "providerID": FieldDoc("ID of the machine at its cloud provider."),
            "unschedulable": FieldDoc("Keep new pods off the node (cordon)."),
            "taints": FieldDoc("Taints that repel pods without a matching toleration.", listType: "atomic"),
            "configSource": FieldDoc("Deprecated."),
            "externalID": FieldDoc("Deprecated."),
        ]
    }
}

public struct Taint: Codable, Sendable, Equatable, SchemaNamed {
    public var key: String
    public var value: String?
    public var effect: String
    public var timeAdded: Time?

    public init(key: String, value: String? = nil, effect: String, timeAdded: Time? = nil) {
        self.key = key
        self.value = value
        self.effect = effect
        self.timeAdded = timeAdded
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Taint" }
}

extension Taint: SchemaDescribed {
    public static var typeDescription: String { "Repels pods that do not tolerate it." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "key": FieldDoc("Taint key."),
            "value": FieldDoc("Taint value."),
            "effect": FieldDoc(
                "What happens to pods that do not tolerate the taint.",
                enumValues: ["NoSchedule", "PreferNoSchedule", "NoExecute"]),
            "timeAdded": FieldDoc("When a NoExecute taint was added."),
        ]
    }
}

public struct NodeConfigSource: Codable, Sendable, Equatable, SchemaNamed {
    public var configMap: ConfigMapNodeConfigSource?

    public init(configMap: ConfigMapNodeConfigSource? = nil) {
        self.configMap = configMap
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeConfigSource" }
}

public struct ConfigMapNodeConfigSource: Codable, Sendable, Equatable, SchemaNamed {
    public var namespace: String
    public var name: String
    public var uid: String?
    public var resourceVersion: String?
    public var kubeletConfigKey: String

    public init(
        namespace: String, name: String, uid: String? = nil, resourceVersion: String? = nil, kubeletConfigKey: String
    ) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.kubeletConfigKey = kubeletConfigKey
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ConfigMapNodeConfigSource" }
}

public struct NodeStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var capacity: [String: Quantity]?
    public var allocatable: [String: Quantity]?
    public var phase: String?
    public var conditions: [NodeCondition]?
    public var addresses: [NodeAddress]?
    public var daemonEndpoints: NodeDaemonEndpoints?
    public var nodeInfo: NodeSystemInfo?
    public var images: [ContainerImage]?
    public var volumesInUse: [String]?
    public var volumesAttached: [AttachedVolume]?
    public var config: NodeConfigStatus?
    public var runtimeHandlers: [NodeRuntimeHandler]?
    public var features: NodeFeatures?

    public init(
        capacity: [String: Quantity]? = nil, allocatable: [String: Quantity]? = nil, phase: String? = nil,
        conditions: [NodeCondition]? = nil, addresses: [NodeAddress]? = nil,
        daemonEndpoints: NodeDaemonEndpoints? = nil, nodeInfo: NodeSystemInfo? = nil, images: [ContainerImage]? = nil,
        volumesInUse: [String]? = nil, volumesAttached: [AttachedVolume]? = nil, config: NodeConfigStatus? = nil,
        runtimeHandlers: [NodeRuntimeHandler]? = nil, features: NodeFeatures? = nil
    ) {
        self.capacity = capacity
        self.allocatable = allocatable
        self.phase = phase
        self.conditions = conditions
        self.addresses = addresses
        self.daemonEndpoints = daemonEndpoints
        self.nodeInfo = nodeInfo
        self.images = images
        self.volumesInUse = volumesInUse
        self.volumesAttached = volumesAttached
        self.config = config
        self.runtimeHandlers = runtimeHandlers
        self.features = features
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeStatus" }
}

extension NodeStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a node." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "capacity": FieldDoc("Total resources of the node."),
            "allocatable": FieldDoc("Resources available to pods. Default capacity."),
            "phase": FieldDoc("Deprecated.", enumValues: ["Pending", "Running", "Terminated"]),
            "conditions": .mergeList(
                "type",
                "Current conditions: Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable."),
            "addresses": .mergeList("type", "Addresses of the node."),
            "daemonEndpoints": FieldDoc("Endpoints of daemons on the node, such as the kubelet."),
            "nodeInfo": FieldDoc("Versions and identifiers of the node."),
            "images": FieldDoc("Container images on the node."),
            "volumesInUse": FieldDoc("Volumes attached and mounted on the node."),
            "volumesAttached": FieldDoc("Volumes attached to the node."),
            "runtimeHandlers": FieldDoc("Runtime handlers the node offers."),
            "features": FieldDoc("Features the node supports."),
        ]
    }
}

public struct NodeCondition: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String
    public var lastHeartbeatTime: Time?
    public var lastTransitionTime: Time?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: String, lastHeartbeatTime: Time? = nil, lastTransitionTime: Time? = nil,
        reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastHeartbeatTime = lastHeartbeatTime
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeCondition" }
}

extension NodeCondition: SchemaDescribed {
    public static var typeDescription: String { "One aspect of a node's state." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Kind of condition."),
            "status": FieldDoc("True, False or Unknown.", enumValues: ["True", "False", "Unknown"]),
            "lastHeartbeatTime": FieldDoc("When the condition was last reported."),
            "lastTransitionTime": FieldDoc("When the status last changed."),
            "reason": FieldDoc("Brief CamelCase reason."),
            "message": FieldDoc("Human-readable detail."),
        ]
    }
}

public struct NodeAddress: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var address: String

    public init(type: String, address: String) {
        self.type = type
        self.address = address
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeAddress" }
}

extension NodeAddress: SchemaDescribed {
    public static var typeDescription: String { "An address of a node." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc(
                "Kind of address.",
                enumValues: ["Hostname", "InternalIP", "ExternalIP", "InternalDNS", "ExternalDNS"]),
            "address": FieldDoc("The address."),
        ]
    }
}

public struct NodeDaemonEndpoints: Codable, Sendable, Equatable, SchemaNamed {
    public var kubeletEndpoint: DaemonEndpoint?

    public init(kubeletEndpoint: DaemonEndpoint? = nil) {
        self.kubeletEndpoint = kubeletEndpoint
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeDaemonEndpoints" }
}

extension NodeDaemonEndpoints: SchemaDescribed {
    public static var typeDescription: String { "Ports of daemons on a node." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "kubeletEndpoint": FieldDoc("Port of the kubelet."),
        ]
    }
}

public struct DaemonEndpoint: Codable, Sendable, Equatable, SchemaNamed {
    public var Port: Int32

    public init(Port: Int32) {
        self.Port = Port
    }
    public static var schemaName: String { "io.k8s.api.core.v1.DaemonEndpoint" }
}

extension DaemonEndpoint: SchemaDescribed {
    public static var typeDescription: String { "A daemon's port." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "Port": FieldDoc("Port number."),
        ]
    }
}

public struct NodeSystemInfo: Codable, Sendable, Equatable, SchemaNamed {
    public var machineID: String
    public var systemUUID: String
    public var bootID: String
    public var kernelVersion: String
    public var osImage: String
    public var containerRuntimeVersion: String
    public var kubeletVersion: String
    public var kubeProxyVersion: String
    public var operatingSystem: String
    public var architecture: String

    public init(
        machineID: String, systemUUID: String, bootID: String, kernelVersion: String, osImage: String,
        containerRuntimeVersion: String, kubeletVersion: String, kubeProxyVersion: String, operatingSystem: String,
        architecture: String
    ) {
        self.machineID = machineID
        self.systemUUID = systemUUID
        self.bootID = bootID
        self.kernelVersion = kernelVersion
        self.osImage = osImage
        self.containerRuntimeVersion = containerRuntimeVersion
        self.kubeletVersion = kubeletVersion
        self.kubeProxyVersion = kubeProxyVersion
        self.operatingSystem = operatingSystem
        self.architecture = architecture
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeSystemInfo" }
}

extension NodeSystemInfo: SchemaDescribed {
    public static var typeDescription: String { "Identifiers and versions of a node." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "machineID": FieldDoc("machine-id of the node."),
            "systemUUID": FieldDoc("Hardware UUID."),
            "bootID": FieldDoc("ID of the current boot."),
            "kernelVersion": FieldDoc("Kernel version (uname -r)."),
            "osImage": FieldDoc("OS image (from /etc/os-release)."),
            "containerRuntimeVersion": FieldDoc("Container runtime, as <name>://<version>."),
            "kubeletVersion": FieldDoc("Node agent version."),
            "kubeProxyVersion": FieldDoc("Deprecated."),
            "operatingSystem": FieldDoc("Operating system."),
            "architecture": FieldDoc("CPU architecture."),
        ]
    }
}

public struct ContainerImage: Codable, Sendable, Equatable, SchemaNamed {
    public var names: [String]?
    public var sizeBytes: Int64?

    public init(names: [String]? = nil, sizeBytes: Int64? = nil) {
        self.names = names
        self.sizeBytes = sizeBytes
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerImage" }
}

extension ContainerImage: SchemaDescribed {
    public static var typeDescription: String { "A container image on a node." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "names": FieldDoc("Names and digests of the image."),
            "sizeBytes": FieldDoc("Size in bytes."),
        ]
    }
}

public struct AttachedVolume: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var devicePath: String

    public init(name: String, devicePath: String) {
        self.name = name
        self.devicePath = devicePath
    }
    public static var schemaName: String { "io.k8s.api.core.v1.AttachedVolume" }
}

public struct NodeConfigStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var assigned: NodeConfigSource?
    public var active: NodeConfigSource?
    public var lastKnownGood: NodeConfigSource?
    public var error: String?

    public init(
        assigned: NodeConfigSource? = nil, active: NodeConfigSource? = nil, lastKnownGood: NodeConfigSource? = nil,
        error: String? = nil
    ) {
        self.assigned = assigned
        self.active = active
        self.lastKnownGood = lastKnownGood
        self.error = error
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeConfigStatus" }
}

public struct NodeRuntimeHandler: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var features: NodeRuntimeHandlerFeatures?

    public init(name: String, features: NodeRuntimeHandlerFeatures? = nil) {
        self.name = name
        self.features = features
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeRuntimeHandler" }
}

public struct NodeRuntimeHandlerFeatures: Codable, Sendable, Equatable, SchemaNamed {
    public var recursiveReadOnlyMounts: Bool?
    public var userNamespaces: Bool?

    public init(recursiveReadOnlyMounts: Bool? = nil, userNamespaces: Bool? = nil) {
        self.recursiveReadOnlyMounts = recursiveReadOnlyMounts
        self.userNamespaces = userNamespaces
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeRuntimeHandlerFeatures" }
}

public struct NodeFeatures: Codable, Sendable, Equatable, SchemaNamed {
    public var supplementalGroupsPolicy: Bool?

    public init(supplementalGroupsPolicy: Bool? = nil) {
        self.supplementalGroupsPolicy = supplementalGroupsPolicy
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NodeFeatures" }
}
