// core/v1 Container and what it refers to: ports, environment, resources, mounts.

public struct Container: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var image: String?
    public var command: [String]?
    public var args: [String]?
    public var workingDir: String?
    public var ports: [ContainerPort]?
    public var envFrom: [EnvFromSource]?
    public var env: [EnvVar]?
    public var resources: ResourceRequirements?
    public var resizePolicy: [ContainerResizePolicy]?
    public var restartPolicy: String?
    public var volumeMounts: [VolumeMount]?
    public var volumeDevices: [VolumeDevice]?
    public var livenessProbe: Probe?
    public var readinessProbe: Probe?
    public var startupProbe: Probe?
    public var lifecycle: Lifecycle?
    public var terminationMessagePath: String?
    public var terminationMessagePolicy: String?
    public var imagePullPolicy: String?
    public var securityContext: SecurityContext?
    public var stdin: Bool?
    public var stdinOnce: Bool?
    public var tty: Bool?

    public init(
        name: String, image: String? = nil, command: [String]? = nil, args: [String]? = nil,
        workingDir: String? = nil, ports: [ContainerPort]? = nil, envFrom: [EnvFromSource]? = nil,
        env: [EnvVar]? = nil, resources: ResourceRequirements? = nil, resizePolicy: [ContainerResizePolicy]? = nil,
        restartPolicy: String? = nil, volumeMounts: [VolumeMount]? = nil, volumeDevices: [VolumeDevice]? = nil,
        livenessProbe: Probe? = nil, readinessProbe: Probe? = nil, startupProbe: Probe? = nil,
        lifecycle: Lifecycle? = nil, terminationMessagePath: String? = nil, terminationMessagePolicy: String? = nil,
        imagePullPolicy: String? = nil, securityContext: SecurityContext? = nil, stdin: Bool? = nil,
        stdinOnce: Bool? = nil, tty: Bool? = nil
    ) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.workingDir = workingDir
        self.ports = ports
        self.envFrom = envFrom
        self.env = env
        self.resources = resources
        self.resizePolicy = resizePolicy
        self.restartPolicy = restartPolicy
        self.volumeMounts = volumeMounts
        self.volumeDevices = volumeDevices
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.lifecycle = lifecycle
        self.terminationMessagePath = terminationMessagePath
        self.terminationMessagePolicy = terminationMessagePolicy
        self.imagePullPolicy = imagePullPolicy
        self.securityContext = securityContext
        self.stdin = stdin
        self.stdinOnce = stdinOnce
        self.tty = tty
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Container" }
}

extension Container: SchemaDescribed {
    public static var typeDescription: String { "A single container of a pod." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name unique within the pod (DNS label). Cannot be updated."),
            "image": FieldDoc("Container image reference."),
            "command": FieldDoc(
                "Entrypoint, not run in a shell; replaces the image's ENTRYPOINT. $(VAR) references are expanded."),
            "args": FieldDoc("Arguments to the entrypoint. Replaces the image's CMD. $(VAR) references are expanded."),
            "workingDir": FieldDoc("Working directory. Defaults to the image's."),
            "ports": FieldDoc(
                "Ports the container exposes. Informational, except that they can be referred to by name.",
                mergeKey: "containerPort", patchStrategy: "merge", listType: "map",
                listMapKeys: ["containerPort", "protocol"]),
            "envFrom": FieldDoc(
                "Sources whose keys all become environment variables. Later sources win; env wins over all."),
            "env": .mergeList("name", "Environment variables to set."),
            "resources": FieldDoc("Compute resources the container requests and is limited to."),
            "resizePolicy": FieldDoc("How each resource may be resized in place.", listType: "atomic"),
            "restartPolicy": FieldDoc(
                "Only for init containers: Always makes it a sidecar that keeps running beside the app containers.",
                enumValues: ["Always"]),
            "volumeMounts": .mergeList("mountPath", "Pod volumes mounted into the container's filesystem."),
            "volumeDevices": .mergeList("devicePath", "Block devices the container uses."),
            "livenessProbe": FieldDoc("Probe whose failure restarts the container."),
            "readinessProbe": FieldDoc("Probe whose failure removes the pod from service endpoints."),
            "startupProbe": FieldDoc("Probe that must succeed before the other probes start."),
            "lifecycle": FieldDoc("Actions run after the container starts and before it stops."),
            "terminationMessagePath": FieldDoc(
                "File whose content becomes the termination message. Default /dev/termination-log."),
            "terminationMessagePolicy": FieldDoc(
                "Where the termination message comes from: File, or FallbackToLogsOnError.",
                enumValues: ["File", "FallbackToLogsOnError"]),
            "imagePullPolicy": FieldDoc(
                "When to pull the image. Default Always for :latest or no tag, else IfNotPresent.",
                enumValues: ["Always", "Never", "IfNotPresent"]),
            "securityContext": FieldDoc("Security settings for this container; override the pod's."),
            "stdin": FieldDoc("Keep a stdin buffer open for the container."),
            "stdinOnce": FieldDoc("Close stdin after the first attach session ends."),
            "tty": FieldDoc("Allocate a TTY; needs stdin."),
        ]
    }
}

