// core/v1 Pod, its spec and pod-level settings. Field names, optionality and patch tags follow
// Kubernetes 1.32 (k8s.io/api); enum-like fields are plain strings so unknown values round-trip.

public struct Pod: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PodSpec?
    public var status: PodStatus?

    public init(
        apiVersion: String? = Pod.gvk.apiVersion, kind: String? = Pod.gvk.kind, metadata: ObjectMeta = ObjectMeta(),
        spec: PodSpec? = nil, status: PodStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Pod")
    public static var schemaName: String { "io.k8s.api.core.v1.Pod" }
}

extension Pod: SchemaDescribed {
    public static var typeDescription: String {
        "A group of containers scheduled together on one node, sharing network and storage."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("What the pod should run and how."),
            "status": FieldDoc("What was last observed about the pod; written by the system."),
        ]
    }
}

public struct PodList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Pod]

    public init(
        apiVersion: String? = Pod.gvk.apiVersion, kind: String? = "PodList", metadata: ListMeta? = nil, items: [Pod]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodList" }
}

public struct PodSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var volumes: [Volume]?
    public var initContainers: [Container]?
    public var containers: [Container]
    public var ephemeralContainers: [EphemeralContainer]?
    public var restartPolicy: String?
    public var terminationGracePeriodSeconds: Int64?
    public var activeDeadlineSeconds: Int64?
    public var dnsPolicy: String?
    public var nodeSelector: [String: String]?
    public var serviceAccountName: String?
    /// Deprecated alias of serviceAccountName; still written by the server.
    public var serviceAccount: String?
    public var automountServiceAccountToken: Bool?
    public var nodeName: String?
    public var hostNetwork: Bool?
    public var hostPID: Bool?
    public var hostIPC: Bool?
    public var shareProcessNamespace: Bool?
    public var securityContext: PodSecurityContext?
    public var imagePullSecrets: [LocalObjectReference]?
    public var hostname: String?
    public var subdomain: String?
    public var affinity: Affinity?
    public var schedulerName: String?
    public var tolerations: [Toleration]?
    public var hostAliases: [HostAlias]?
    public var priorityClassName: String?
    public var priority: Int32?
    public var dnsConfig: PodDNSConfig?
    public var readinessGates: [PodReadinessGate]?
    public var runtimeClassName: String?
    public var enableServiceLinks: Bool?
    public var preemptionPolicy: String?
    public var overhead: [String: Quantity]?
    public var topologySpreadConstraints: [TopologySpreadConstraint]?
    public var setHostnameAsFQDN: Bool?
    public var os: PodOS?
    public var hostUsers: Bool?
    public var schedulingGates: [PodSchedulingGate]?
    public var resourceClaims: [PodResourceClaim]?
    public var resources: ResourceRequirements?

    public init(
        volumes: [Volume]? = nil, initContainers: [Container]? = nil, containers: [Container],
        ephemeralContainers: [EphemeralContainer]? = nil, restartPolicy: String? = nil,
        terminationGracePeriodSeconds: Int64? = nil, activeDeadlineSeconds: Int64? = nil, dnsPolicy: String? = nil,
        nodeSelector: [String: String]? = nil, serviceAccountName: String? = nil, serviceAccount: String? = nil,
        automountServiceAccountToken: Bool? = nil, nodeName: String? = nil, hostNetwork: Bool? = nil,
        hostPID: Bool? = nil, hostIPC: Bool? = nil, shareProcessNamespace: Bool? = nil,
        securityContext: PodSecurityContext? = nil, imagePullSecrets: [LocalObjectReference]? = nil,
        hostname: String? = nil, subdomain: String? = nil, affinity: Affinity? = nil, schedulerName: String? = nil,
        tolerations: [Toleration]? = nil, hostAliases: [HostAlias]? = nil, priorityClassName: String? = nil,
        priority: Int32? = nil, dnsConfig: PodDNSConfig? = nil, readinessGates: [PodReadinessGate]? = nil,
        runtimeClassName: String? = nil, enableServiceLinks: Bool? = nil, preemptionPolicy: String? = nil,
        overhead: [String: Quantity]? = nil, topologySpreadConstraints: [TopologySpreadConstraint]? = nil,
        setHostnameAsFQDN: Bool? = nil, os: PodOS? = nil, hostUsers: Bool? = nil,
        schedulingGates: [PodSchedulingGate]? = nil, resourceClaims: [PodResourceClaim]? = nil,
        resources: ResourceRequirements? = nil
    ) {
        self.volumes = volumes
        self.initContainers = initContainers
        self.containers = containers
        self.ephemeralContainers = ephemeralContainers
        self.restartPolicy = restartPolicy
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.dnsPolicy = dnsPolicy
        self.nodeSelector = nodeSelector
        self.serviceAccountName = serviceAccountName
        self.serviceAccount = serviceAccount
        self.automountServiceAccountToken = automountServiceAccountToken
        self.nodeName = nodeName
        self.hostNetwork = hostNetwork
        self.hostPID = hostPID
        self.hostIPC = hostIPC
        self.shareProcessNamespace = shareProcessNamespace
        self.securityContext = securityContext
        self.imagePullSecrets = imagePullSecrets
        self.hostname = hostname
        self.subdomain = subdomain
        self.affinity = affinity
        self.schedulerName = schedulerName
        self.tolerations = tolerations
        self.hostAliases = hostAliases
        self.priorityClassName = priorityClassName
        self.priority = priority
        self.dnsConfig = dnsConfig
        self.readinessGates = readinessGates
        self.runtimeClassName = runtimeClassName
        self.enableServiceLinks = enableServiceLinks
        self.preemptionPolicy = preemptionPolicy
        self.overhead = overhead
        self.topologySpreadConstraints = topologySpreadConstraints
        self.setHostnameAsFQDN = setHostnameAsFQDN
        self.os = os
        self.hostUsers = hostUsers
        self.schedulingGates = schedulingGates
        self.resourceClaims = resourceClaims
        self.resources = resources
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodSpec" }
}

