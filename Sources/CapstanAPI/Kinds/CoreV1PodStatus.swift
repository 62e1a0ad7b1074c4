// core/v1 PodStatus and container statuses, as the node agent reports them.

public struct PodStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var phase: String?
    public var conditions: [PodCondition]?
    public var message: String?
    public var reason: String?
    public var nominatedNodeName: String?
    public var hostIP: String?
    public var hostIPs: [HostIP]?
    public var podIP: String?
    public var podIPs: [PodIP]?
    public var startTime: Time?
    public var initContainerStatuses: [ContainerStatus]?
    public var containerStatuses: [ContainerStatus]?
    public var qosClass: String?
    public var ephemeralContainerStatuses: [ContainerStatus]?
    public var resize: String?
    public var resourceClaimStatuses: [PodResourceClaimStatus]?

    public init(
        phase: String? = nil, conditions: [PodCondition]? = nil, message: String? = nil, reason: String? = nil,
        nominatedNodeName: String? = nil, hostIP: String? = nil, hostIPs: [HostIP]? = nil, podIP: String? = nil,
        podIPs: [PodIP]? = nil, startTime: Time? = nil, initContainerStatuses: [ContainerStatus]? = nil,
        containerStatuses: [ContainerStatus]? = nil, qosClass: String? = nil,
        ephemeralContainerStatuses: [ContainerStatus]? = nil, resize: String? = nil,
        resourceClaimStatuses: [PodResourceClaimStatus]? = nil
    ) {
        self.phase = phase
        self.conditions = conditions
        self.message = message
        self.reason = reason
        self.nominatedNodeName = nominatedNodeName
        self.hostIP = hostIP
        self.hostIPs = hostIPs
        self.podIP = podIP
        self.podIPs = podIPs
        self.startTime = startTime
        self.initContainerStatuses = initContainerStatuses
        self.containerStatuses = containerStatuses
        self.qosClass = qosClass
        self.ephemeralContainerStatuses = ephemeralContainerStatuses
        self.resize = resize
        self.resourceClaimStatuses = resourceClaimStatuses
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodStatus" }
}

extension PodStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a pod. May lag the real state." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "phase": FieldDoc(
                "Coarse summary of where the pod is in its lifecycle.",
                enumValues: ["Pending", "Running", "Succeeded", "Failed", "Unknown"]),
            "conditions": .mergeList(
                "type",
                "Current service state of the pod: PodScheduled, Initialized, ContainersReady, Ready, ..."),
            "message": FieldDoc("Human-readable detail on why the pod is in this state."),
            "reason": FieldDoc("Brief CamelCase reason for the state."),
            "nominatedNodeName": FieldDoc("Node where the pod may run once preemption of other pods finishes."),
            "hostIP": FieldDoc("Primary IP of the node the pod runs on."),
            "hostIPs": .mergeList("ip", "IPs of the node, at most one per family."),
            "podIP": FieldDoc("Primary IP of the pod."),
            "podIPs": .mergeList("ip", "IPs of the pod, at most one per family; the first equals podIP."),
            "startTime": FieldDoc("When the node acknowledged the pod, before images were pulled."),
            "initContainerStatuses": FieldDoc("Status of each init container."),
            "containerStatuses": FieldDoc("Status of each app container."),
            "qosClass": FieldDoc(
                "Quality-of-service class derived from the containers' requests and limits.",
                enumValues: ["Guaranteed", "Burstable", "BestEffort"]),
            "ephemeralContainerStatuses": FieldDoc("Status of each ephemeral container."),
            "resize": FieldDoc("State of an in-place resource resize."),
            "resourceClaimStatuses": FieldDoc(
                "Generated names of the pod's resource claims.",
                mergeKey: "name", patchStrategy: "merge,retainKeys", listType: "map", listMapKeys: ["name"]),
        ]
    }
}

public struct PodCondition: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String
    public var lastProbeTime: Time?
    public var lastTransitionTime: Time?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: String, lastProbeTime: Time? = nil, lastTransitionTime: Time? = nil,
        reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastProbeTime = lastProbeTime
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodCondition" }
}