/// Same fields as Container (Kubernetes inlines EphemeralContainerCommon) plus the target.
public struct EphemeralContainer: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var image: String?
    public var command: [String]?
    public var args: [String]?
    public var workingDir: String?
    public var ports: [ContainerPort]?
    public var envFrom: [EnvFromSource]?
    public var env: [EnvVar]?
    public var resources: ResourceRequirements?
    public var resizePolicy: [ContainerResizePolicy]?
    public var restartPolicy: String?
    public var volumeMounts: [VolumeMount]?
    public var volumeDevices: [VolumeDevice]?
    public var livenessProbe: Probe?
    public var readinessProbe: Probe?
    public var startupProbe: Probe?
    public var lifecycle: Lifecycle?
    public var terminationMessagePath: String?
    public var terminationMessagePolicy: String?
    public var imagePullPolicy: String?
    public var securityContext: SecurityContext?
    public var stdin: Bool?
    public var stdinOnce: Bool?
    public var tty: Bool?
    public var targetContainerName: String?

    public init(
        name: String, image: String? = nil, command: [String]? = nil, args: [String]? = nil,
        workingDir: String? = nil, ports: [ContainerPort]? = nil, envFrom: [EnvFromSource]? = nil,
        env: [EnvVar]? = nil, resources: ResourceRequirements? = nil, resizePolicy: [ContainerResizePolicy]? = nil,
        restartPolicy: String? = nil, volumeMounts: [VolumeMount]? = nil, volumeDevices: [VolumeDevice]? = nil,
        livenessProbe: Probe? = nil, readinessProbe: Probe? = nil, startupProbe: Probe? = nil,
        lifecycle: Lifecycle? = nil, terminationMessagePath: String? = nil, terminationMessagePolicy: String? = nil,
        imagePullPolicy: String? = nil, securityContext: SecurityContext? = nil, stdin: Bool? = nil,
        stdinOnce: Bool? = nil, tty: Bool? = nil, targetContainerName: String? = nil
    ) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.workingDir = workingDir
        self.ports = ports
        self.envFrom = envFrom
        self.env = env
        self.resources = resources
        self.resizePolicy = resizePolicy
        self.restartPolicy = restartPolicy
        self.volumeMounts = volumeMounts
        self.volumeDevices = volumeDevices
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.lifecycle = lifecycle
        self.terminationMessagePath = terminationMessagePath
        self.terminationMessagePolicy = terminationMessagePolicy
        self.imagePullPolicy = imagePullPolicy
        self.securityContext = securityContext
        self.stdin = stdin
        self.stdinOnce = stdinOnce
        self.tty = tty
        self.targetContainerName = targetContainerName
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EphemeralContainer" }
}

