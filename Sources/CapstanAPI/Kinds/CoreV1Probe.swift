// core/v1 probes, lifecycle hooks and security contexts of containers.

/// The handler fields (exec, httpGet, tcpSocket, grpc) are inlined in Kubernetes' JSON (ProbeHandler).
public struct Probe: Codable, Sendable, Equatable, SchemaNamed {
    public var exec: ExecAction?
    public var httpGet: HTTPGetAction?
    public var tcpSocket: TCPSocketAction?
    public var grpc: GRPCAction?
    public var initialDelaySeconds: Int32?
    public var timeoutSeconds: Int32?
    public var periodSeconds: Int32?
    public var successThreshold: Int32?
    public var failureThreshold: Int32?
    public var terminationGracePeriodSeconds: Int64?

    public init(
        exec: ExecAction? = nil, httpGet: HTTPGetAction? = nil, tcpSocket: TCPSocketAction? = nil,
        grpc: GRPCAction? = nil, initialDelaySeconds: Int32? = nil, timeoutSeconds: Int32? = nil,
        periodSeconds: Int32? = nil, successThreshold: Int32? = nil, failureThreshold: Int32? = nil,
        terminationGracePeriodSeconds: Int64? = nil
    ) {
        self.exec = exec
        self.httpGet = httpGet
        self.tcpSocket = tcpSocket
        self.grpc = grpc
        self.initialDelaySeconds = initialDelaySeconds
        self.timeoutSeconds = timeoutSeconds
        self.periodSeconds = periodSeconds
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Probe" }
}

extension Probe: SchemaDescribed {
    public static var typeDescription: String { "A health check run against a container; exactly one handler is set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "exec": FieldDoc("Run a command in the container; exit status 0 is success."),
            "httpGet": FieldDoc("HTTP GET; a 2xx or 3xx status is success."),
            "tcpSocket": FieldDoc("TCP connect; success if the port accepts."),
            "grpc": FieldDoc("gRPC health check."),
            "initialDelaySeconds": FieldDoc("Seconds after the container starts before the first probe."),
            "timeoutSeconds": FieldDoc("Seconds before a probe attempt times out. Default 1."),
            "periodSeconds": FieldDoc("Seconds between probes. Default 10."),
            "successThreshold": FieldDoc(
                "Consecutive successes needed after a failure. Default 1; must be 1 for liveness and startup."),
            "failureThreshold": FieldDoc("Consecutive failures before the probe counts as failed. Default 3."),
            "terminationGracePeriodSeconds": FieldDoc(
                "Grace period used when a failed probe kills the container; overrides the pod's."),
        ]
    }
}

public struct ExecAction: Codable, Sendable, Equatable, SchemaNamed {
    public var command: [String]?

    public init(command: [String]? = nil) {
        self.command = command
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ExecAction" }
}

extension ExecAction: SchemaDescribed {
    public static var typeDescription: String { "Run a command in the container." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "command": FieldDoc("Command and arguments; not run in a shell."),
        ]
    }
}

public struct HTTPGetAction: Codable, Sendable, Equatable, SchemaNamed {
    public var path: String?
    public var port: IntOrString
    public var host: String?
    public var scheme: String?
    public var httpHeaders: [HTTPHeader]?

    public init(
        path: String? = nil, port: IntOrString, host: String? = nil, scheme: String? = nil,
        httpHeaders: [HTTPHeader]? = nil
    ) {
        self.path = path
        self.port = port
        self.host = host
        self.scheme = scheme
        self.httpHeaders = httpHeaders
    }
    public static var schemaName: String { "io.k8s.api.core.v1.HTTPGetAction" }
}

extension HTTPGetAction: SchemaDescribed {
    public static var typeDescription: String { "An HTTP GET request." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "path": FieldDoc("Path to request."),
            "port": FieldDoc("Port number or container port name."),
            "host": FieldDoc("Host to connect to. Defaults to the pod IP."),
            "scheme": FieldDoc("HTTP or HTTPS. Default HTTP.", enumValues: ["HTTP", "HTTPS"]),
            "httpHeaders": FieldDoc("Extra request headers."),
        ]
    }
}

public struct HTTPHeader: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
    public static var schemaName: String { "io.k8s.api.core.v1.HTTPHeader" }
}

extension HTTPHeader: SchemaDescribed {
    public static var typeDescription: String { "An HTTP header." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Header name."),
            "value": FieldDoc("Header value."),
        ]
    }
}