extension PodSpec: SchemaDescribed {
    public static var typeDescription: String {
        "Desired state of a pod: its containers, volumes and scheduling constraints."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "volumes": FieldDoc(
                "Volumes the pod's containers can mount.",
                mergeKey: "name", patchStrategy: "merge,retainKeys", listType: "map", listMapKeys: ["name"]),
            "initContainers": .mergeList(
                "name",
                "Containers run one after another, each to completion, before the app containers start."),
            "containers": .mergeList(
                "name",
                "The pod's application containers. At least one is required; cannot be added or removed later."),
            "ephemeralContainers": .mergeList(
                "name",
                "Debugging containers added to a running pod (through the ephemeralcontainers subresource)."),
            "restartPolicy": FieldDoc(
                "When containers are restarted after they exit. Default Always.",
                enumValues: ["Always", "OnFailure", "Never"]),
            "terminationGracePeriodSeconds": FieldDoc(
                "Seconds given to processes to stop after the termination signal before they are killed. Default 30."),
            "activeDeadlineSeconds": FieldDoc(
                "Seconds the pod may be active, counted from its start, before the system fails it."),
            "dnsPolicy": FieldDoc(
                "How the pod's DNS resolver is configured. Default ClusterFirst.",
                enumValues: ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]),
            "nodeSelector": FieldDoc("Labels a node must carry for the pod to be scheduled there."),
            "serviceAccountName": FieldDoc("Service account the pod runs as; its token is mounted unless disabled."),
            "serviceAccount": FieldDoc("Deprecated alias of serviceAccountName."),
            "automountServiceAccountToken": FieldDoc("Whether the service account token is mounted into the pod."),
            "nodeName": FieldDoc(
                "Node the pod is bound to. Set by the scheduler; setting it directly bypasses scheduling."),
            "hostNetwork": FieldDoc("Use the node's network namespace instead of a pod network."),
            "hostPID": FieldDoc("Use the node's process ID namespace."),
            "hostIPC": FieldDoc("Use the node's IPC namespace."),
            "shareProcessNamespace": FieldDoc(
                "Put all containers of the pod in one process namespace, so they see each other's processes."),
            "securityContext": FieldDoc("Security settings that apply to every container of the pod."),
            "imagePullSecrets": .mergeList(
                "name",
                "Secrets in the pod's namespace holding registry credentials for pulling images."),
            "hostname": FieldDoc("Host name of the pod. Defaults to the pod's name."),
            "subdomain": FieldDoc("Subdomain that, with hostname, gives the pod a DNS name under a headless service."),
            "affinity": FieldDoc("Node affinity and pod (anti-)affinity constraints for scheduling."),
            "schedulerName": FieldDoc("Scheduler responsible for the pod. Default default-scheduler."),
            "tolerations": FieldDoc("Taints the pod tolerates.", listType: "atomic"),
            "hostAliases": .mergeList("ip", "Extra entries written to the pod's /etc/hosts."),
            "priorityClassName": FieldDoc("PriorityClass whose value becomes the pod's priority."),
            "priority": FieldDoc(
                "Scheduling priority, filled from priorityClassName by admission. Higher is more important."),
            "dnsConfig": FieldDoc("Extra DNS resolver settings merged with those from dnsPolicy."),
            "readinessGates": FieldDoc("Extra pod conditions that must be True for the pod to count as ready."),
            "runtimeClassName": FieldDoc("RuntimeClass used to run the pod's containers."),
            "enableServiceLinks": FieldDoc(
                "Whether service environment variables (Docker links style) are injected. Default true."),
            "preemptionPolicy": FieldDoc(
                "Whether the pod may preempt lower-priority pods. Default PreemptLowerPriority.",
                enumValues: ["PreemptLowerPriority", "Never"]),
            "overhead": FieldDoc("Resources the pod sandbox uses on top of its containers; set from the RuntimeClass."),
            "topologySpreadConstraints": FieldDoc(
                "How the pod's replicas should spread across topology domains (zones, nodes, ...).",
                mergeKey: "topologyKey", patchStrategy: "merge", listType: "map",
                listMapKeys: ["topologyKey", "whenUnsatisfiable"]),
            "setHostnameAsFQDN": FieldDoc("Set the kernel host name to the pod's fully qualified domain name."),
            "os": FieldDoc("Operating system the pod's containers need; used for validation and scheduling."),
            "hostUsers": FieldDoc(
                "Share the node's user namespace. Default true; false gives the pod its own user namespace."),
            "schedulingGates": .mergeList("name", "Gates that hold the pod back from scheduling while any remain."),
            "resourceClaims": FieldDoc(
                "Dynamic resource claims the pod's containers can use.",
                mergeKey: "name", patchStrategy: "merge,retainKeys", listType: "map", listMapKeys: ["name"]),
            "resources": FieldDoc("Pod-level resource requests and limits, shared by all containers."),
        ]
    }
}