extension EphemeralContainer: SchemaDescribed {
    public static var typeDescription: String { "A temporary container added to a running pod for debugging." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name unique within the pod (DNS label). Cannot be updated."),
            "image": FieldDoc("Container image reference."),
            "command": FieldDoc(
                "Entrypoint, not run in a shell; replaces the image's ENTRYPOINT. $(VAR) references are expanded."),
            "args": FieldDoc("Arguments to the entrypoint. Replaces the image's CMD. $(VAR) references are expanded."),
            "workingDir": FieldDoc("Working directory. Defaults to the image's."),
            "ports": FieldDoc(
                "Ports the container exposes. Informational, except that they can be referred to by name.",
                mergeKey: "containerPort", patchStrategy: "merge", listType: "map",
                listMapKeys: ["containerPort", "protocol"]),
            "envFrom": FieldDoc(
                "Sources whose keys all become environment variables. Later sources win; env wins over all."),
            "env": .mergeList("name", "Environment variables to set."),
            "resources": FieldDoc("Compute resources the container requests and is limited to."),
            "resizePolicy": FieldDoc("How each resource may be resized in place.", listType: "atomic"),
            "restartPolicy": FieldDoc(
                "Only for init containers: Always makes it a sidecar that keeps running beside the app containers.",
                enumValues: ["Always"]),
            "volumeMounts": .mergeList("mountPath", "Pod volumes mounted into the container's filesystem."),
            "volumeDevices": .mergeList("devicePath", "Block devices the container uses."),
            "livenessProbe": FieldDoc("Probe whose failure restarts the container."),
            "readinessProbe": FieldDoc("Probe whose failure removes the pod from service endpoints."),
            "startupProbe": FieldDoc("Probe that must succeed before the other probes start."),
            "lifecycle": FieldDoc("Actions run after the container starts and before it stops."),
            "terminationMessagePath": FieldDoc(
                "File whose content becomes the termination message. Default /dev/termination-log."),
            "terminationMessagePolicy": FieldDoc(
                "Where the termination message comes from: File, or FallbackToLogsOnError.",
                enumValues: ["File", "FallbackToLogsOnError"]),
            "imagePullPolicy": FieldDoc(
                "When to pull the image. Default Always for :latest or no tag, else IfNotPresent.",
                enumValues: ["Always", "Never", "IfNotPresent"]),
            "securityContext": FieldDoc("Security settings for this container; override the pod's."),
            "stdin": FieldDoc("Keep a stdin buffer open for the container."),
            "stdinOnce": FieldDoc("Close stdin after the first attach session ends."),
            "tty": FieldDoc("Allocate a TTY; needs stdin."),
            "targetContainerName": FieldDoc(
                "Container whose namespaces (process, IPC, ...) the ephemeral container joins."),
        ]
    }
}

public struct ContainerPort: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var hostPort: Int32?
    public var containerPort: Int32
    public var `protocol`: String?
    public var hostIP: String?

    public init(
        name: String? = nil, hostPort: Int32? = nil, containerPort: Int32, protocol: String? = nil,
        hostIP: String? = nil
    ) {
        self.name = name
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.protocol = `protocol`
        self.hostIP = hostIP
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerPort" }
}

extension ContainerPort: SchemaDescribed {
    public static var typeDescription: String { "A network port of a container." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("IANA service name, unique in the pod; services may refer to it."),
            "hostPort": FieldDoc("Port opened on the node for this container port."),
            "containerPort": FieldDoc("Port number on the pod's IP."),
            "protocol": FieldDoc("Protocol. Default TCP.", enumValues: ["TCP", "UDP", "SCTP"]),
            "hostIP": FieldDoc("Node IP to bind the host port to."),
        ]
    }
}

public struct EnvVar: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var value: String?
    public var valueFrom: EnvVarSource?

    public init(name: String, value: String? = nil, valueFrom: EnvVarSource? = nil) {
        self.name = name
        self.value = value
        self.valueFrom = valueFrom
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EnvVar" }
}

extension EnvVar: SchemaDescribed {
    public static var typeDescription: String { "An environment variable." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Variable name."),
            "value": FieldDoc("Value; $(VAR) references to earlier variables are expanded."),
            "valueFrom": FieldDoc("Where to read the value from, instead of value."),
        ]
    }
}