public struct TCPSocketAction: Codable, Sendable, Equatable, SchemaNamed {
    public var port: IntOrString
    public var host: String?

    public init(port: IntOrString, host: String? = nil) {
        self.port = port
        self.host = host
    }
    public static var schemaName: String { "io.k8s.api.core.v1.TCPSocketAction" }
}

extension TCPSocketAction: SchemaDescribed {
    public static var typeDescription: String { "A TCP connection attempt." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "port": FieldDoc("Port number or container port name."),
            "host": FieldDoc("Host to connect to. Defaults to the pod IP."),
        ]
    }
}

public struct GRPCAction: Codable, Sendable, Equatable, SchemaNamed {
    public var port: Int32
    public var service: String?

    public init(port: Int32, service: String? = nil) {
        self.port = port
        self.service = service
    }
    public static var schemaName: String { "io.k8s.api.core.v1.GRPCAction" }
}

extension GRPCAction: SchemaDescribed {
    public static var typeDescription: String { "A gRPC health check." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "port": FieldDoc("Port of the gRPC service."),
            "service": FieldDoc("Service name sent in the health check request."),
        ]
    }
}

public struct Lifecycle: Codable, Sendable, Equatable, SchemaNamed {
    public var postStart: LifecycleHandler?
    public var preStop: LifecycleHandler?

    public init(postStart: LifecycleHandler? = nil, preStop: LifecycleHandler? = nil) {
        self.postStart = postStart
        self.preStop = preStop
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Lifecycle" }
}

extension Lifecycle: SchemaDescribed {
    public static var typeDescription: String { "Hooks run on container lifecycle events." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "postStart": FieldDoc("Run right after the container is created; failure restarts the container."),
            "preStop": FieldDoc("Run before the container is stopped; the grace period covers it."),
        ]
    }
}

public struct LifecycleHandler: Codable, Sendable, Equatable, SchemaNamed {
    public var exec: ExecAction?
    public var httpGet: HTTPGetAction?
    public var tcpSocket: TCPSocketAction?
    public var sleep: SleepAction?

    public init(
        exec: ExecAction? = nil, httpGet: HTTPGetAction? = nil, tcpSocket: TCPSocketAction? = nil,
        sleep: SleepAction? = nil
    ) {
        self.exec = exec
        self.httpGet = httpGet
        self.tcpSocket = tcpSocket
        self.sleep = sleep
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LifecycleHandler" }
}

extension LifecycleHandler: SchemaDescribed {
    public static var typeDescription: String { "A lifecycle hook action; exactly one member is set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "exec": FieldDoc("Run a command."),
            "httpGet": FieldDoc("Send an HTTP GET."),
            "tcpSocket": FieldDoc("Deprecated; accepted but not run."),
            "sleep": FieldDoc("Sleep for a while."),
        ]
    }
}

public struct SleepAction: Codable, Sendable, Equatable, SchemaNamed {
    public var seconds: Int64

    public init(seconds: Int64) {
        self.seconds = seconds
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SleepAction" }
}

extension SleepAction: SchemaDescribed {
    public static var typeDescription: String { "Sleep before continuing." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "seconds": FieldDoc("Seconds to sleep."),
        ]
    }
}

public struct SecurityContext: Codable, Sendable, Equatable, SchemaNamed {
    public var capabilities: Capabilities?
    public var privileged: Bool?
    public var seLinuxOptions: SELinuxOptions?
    public var windowsOptions: WindowsSecurityContextOptions?
    public var runAsUser: Int64?
    public var runAsGroup: Int64?
    public var runAsNonRoot: Bool?
    public var readOnlyRootFilesystem: Bool?
    public var allowPrivilegeEscalation: Bool?
    public var procMount: String?
    public var seccompProfile: SeccompProfile?
    public var appArmorProfile: AppArmorProfile?