extension PodCondition: SchemaDescribed {
    public static var typeDescription: String { "One aspect of a pod's state." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Kind of condition."),
            "status": FieldDoc("True, False or Unknown.", enumValues: ["True", "False", "Unknown"]),
            "lastProbeTime": FieldDoc("When the condition was last checked."),
            "lastTransitionTime": FieldDoc("When the status last changed."),
            "reason": FieldDoc("Brief CamelCase reason for the last transition."),
            "message": FieldDoc("Human-readable detail."),
        ]
    }
}

public struct HostIP: Codable, Sendable, Equatable, SchemaNamed {
    public var ip: String

    public init(ip: String) {
        self.ip = ip
    }
    public static var schemaName: String { "io.k8s.api.core.v1.HostIP" }
}

public struct PodIP: Codable, Sendable, Equatable, SchemaNamed {
    public var ip: String

    public init(ip: String) {
        self.ip = ip
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodIP" }
}

public struct ContainerStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var state: ContainerState?
    public var lastState: ContainerState?
    public var ready: Bool
    public var restartCount: Int32
    public var image: String
    public var imageID: String
    public var containerID: String?
    public var started: Bool?
    public var allocatedResources: [String: Quantity]?
    public var resources: ResourceRequirements?
    public var volumeMounts: [VolumeMountStatus]?
    public var user: ContainerUser?
    public var allocatedResourcesStatus: [ResourceStatus]?

    public init(
        name: String, state: ContainerState? = nil, lastState: ContainerState? = nil, ready: Bool,
        restartCount: Int32, image: String, imageID: String, containerID: String? = nil, started: Bool? = nil,
        allocatedResources: [String: Quantity]? = nil, resources: ResourceRequirements? = nil,
        volumeMounts: [VolumeMountStatus]? = nil, user: ContainerUser? = nil,
        allocatedResourcesStatus: [ResourceStatus]? = nil
    ) {
        self.name = name
        self.state = state
        self.lastState = lastState
        self.ready = ready
        self.restartCount = restartCount
        self.image = image
        self.imageID = imageID
        self.containerID = containerID
        self.started = started
        self.allocatedResources = allocatedResources
        self.resources = resources
        self.volumeMounts = volumeMounts
        self.user = user
        self.allocatedResourcesStatus = allocatedResourcesStatus
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerStatus" }
}

extension ContainerStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of one container." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Container name, as in the spec."),
            "state": FieldDoc("Current state."),
            "lastState": FieldDoc("State of the previous run, if any."),
            "ready": FieldDoc("Whether the container passes its readiness probe."),
            "restartCount": FieldDoc("How many times the container has restarted."),
            "image": FieldDoc("Image the container runs."),
            "imageID": FieldDoc("ID of the image, as the runtime reports it."),
            "containerID": FieldDoc("ID of the container, as <runtime>://<id>."),
            "started": FieldDoc("Whether the startup probe passed."),
            "allocatedResources": FieldDoc("Resources allocated to the container on the node."),
            "resources": FieldDoc("Requests and limits actually applied to the running container."),
            "volumeMounts": .mergeList("mountPath", "Status of the container's volume mounts."),
            "user": FieldDoc("Identity of the container's first process."),
            "allocatedResourcesStatus": .mergeList("name", "Health of resources allocated to the container."),
        ]
    }
}

public struct ContainerState: Codable, Sendable, Equatable, SchemaNamed {
    public var waiting: ContainerStateWaiting?
    public var running: ContainerStateRunning?
    public var terminated: ContainerStateTerminated?

    public init(
        waiting: ContainerStateWaiting? = nil, running: ContainerStateRunning? = nil,
        terminated: ContainerStateTerminated? = nil
    ) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerState" }
}

extension ContainerState: SchemaDescribed {
    public static var typeDescription: String { "State of a container; exactly one member is set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "waiting": FieldDoc("Not running yet."),
            "running": FieldDoc("Running."),
            "terminated": FieldDoc("Exited."),
        ]
    }
}