public struct PodSecurityContext: Codable, Sendable, Equatable, SchemaNamed {
    public var seLinuxOptions: SELinuxOptions?
    public var windowsOptions: WindowsSecurityContextOptions?
    public var runAsUser: Int64?
    public var runAsGroup: Int64?
    public var runAsNonRoot: Bool?
    public var supplementalGroups: [Int64]?
    public var supplementalGroupsPolicy: String?
    public var fsGroup: Int64?
    public var sysctls: [Sysctl]?
    public var fsGroupChangePolicy: String?
    public var seccompProfile: SeccompProfile?
    public var appArmorProfile: AppArmorProfile?
    public var seLinuxChangePolicy: String?

    public init(
        seLinuxOptions: SELinuxOptions? = nil, windowsOptions: WindowsSecurityContextOptions? = nil,
        runAsUser: Int64? = nil, runAsGroup: Int64? = nil, runAsNonRoot: Bool? = nil,
        supplementalGroups: [Int64]? = nil, supplementalGroupsPolicy: String? = nil, fsGroup: Int64? = nil,
        sysctls: [Sysctl]? = nil, fsGroupChangePolicy: String? = nil, seccompProfile: SeccompProfile? = nil,
        appArmorProfile: AppArmorProfile? = nil, seLinuxChangePolicy: String? = nil
    ) {
        self.seLinuxOptions = seLinuxOptions
        self.windowsOptions = windowsOptions
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.runAsNonRoot = runAsNonRoot
        self.supplementalGroups = supplementalGroups
        self.supplementalGroupsPolicy = supplementalGroupsPolicy
        self.fsGroup = fsGroup
        self.sysctls = sysctls
        self.fsGroupChangePolicy = fsGroupChangePolicy
        self.seccompProfile = seccompProfile
        self.appArmorProfile = appArmorProfile
        self.seLinuxChangePolicy = seLinuxChangePolicy
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodSecurityContext" }
}

extension PodSecurityContext: SchemaDescribed {
    public static var typeDescription: String {
        "Security settings for all containers of a pod; container settings take precedence."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "seLinuxOptions": FieldDoc("Default SELinux context for the containers."),
            "windowsOptions": FieldDoc("Windows-specific settings."),
            "runAsUser": FieldDoc("UID that container processes run as."),
            "runAsGroup": FieldDoc("Primary GID of container processes."),
            "runAsNonRoot": FieldDoc("Refuse to start containers whose user would be root."),
            "supplementalGroups": FieldDoc("Extra groups given to the first process of each container."),
            "supplementalGroupsPolicy": FieldDoc(
                "How supplemental groups are computed. Merge (default) or Strict.",
                enumValues: ["Merge", "Strict"]),
            "fsGroup": FieldDoc("Group that owns mounted volumes and is added to every container process."),
            "sysctls": FieldDoc("Namespaced kernel parameters set for the pod."),
            "fsGroupChangePolicy": FieldDoc(
                "When ownership of volumes is changed to fsGroup: OnRootMismatch or Always.",
                enumValues: ["OnRootMismatch", "Always"]),
            "seccompProfile": FieldDoc("Default seccomp profile for the containers."),
            "appArmorProfile": FieldDoc("Default AppArmor profile for the containers."),
            "seLinuxChangePolicy": FieldDoc(
                "How SELinux labels are applied to volumes: MountOption or Recursive.",
                enumValues: ["MountOption", "Recursive"]),
        ]
    }
}