    public init(
        capabilities: Capabilities? = nil, privileged: Bool? = nil, seLinuxOptions: SELinuxOptions? = nil,
        windowsOptions: WindowsSecurityContextOptions? = nil, runAsUser: Int64? = nil, runAsGroup: Int64? = nil,
        runAsNonRoot: Bool? = nil, readOnlyRootFilesystem: Bool? = nil, allowPrivilegeEscalation: Bool? = nil,
        procMount: String? = nil, seccompProfile: SeccompProfile? = nil, appArmorProfile: AppArmorProfile? = nil
    ) {
        self.capabilities = capabilities
        self.privileged = privileged
        self.seLinuxOptions = seLinuxOptions
        self.windowsOptions = windowsOptions
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.runAsNonRoot = runAsNonRoot
        self.readOnlyRootFilesystem = readOnlyRootFilesystem
        self.allowPrivilegeEscalation = allowPrivilegeEscalation
        self.procMount = procMount
        self.seccompProfile = seccompProfile
        self.appArmorProfile = appArmorProfile
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SecurityContext" }
}

extension SecurityContext: SchemaDescribed {
    public static var typeDescription: String { "Security settings of a container; override the pod's." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "capabilities": FieldDoc("Linux capabilities to add or drop."),
            "privileged": FieldDoc("Run privileged: like root on the node."),
            "seLinuxOptions": FieldDoc("SELinux context."),
            "windowsOptions": FieldDoc("Windows-specific settings."),
            "runAsUser": FieldDoc("UID the process runs as."),
            "runAsGroup": FieldDoc("GID the process runs as."),
            "runAsNonRoot": FieldDoc("Refuse to start if the process would run as root."),
            "readOnlyRootFilesystem": FieldDoc("Mount the root filesystem read-only."),
            "allowPrivilegeEscalation": FieldDoc(
                "Whether a process may gain more privileges than its parent (no_new_privs)."),
            "procMount": FieldDoc("Which /proc masking to use.", enumValues: ["Default", "Unmasked"]),
            "seccompProfile": FieldDoc("Seccomp profile."),
            "appArmorProfile": FieldDoc("AppArmor profile."),
        ]
    }
}

public struct Capabilities: Codable, Sendable, Equatable, SchemaNamed {
    public var add: [String]?
    public var drop: [String]?

    public init(add: [String]? = nil, drop: [String]? = nil) {
        self.add = add
        self.drop = drop
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Capabilities" }
}

extension Capabilities: SchemaDescribed {
    public static var typeDescription: String { "Linux capabilities to change." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "add": FieldDoc("Capabilities to add."),
            "drop": FieldDoc("Capabilities to drop."),
        ]
    }
}

public struct SELinuxOptions: Codable, Sendable, Equatable, SchemaNamed {
    public var user: String?
    public var role: String?
    public var type: String?
    public var level: String?

    public init(user: String? = nil, role: String? = nil, type: String? = nil, level: String? = nil) {
        self.user = user
        self.role = role
        self.type = type
        self.level = level
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SELinuxOptions" }
}

public struct WindowsSecurityContextOptions: Codable, Sendable, Equatable, SchemaNamed {
    public var gmsaCredentialSpecName: String?
    public var gmsaCredentialSpec: String?
    public var runAsUserName: String?
    public var hostProcess: Bool?

    public init(
        gmsaCredentialSpecName: String? = nil, gmsaCredentialSpec: String? = nil, runAsUserName: String? = nil,
        hostProcess: Bool? = nil
    ) {
        self.gmsaCredentialSpecName = gmsaCredentialSpecName
        self.gmsaCredentialSpec = gmsaCredentialSpec
        self.runAsUserName = runAsUserName
        self.hostProcess = hostProcess
    }
    public static var schemaName: String { "io.k8s.api.core.v1.WindowsSecurityContextOptions" }
}

public struct SeccompProfile: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var localhostProfile: String?

    public init(type: String, localhostProfile: String? = nil) {
        self.type = type
        self.localhostProfile = localhostProfile
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SeccompProfile" }
}

extension SeccompProfile: SchemaDescribed {
    public static var typeDescription: String { "A seccomp profile." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Kind of profile.", enumValues: ["Unconfined", "RuntimeDefault", "Localhost"]),
            "localhostProfile": FieldDoc("Profile file under the kubelet's seccomp directory, for Localhost."),
        ]
    }
}

public struct AppArmorProfile: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var localhostProfile: String?

    public init(type: String, localhostProfile: String? = nil) {
        self.type = type
        self.localhostProfile = localhostProfile
    }
    public static var schemaName: String { "io.k8s.api.core.v1.AppArmorProfile" }
}

extension AppArmorProfile: SchemaDescribed {
    public static var typeDescription: String { "An AppArmor profile." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "type": FieldDoc("Kind of profile.", enumValues: ["Unconfined", "RuntimeDefault", "Localhost"]),
            "localhostProfile": FieldDoc("Profile name loaded on the node, for Localhost."),
        ]
    }
}