public struct EnvVarSource: Codable, Sendable, Equatable, SchemaNamed {
    public var fieldRef: ObjectFieldSelector?
    public var resourceFieldRef: ResourceFieldSelector?
    public var configMapKeyRef: ConfigMapKeySelector?
    public var secretKeyRef: SecretKeySelector?

    public init(
        fieldRef: ObjectFieldSelector? = nil, resourceFieldRef: ResourceFieldSelector? = nil,
        configMapKeyRef: ConfigMapKeySelector? = nil, secretKeyRef: SecretKeySelector? = nil
    ) {
        self.fieldRef = fieldRef
        self.resourceFieldRef = resourceFieldRef
        self.configMapKeyRef = configMapKeyRef
        self.secretKeyRef = secretKeyRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EnvVarSource" }
}

extension EnvVarSource: SchemaDescribed {
    public static var typeDescription: String {
        "Source of an environment variable's value; exactly one member is set."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "fieldRef": FieldDoc("A field of the pod (metadata.name, status.podIP, ...)."),
            "resourceFieldRef": FieldDoc("A resource limit or request of a container."),
            "configMapKeyRef": FieldDoc("A key of a ConfigMap."),
            "secretKeyRef": FieldDoc("A key of a Secret."),
        ]
    }
}

public struct ObjectFieldSelector: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var fieldPath: String

    public init(apiVersion: String? = nil, fieldPath: String) {
        self.apiVersion = apiVersion
        self.fieldPath = fieldPath
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ObjectFieldSelector" }
}

extension ObjectFieldSelector: SchemaDescribed {
    public static var typeDescription: String { "Selects a field of the object." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "apiVersion": FieldDoc("Version the fieldPath is written in. Default v1."),
            "fieldPath": FieldDoc("Path of the field."),
        ]
    }
}

public struct ResourceFieldSelector: Codable, Sendable, Equatable, SchemaNamed {
    public var containerName: String?
    public var resource: String
    public var divisor: Quantity?

    public init(containerName: String? = nil, resource: String, divisor: Quantity? = nil) {
        self.containerName = containerName
        self.resource = resource
        self.divisor = divisor
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceFieldSelector" }
}

extension ResourceFieldSelector: SchemaDescribed {
    public static var typeDescription: String { "Selects a container's resource value." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "containerName": FieldDoc("Container; required for volumes."),
            "resource": FieldDoc("Resource to read (limits.cpu, requests.memory, ...)."),
            "divisor": FieldDoc("Unit the value is divided by. Default 1."),
        ]
    }
}

public struct ConfigMapKeySelector: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var key: String
    public var optional: Bool?

    public init(name: String? = nil, key: String, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ConfigMapKeySelector" }
}

extension ConfigMapKeySelector: SchemaDescribed {
    public static var typeDescription: String { "Selects a key of a ConfigMap." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("ConfigMap name."),
            "key": FieldDoc("Key to read."),
            "optional": FieldDoc("Do not fail if the ConfigMap or key is missing."),
        ]
    }
}

public struct SecretKeySelector: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var key: String
    public var optional: Bool?

    public init(name: String? = nil, key: String, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SecretKeySelector" }
}

extension SecretKeySelector: SchemaDescribed {
    public static var typeDescription: String { "Selects a key of a Secret." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Secret name."),
            "key": FieldDoc("Key to read."),
            "optional": FieldDoc("Do not fail if the Secret or key is missing."),
        ]
    }
}

public struct EnvFromSource: Codable, Sendable, Equatable, SchemaNamed {
    public var prefix: String?
    public var configMapRef: ConfigMapEnvSource?
    public var secretRef: SecretEnvSource?

    public init(prefix: String? = nil, configMapRef: ConfigMapEnvSource? = nil, secretRef: SecretEnvSource? = nil) {
        self.prefix = prefix
        self.configMapRef = configMapRef
        self.secretRef = secretRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EnvFromSource" }
}

extension EnvFromSource: SchemaDescribed {
    public static var typeDescription: String { "A source of environment variables." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "prefix": FieldDoc("Prefix added to every key."),
            "configMapRef": FieldDoc("ConfigMap to read."),
            "secretRef": FieldDoc("Secret to read."),
        ]
    }
}

