import CapstanAPI
import Foundation

/// A container runtime that runs nothing: sandboxes and containers exist
/// only in this actor's memory (hollow nodes, as kubemark's hollow kubelet).
/// A sandbox gets the next free address of `podCIDR` (from .2, .1 being the
/// gateway a bridge would take); a started container runs until it is
/// stopped, and a stopped one exits 0 ("Completed") at once, whatever the
/// grace period. Exec succeeds with no output, and HTTP/TCP probes pass
/// without connecting (`podNetworkIsSimulated`); nothing is written to log
/// paths. State is lost when the process ends, like the processes would be.
///
/// Thread-safety: an actor; every method is safe to call concurrently.
public actor SimulatedRuntime: ContainerRuntime {
    public nonisolated let name = "simulated"
    public nonisolated let version = "0.1"
    public nonisolated var podNetworkIsSimulated: Bool { true }

    let podCIDR: IPv4CIDR
    private let now: @Sendable () -> Date
    private var sandboxes: [String: SandboxInfo] = [:]
    private var containers: [String: ContainerInfo] = [:]
    /// Addresses held by sandboxes (host-network ones hold none).
    private var addresses: [UInt32: String] = [:]  // address → sandbox id

    /// `now` stamps createdAt/startedAt/finishedAt (tests pass a fixed clock).
    public init(podCIDR: IPv4CIDR, now: @escaping @Sendable () -> Date = { Date() }) {
        self.podCIDR = podCIDR
        self.now = now
    }

    /// Node `index`'s range when hollow nodes are numbered: 10.41.<index>.0/24
    /// (outside k3s' default cluster CIDR 10.42.0.0/16); nil past 255.
    public static func hollowNodeCIDR(index: Int) -> IPv4CIDR? {
        guard (0..<256).contains(index) else { return nil }
        return IPv4CIDR("10.41.\(index).0/24", strict: true)
    }

    // MARK: sandboxes

    public func runSandbox(_ config: SandboxConfig) async throws -> SandboxInfo {
        let id = Self.newID()
        var ips: [String] = []
        if !config.hostNetwork {
            guard let address = freeAddress() else {
                throw RuntimeError("NoAddress", "no free address left in the simulated pod range \(podCIDR)")
            }
            addresses[address] = id
            ips = [IPv4CIDR.formatAddress(address)]
        }
        let sandbox = SandboxInfo(
            id: id, podUID: config.podUID, namespace: config.namespace, name: config.name, netnsPath: nil, ips: ips,
            createdAt: now())
        sandboxes[id] = sandbox
        return sandbox
    }

    public func removeSandbox(_ id: String) async throws {
        sandboxes[id] = nil
        addresses = addresses.filter { $0.value != id }
    }

    public func listSandboxes(podUID: String?) async throws -> [SandboxInfo] {
        sandboxes.values.filter { podUID == nil || $0.podUID == podUID }.sorted { $0.createdAt < $1.createdAt }
    }

    private func freeAddress() -> UInt32? {
        let first = podCIDR.base &+ 2
        guard podCIDR.prefixLength <= 30, first < podCIDR.last else { return nil }
        return (first..<podCIDR.last).first { addresses[$0] == nil }
    }

    // MARK: containers

    public func createContainer(in sandbox: SandboxInfo, _ config: ContainerConfig) async throws -> String {
        guard sandboxes[sandbox.id] != nil else {
            throw RuntimeError("CreateContainerError", "sandbox \(sandbox.id) does not exist")
        }
        let id = Self.newID()
        containers[id] = ContainerInfo(
            id: id, sandboxID: sandbox.id, podUID: config.podUID, name: config.name, attempt: config.attempt,
            image: config.image, imageID: config.imageID, state: .created, createdAt: now(), logPath: config.logPath)
        return id
    }

    public func startContainer(_ id: String) async throws {
        guard var c = containers[id] else { throw notFound(id) }
        guard c.state == .created else { return }
        c.state = .running
        c.startedAt = now()
        containers[id] = c
    }

    /// Exits 0 (Completed) at once; a container never started exits too. Idempotent.
    public func stopContainer(_ id: String, gracePeriod: Duration) async throws {
        guard var c = containers[id] else { throw notFound(id) }
        guard c.state == .running || c.state == .created else { return }
        c.state = .exited
        c.finishedAt = now()
        c.exitCode = 0
        c.reason = "Completed"
        containers[id] = c
    }

    public func removeContainer(_ id: String) async throws {
        containers[id] = nil
    }

    public func listContainers(podUID: String?) async throws -> [ContainerInfo] {
        containers.values.filter { podUID == nil || $0.podUID == podUID }.sorted { ($0.createdAt, $0.attempt) < ($1.createdAt, $1.attempt) }
    }

    public func exec(_ id: String, command: [String], timeout: Duration) async throws -> ExecResult {
        guard let c = containers[id] else { throw notFound(id) }
        guard c.state == .running else {
            throw RuntimeError("ContainerNotRunning", "container \(id) is not running")
        }
        return ExecResult(exitCode: 0, output: "")
    }

    /// Simulated containers run no processes: a streamed exec is refused.
    public func execStream(_ id: String, _ spec: ExecSpec) async throws -> ExecProcess {
        guard containers[id] != nil else { throw notFound(id) }
        throw RuntimeError("NotSupported", "exec is not supported by the simulated runtime (container \(id.prefix(12)))")
    }

    /// Simulated containers use nothing: zero counters for running ones, so
    /// hollow nodes serve stats of the right shape.
    public func usage(podUID: String) async -> PodUsage? {
        let running = containers.values.filter { $0.podUID == podUID && $0.state == .running }
        guard !running.isEmpty else { return nil }
        let zero = CgroupUsage(cpuNanos: 0, usageBytes: 0, workingSetBytes: 0, processes: 0)
        return PodUsage(pod: zero, containers: Dictionary(uniqueKeysWithValues: running.map { ($0.id, zero) }))
    }

    /// Simulated pods listen on nothing: port-forward is refused.
    public func portForward(_ sandbox: SandboxInfo, port: Int) async throws -> PortConnection {
        throw PortForwardError("port forwarding is not supported by the simulated runtime (pod \(sandbox.namespace)/\(sandbox.name))")
    }

    private func notFound(_ id: String) -> RuntimeError {
        RuntimeError("NotFound", "no such container \(id)")
    }

    /// 64 hex digits, as container ids look elsewhere.
    static func newID() -> String {
        (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased()
    }
}
