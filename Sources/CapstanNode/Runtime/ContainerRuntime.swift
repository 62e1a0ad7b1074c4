import Foundation

/// The seam between the pod workers and whatever runs containers: the OCI
/// implementation (runc/crun under conmon) on real nodes, the simulated one
/// for hollow nodes. Shaped like the CRI: a pod is a sandbox (its network
/// namespace and IP) holding containers that come and go within it.
public protocol ContainerRuntime: Sendable {
    /// "runc", "crun" or "simulated": reported as the node's containerRuntimeVersion.
    var name: String { get }
    var version: String { get }
    /// True when pod addresses reach nothing (the simulated runtime): HTTP
    /// and TCP probes and hooks then pass without connecting. Default false.
    var podNetworkIsSimulated: Bool { get }

    func runSandbox(_ config: SandboxConfig) async throws -> SandboxInfo
    /// Releases the sandbox's network (CNI DEL) and removes it; idempotent.
    func removeSandbox(_ id: String) async throws
    /// The sandboxes of one pod, or of every pod when `podUID` is nil.
    func listSandboxes(podUID: String?) async throws -> [SandboxInfo]

    func createContainer(in sandbox: SandboxInfo, _ config: ContainerConfig) async throws -> String
    func startContainer(_ id: String) async throws
    /// SIGTERM (or the image's stop signal), SIGKILL after `gracePeriod`; returns once it has exited.
    func stopContainer(_ id: String, gracePeriod: Duration) async throws
    func removeContainer(_ id: String) async throws
    /// The containers of one pod (or every container the runtime knows when
    /// `podUID` is nil), with their current state. Called on every pod sync,
    /// so filtering by pod keeps a sync's cost independent of the pod count.
    func listContainers(podUID: String?) async throws -> [ContainerInfo]
    /// Runs a command inside a running container (exec probes, kubectl exec without a terminal).
    func exec(_ id: String, command: [String], timeout: Duration) async throws -> ExecResult
    /// Starts a command inside a running container with its stdio streamed
    /// (`kubectl exec`); throws `RuntimeError` if the container is not running.
    func execStream(_ id: String, _ spec: ExecSpec) async throws -> ExecProcess
    /// Connects to localhost:`port` in the sandbox's network namespace
    /// (`kubectl port-forward`); throws `PortForwardError` with the reason.
    func portForward(_ sandbox: SandboxInfo, port: Int) async throws -> PortConnection
    /// Attaches to a running container's stdio (`kubectl attach`); throws
    /// `RuntimeError` if it is not running or cannot be attached to.
    func attach(_ id: String, _ spec: AttachSpec) async throws -> AttachSession
    /// Rotates the logs of running containers that outgrew the policy (the
    /// runtime's log writer reopens the path). Default: nothing to rotate.
    func rotateLogs(_ policy: LogRotationPolicy) async
    /// CPU and memory counters of a pod's cgroup and of its running
    /// containers' (stats summary); nil when the pod has no cgroup here.
    func usage(podUID: String) async -> PodUsage?
}

/// `ContainerRuntime.usage`: one reading per cgroup.
public struct PodUsage: Sendable {
    public var pod: CgroupUsage
    /// By container ID; running containers only.
    public var containers: [String: CgroupUsage]
    public init(pod: CgroupUsage, containers: [String: CgroupUsage]) {
        self.pod = pod
        self.containers = containers
    }
}

extension ContainerRuntime {
    public func rotateLogs(_ policy: LogRotationPolicy) async {}
    public var podNetworkIsSimulated: Bool { false }
    public func portForward(_ sandbox: SandboxInfo, port: Int) async throws -> PortConnection {
        throw PortForwardError("the \(name) runtime does not support port forwarding")
    }
    public func attach(_ id: String, _ spec: AttachSpec) async throws -> AttachSession {
        throw RuntimeError("NotSupported", "the \(name) runtime does not support attach")
    }
    public func listContainers() async throws -> [ContainerInfo] { try await listContainers(podUID: nil) }
    public func listSandboxes() async throws -> [SandboxInfo] { try await listSandboxes(podUID: nil) }
}

public struct ExecResult: Sendable {
    public var exitCode: Int32
    public var output: String
    public var timedOut: Bool
    public init(exitCode: Int32, output: String, timedOut: Bool = false) {
        self.exitCode = exitCode
        self.output = output
        self.timedOut = timedOut
    }
}

public struct PortMapping: Sendable, Codable, Hashable {
    public var containerPort: Int
    public var hostPort: Int
    public var `protocol`: String
    public var hostIP: String?
    public init(containerPort: Int, hostPort: Int, protocol: String, hostIP: String? = nil) {
        self.containerPort = containerPort
        self.hostPort = hostPort
        self.protocol = `protocol`
        self.hostIP = hostIP
    }
}

public struct SandboxConfig: Sendable {
    public var podUID: String
    public var namespace: String
    public var name: String
    public var hostNetwork: Bool
    public var portMappings: [PortMapping]
    public init(podUID: String, namespace: String, name: String, hostNetwork: Bool = false, portMappings: [PortMapping] = []) {
        self.podUID = podUID
        self.namespace = namespace
        self.name = name
        self.hostNetwork = hostNetwork
        self.portMappings = portMappings
    }
}

