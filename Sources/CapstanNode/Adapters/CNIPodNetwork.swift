import CapstanCNI
import Foundation
import Logging

/// Pod networking through CNI: a named network namespace per sandbox,
/// plugged in by the plugins of the configuration directory. Until the
/// directory holds a configuration of the user's, the agent writes its
/// default (bridge + host-local + portmap) for the node's podCIDR once the
/// controller manager has assigned one.
public actor CNIPodNetwork: PodNetwork {
    let cni: CNINetwork
    let confDir: String
    let ipamDir: String
    let podCIDR: @Sendable () async -> String?
    let logger: Logger
    let bridge: String
    private var configured = false

    public init(confDir: String, binDirs: [String], stateDir: String, bridge: String = "capstan0", podCIDR: @escaping @Sendable () async -> String?, logger: Logger) {
        self.confDir = confDir
        self.ipamDir = stateDir + "/ipam"
        self.bridge = bridge
        self.podCIDR = podCIDR
        self.logger = logger
        self.cni = CNINetwork(
            configuration: .init(confDirectory: confDir, binDirectories: binDirs, cacheDirectory: stateDir + "/cache"), logger: logger)
    }

    func ensureConfig() async throws {
        if configured { return }
        try FileManager.default.createDirectory(atPath: confDir, withIntermediateDirectories: true)
        if (try? await cni.currentConfig()) != nil, !FileManager.default.fileExists(atPath: confDir + "/" + DefaultNetworkConfig.fileName) {
            configured = true  // the user's own configuration
            return
        }
        guard let cidr = await podCIDR() else {
            throw RuntimeError("NetworkNotReady", "network is not ready: the node has no spec.podCIDR yet (the controller manager assigns one)")
        }
        switch try DefaultNetworkConfig.write(confDirectory: confDir, .init(podCIDR: cidr, bridge: bridge, ipamDataDir: ipamDir)) {
        case .written: logger.info("wrote the default CNI configuration for pod CIDR \(cidr) in \(confDir)")
        case .unchanged: break
        case .userConfigPresent(let path): logger.info("using the CNI configuration \(path)")
        }
        configured = true
    }

    public func setUp(sandboxID: String, config: SandboxConfig) async throws -> (netnsPath: String, ips: [String]) {
        try await ensureConfig()
        let name = NetworkNamespace.forSandbox(sandboxID).name
        let ns = try await NetworkNamespace.create(name: name)
        let request = PodNetworkRequest(
            namespace: config.namespace, name: config.name, uid: config.podUID, sandboxID: sandboxID, netnsPath: ns.path,
            portMappings: config.portMappings.map {
                CapstanCNI.PortMapping(hostPort: $0.hostPort, containerPort: $0.containerPort, protocol: $0.protocol, hostIP: $0.hostIP)
            })
        do {
            let r = try await cni.setUp(request)
            return (ns.path, r.podIPs)
        } catch {
            try? await ns.delete()
            throw error
        }
    }

    public func tearDown(sandboxID: String, namespace: String, name: String, podUID: String, netnsPath: String?) async throws {
        let ns = NetworkNamespace.forSandbox(sandboxID)
        let request = PodNetworkRequest(namespace: namespace, name: name, uid: podUID, sandboxID: sandboxID, netnsPath: netnsPath ?? ns.path)
        // DEL before the namespace goes: the bridge plugin finds its masquerade rule through the pod's interface.
        try await cni.tearDown(request)
        try await ns.delete()
    }
}