public struct Sysctl: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Sysctl" }
}

extension Sysctl: SchemaDescribed {
    public static var typeDescription: String { "A kernel parameter to set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Parameter name."),
            "value": FieldDoc("Value to set."),
        ]
    }
}

public struct PodDNSConfig: Codable, Sendable, Equatable, SchemaNamed {
    public var nameservers: [String]?
    public var searches: [String]?
    public var options: [PodDNSConfigOption]?

    public init(nameservers: [String]? = nil, searches: [String]? = nil, options: [PodDNSConfigOption]? = nil) {
        self.nameservers = nameservers
        self.searches = searches
        self.options = options
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodDNSConfig" }
}

extension PodDNSConfig: SchemaDescribed {
    public static var typeDescription: String { "DNS resolver settings for a pod." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "nameservers": FieldDoc("DNS server addresses."),
            "searches": FieldDoc("DNS search domains."),
            "options": FieldDoc("resolv.conf options."),
        ]
    }
}

public struct PodDNSConfigOption: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var value: String?

    public init(name: String? = nil, value: String? = nil) {
        self.name = name
        self.value = value
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodDNSConfigOption" }
}

public struct HostAlias: Codable, Sendable, Equatable, SchemaNamed {
    public var ip: String
    public var hostnames: [String]?

    public init(ip: String, hostnames: [String]? = nil) {
        self.ip = ip
        self.hostnames = hostnames
    }
    public static var schemaName: String { "io.k8s.api.core.v1.HostAlias" }
}

extension HostAlias: SchemaDescribed {
    public static var typeDescription: String { "An /etc/hosts entry." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "ip": FieldDoc("IP address of the entry."),
            "hostnames": FieldDoc("Host names for the address."),
        ]
    }
}

public struct PodReadinessGate: Codable, Sendable, Equatable, SchemaNamed {
    public var conditionType: String

    public init(conditionType: String) {
        self.conditionType = conditionType
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodReadinessGate" }
}

extension PodReadinessGate: SchemaDescribed {
    public static var typeDescription: String { "A pod condition that must be True for readiness." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "conditionType": FieldDoc("Type of the condition."),
        ]
    }
}

public struct PodOS: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String

    public init(name: String) {
        self.name = name
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodOS" }
}

extension PodOS: SchemaDescribed {
    public static var typeDescription: String { "The operating system a pod needs." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Operating system name.", enumValues: ["linux", "windows"]),
        ]
    }
}

public struct PodSchedulingGate: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String

    public init(name: String) {
        self.name = name
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodSchedulingGate" }
}

extension PodSchedulingGate: SchemaDescribed {
    public static var typeDescription: String { "Holds a pod back from scheduling until removed." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name of the gate; unique per pod."),
        ]
    }
}

public struct PodResourceClaim: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var resourceClaimName: String?
    public var resourceClaimTemplateName: String?

    public init(name: String, resourceClaimName: String? = nil, resourceClaimTemplateName: String? = nil) {
        self.name = name
        self.resourceClaimName = resourceClaimName
        self.resourceClaimTemplateName = resourceClaimTemplateName
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodResourceClaim" }
}

extension PodResourceClaim: SchemaDescribed {
    public static var typeDescription: String { "A dynamic resource claim referenced by a pod." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name the containers use to refer to the claim."),
        ]
    }
}

public struct PodTemplate: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var template: PodTemplateSpec?

    public init(
        apiVersion: String? = PodTemplate.gvk.apiVersion, kind: String? = PodTemplate.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), template: PodTemplateSpec? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.template = template
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "PodTemplate")
    public static var schemaName: String { "io.k8s.api.core.v1.PodTemplate" }
}

extension PodTemplate: SchemaDescribed {
    public static var typeDescription: String { "A reusable pod template stored as an object." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "template": FieldDoc("The pod template."),
        ]
    }
}

public struct PodTemplateList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [PodTemplate]

    public init(
        apiVersion: String? = PodTemplate.gvk.apiVersion, kind: String? = "PodTemplateList",
        metadata: ListMeta? = nil, items: [PodTemplate]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodTemplateList" }
}

public struct PodTemplateSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var metadata: ObjectMeta?
    public var spec: PodSpec?

    public init(metadata: ObjectMeta? = nil, spec: PodSpec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PodTemplateSpec" }
}

extension PodTemplateSpec: SchemaDescribed {
    public static var typeDescription: String { "The pod a controller creates: its metadata and spec." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "metadata": FieldDoc("Labels and annotations of created pods."),
            "spec": FieldDoc("Spec of created pods."),
        ]
    }
}