public struct ContainerStateWaiting: Codable, Sendable, Equatable, SchemaNamed {
    public var reason: String?
    public var message: String?

    public init(reason: String? = nil, message: String? = nil) {
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerStateWaiting" }
}

extension ContainerStateWaiting: SchemaDescribed {
    public static var typeDescription: String { "A container that is not running yet." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "reason": FieldDoc("Why it is waiting (ContainerCreating, CrashLoopBackOff, ...)."),
            "message": FieldDoc("Detail on why it is waiting."),
        ]
    }
}

public struct ContainerStateRunning: Codable, Sendable, Equatable, SchemaNamed {
    public var startedAt: Time?

    public init(startedAt: Time? = nil) {
        self.startedAt = startedAt
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerStateRunning" }
}

extension ContainerStateRunning: SchemaDescribed {
    public static var typeDescription: String { "A running container." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "startedAt": FieldDoc("When it last (re)started."),
        ]
    }
}

public struct ContainerStateTerminated: Codable, Sendable, Equatable, SchemaNamed {
    public var exitCode: Int32
    public var signal: Int32?
    public var reason: String?
    public var message: String?
    public var startedAt: Time?
    public var finishedAt: Time?
    public var containerID: String?

    public init(
        exitCode: Int32, signal: Int32? = nil, reason: String? = nil, message: String? = nil, startedAt: Time? = nil,
        finishedAt: Time? = nil, containerID: String? = nil
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.reason = reason
        self.message = message
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.containerID = containerID
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerStateTerminated" }
}

extension ContainerStateTerminated: SchemaDescribed {
    public static var typeDescription: String { "A container that exited." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "exitCode": FieldDoc("Exit status of the last termination."),
            "signal": FieldDoc("Signal that ended the container, if any."),
            "reason": FieldDoc("Why it exited (Completed, Error, OOMKilled, ...)."),
            "message": FieldDoc("Detail on the termination."),
            "startedAt": FieldDoc("When the run started."),
            "finishedAt": FieldDoc("When it exited."),
            "containerID": FieldDoc("ID of the container that exited."),
        ]
    }
}

public struct VolumeMountStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var mountPath: String
    public var readOnly: Bool?
    public var recursiveReadOnly: String?

    public init(name: String, mountPath: String, readOnly: Bool? = nil, recursiveReadOnly: String? = nil) {
        self.name = name
        self.mountPath = mountPath
        self.readOnly = readOnly
        self.recursiveReadOnly = recursiveReadOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.VolumeMountStatus" }
}

public struct ContainerUser: Codable, Sendable, Equatable, SchemaNamed {
    public var linux: LinuxContainerUser?

    public init(linux: LinuxContainerUser? = nil) {
        self.linux = linux
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerUser" }
}

public struct LinuxContainerUser: Codable, Sendable, Equatable, SchemaNamed {
    public var uid: Int64
    public var gid: Int64
    public var supplementalGroups: [Int64]?

    public init(uid: Int64, gid: Int64, supplementalGroups: [Int64]? = nil) {
        self.uid = uid
        self.gid = gid
        self.supplementalGroups = supplementalGroups
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LinuxContainerUser" }
}

public struct ResourceStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var resources: [ResourceHealth]?

    public init(name: String, resources: [ResourceHealth]? = nil) {
        self.name = name
        self.resources = resources
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceStatus" }
}

public struct ResourceHealth: Codable, Sendable, Equatable, SchemaNamed {
    public var resourceID: String
    public var health: String?

    public init(resourceID: String, health: String? = nil) {
        self.resourceID = resourceID
        self.health = health
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceHealth" }
}

public struct PodResourceClaimStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var resourceClaimName: String?

    public init(name: String, resourceClaimName: String? = nil) {
        self.name = name
        self.resourceClaimName = resourceClaimName
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodResourceClaimStatus" }
}