public struct ConfigMapEnvSource: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var optional: Bool?

    public init(name: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.optional = optional
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ConfigMapEnvSource" }
}

public struct SecretEnvSource: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var optional: Bool?

    public init(name: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.optional = optional
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SecretEnvSource" }
}

public struct ResourceRequirements: Codable, Sendable, Equatable, SchemaNamed {
    public var limits: [String: Quantity]?
    public var requests: [String: Quantity]?
    public var claims: [ResourceClaim]?

    public init(
        limits: [String: Quantity]? = nil, requests: [String: Quantity]? = nil, claims: [ResourceClaim]? = nil
    ) {
        self.limits = limits
        self.requests = requests
        self.claims = claims
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceRequirements" }
}

extension ResourceRequirements: SchemaDescribed {
    public static var typeDescription: String { "Compute resource requests and limits." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "limits": FieldDoc("Maximum amount of each resource the container may use."),
            "requests": FieldDoc(
                "Amount of each resource reserved for scheduling. Defaults to limits when only those are set."),
            "claims": FieldDoc(
                "Resource claims of the pod this container uses.",
                listType: "map", listMapKeys: ["name"]),
        ]
    }
}

public struct ResourceClaim: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var request: String?

    public init(name: String, request: String? = nil) {
        self.name = name
        self.request = request
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ResourceClaim" }
}

public struct ContainerResizePolicy: Codable, Sendable, Equatable, SchemaNamed {
    public var resourceName: String
    public var restartPolicy: String

    public init(resourceName: String, restartPolicy: String) {
        self.resourceName = resourceName
        self.restartPolicy = restartPolicy
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ContainerResizePolicy" }
}

extension ContainerResizePolicy: SchemaDescribed {
    public static var typeDescription: String { "How a resource may be resized in place." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "resourceName": FieldDoc("Resource the policy is for."),
            "restartPolicy": FieldDoc(
                "Whether resizing needs a restart.",
                enumValues: ["NotRequired", "RestartContainer"]),
        ]
    }
}

public struct VolumeMount: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var readOnly: Bool?
    public var recursiveReadOnly: String?
    public var mountPath: String
    public var subPath: String?
    public var mountPropagation: String?
    public var subPathExpr: String?

    public init(
        name: String, readOnly: Bool? = nil, recursiveReadOnly: String? = nil, mountPath: String,
        subPath: String? = nil, mountPropagation: String? = nil, subPathExpr: String? = nil
    ) {
        self.name = name
        self.readOnly = readOnly
        self.recursiveReadOnly = recursiveReadOnly
        self.mountPath = mountPath
        self.subPath = subPath
        self.mountPropagation = mountPropagation
        self.subPathExpr = subPathExpr
    }
    public static var schemaName: String { "io.k8s.api.core.v1.VolumeMount" }
}

extension VolumeMount: SchemaDescribed {
    public static var typeDescription: String { "Where a volume is mounted in a container." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name of a pod volume."),
            "readOnly": FieldDoc("Mount read-only."),
            "recursiveReadOnly": FieldDoc(
                "Whether read-only applies to submounts too.",
                enumValues: ["Disabled", "IfPossible", "Enabled"]),
            "mountPath": FieldDoc("Path in the container; must not contain ':'."),
            "subPath": FieldDoc("Path within the volume to mount instead of its root."),
            "mountPropagation": FieldDoc(
                "How mounts propagate between node and container.",
                enumValues: ["None", "HostToContainer", "Bidirectional"]),
            "subPathExpr": FieldDoc("Like subPath, with $(VAR) references to the container's environment expanded."),
        ]
    }
}

public struct VolumeDevice: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var devicePath: String

    public init(name: String, devicePath: String) {
        self.name = name
        self.devicePath = devicePath
    }
    public static var schemaName: String { "io.k8s.api.core.v1.VolumeDevice" }
}

extension VolumeDevice: SchemaDescribed {
    public static var typeDescription: String { "A raw block device in a container." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name of a pod PVC volume."),
            "devicePath": FieldDoc("Path of the device in the container."),
        ]
    }
}