public struct SandboxInfo: Sendable, Codable, Equatable {
    public var id: String
    public var podUID: String
    public var namespace: String
    public var name: String
    /// nil with hostNetwork: containers then stay in the node's namespace.
    public var netnsPath: String?
    public var ips: [String]
    public var createdAt: Date
    public init(id: String, podUID: String, namespace: String, name: String, netnsPath: String?, ips: [String], createdAt: Date) {
        self.id = id
        self.podUID = podUID
        self.namespace = namespace
        self.name = name
        self.netnsPath = netnsPath
        self.ips = ips
        self.createdAt = createdAt
    }
}

public struct Mount: Sendable, Codable, Equatable {
    public var source: String
    public var destination: String
    public var readOnly: Bool
    /// "bind" (default) or "tmpfs" (then `options` such as size=64m).
    public var type: String
    public var options: [String]
    public init(source: String, destination: String, readOnly: Bool = false, type: String = "bind", options: [String] = []) {
        self.source = source
        self.destination = destination
        self.readOnly = readOnly
        self.type = type
        self.options = options
    }
}

public struct ContainerResources: Sendable, Codable, Equatable {
    /// cpu.shares from the CPU request (Kubernetes: milliCPU × 1024 / 1000, at least 2).
    public var cpuShares: Int64?
    /// CFS quota and period from the CPU limit.
    public var cpuQuota: Int64?
    public var cpuPeriod: Int64?
    public var memoryLimit: Int64?
    public var pidsLimit: Int64?
    public init(cpuShares: Int64? = nil, cpuQuota: Int64? = nil, cpuPeriod: Int64? = nil, memoryLimit: Int64? = nil, pidsLimit: Int64? = nil) {
        self.cpuShares = cpuShares
        self.cpuQuota = cpuQuota
        self.cpuPeriod = cpuPeriod
        self.memoryLimit = memoryLimit
        self.pidsLimit = pidsLimit
    }
}

public struct ContainerConfig: Sendable {
    public var podUID: String
    public var podNamespace: String
    public var podName: String
    public var name: String
    /// Restart number of this container in its pod (0 first): becomes restartCount.
    public var attempt: Int
    public var image: String
    public var imageID: String
    /// Read-only image layers, topmost first (overlayfs lowerdir order).
    public var lowerDirs: [String]
    public var args: [String]
    public var env: [String]
    public var workingDir: String
    public var uid: UInt32
    public var gid: UInt32
    public var additionalGids: [UInt32]
    public var hostname: String
    public var mounts: [Mount]
    public var resources: ContainerResources
    public var logPath: String
    public var tty: Bool
    /// Keep a stdin pipe open for `kubectl attach -i` (conmon holds it).
    public var stdin: Bool
    /// Close that stdin when the first attached client detaches.
    public var stdinOnce: Bool
    public var privileged: Bool
    public var readOnlyRootFilesystem: Bool
    /// Join this process's PID namespace (shareProcessNamespace) instead of getting one.
    public var sharedPIDNamespaceOf: String?

    public init(
        podUID: String, podNamespace: String, podName: String, name: String, attempt: Int, image: String, imageID: String,
        lowerDirs: [String], args: [String], env: [String], workingDir: String = "/", uid: UInt32 = 0, gid: UInt32 = 0,
        additionalGids: [UInt32] = [], hostname: String, mounts: [Mount] = [], resources: ContainerResources = .init(),
        logPath: String, tty: Bool = false, stdin: Bool = false, stdinOnce: Bool = false, privileged: Bool = false,
        readOnlyRootFilesystem: Bool = false, sharedPIDNamespaceOf: String? = nil
    ) {
        self.podUID = podUID
        self.podNamespace = podNamespace
        self.podName = podName
        self.name = name
        self.attempt = attempt
        self.image = image
        self.imageID = imageID
        self.lowerDirs = lowerDirs
        self.args = args
        self.env = env
        self.workingDir = workingDir
        self.uid = uid
        self.gid = gid
        self.additionalGids = additionalGids
        self.hostname = hostname
        self.mounts = mounts
        self.resources = resources
        self.logPath = logPath
        self.tty = tty
        self.stdin = stdin
        self.stdinOnce = stdinOnce
        self.privileged = privileged
        self.readOnlyRootFilesystem = readOnlyRootFilesystem
        self.sharedPIDNamespaceOf = sharedPIDNamespaceOf
    }
}

public struct ContainerInfo: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable { case created, running, exited, unknown }
    public var id: String
    public var sandboxID: String
    public var podUID: String
    public var name: String
    public var attempt: Int
    public var image: String
    public var imageID: String
    public var state: State
    public var pid: Int32?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var exitCode: Int32?
    /// Kubernetes' terminated reasons: Completed, Error, OOMKilled, StartError.
    public var reason: String?
    public var message: String?
    public var logPath: String

    public init(
        id: String, sandboxID: String, podUID: String, name: String, attempt: Int, image: String, imageID: String,
        state: State, pid: Int32? = nil, createdAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil,
        exitCode: Int32? = nil, reason: String? = nil, message: String? = nil, logPath: String
    ) {
        self.id = id
        self.sandboxID = sandboxID
        self.podUID = podUID
        self.name = name
        self.attempt = attempt
        self.image = image
        self.imageID = imageID
        self.state = state
        self.pid = pid
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.reason = reason
        self.message = message
        self.logPath = logPath
    }
}

/// What a runtime reports when it cannot do what was asked; the pod worker
/// turns `reason` into the container's waiting reason (as the kubelet does).
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var message: String
    public init(_ reason: String, _ message: String) {
        self.reason = reason
        self.message = message
    }
    public var description: String { "\(reason): \(message)" }
}
