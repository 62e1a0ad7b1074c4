import ArgumentParser
import CapstanAPI
import CapstanClient
import CapstanDNS
import CapstanImages
import CapstanNode
import CapstanProxy
import Foundation
import Logging

/// Flags of the node agent, shared by `capstan server` (embedded agent) and `capstan agent`.
struct AgentOptions: ParsableArguments {
    @Option(name: .customLong("node-name"), help: "Name of this node (default: the hostname, lowercased).")
    var nodeName: String?

    @Option(name: .customLong("node-ip"), help: "InternalIP reported for this node (default: the address of the default route's interface).")
    var nodeIP: String?

    @Option(name: .customLong("container-runtime"), help: "auto, runc, crun (auto takes crun unless the cgroups are hybrid, where crun 1.8 refuses to run) or simulated (a hollow node: containers only pretend to run).")
    var containerRuntime: String = "auto"

    @Option(name: .customLong("cluster-dns"), help: "Nameserver written into pods' resolv.conf (dnsPolicy ClusterFirst).")
    var clusterDNS: String = "10.43.0.10"

    @Option(name: .customLong("cluster-domain"), help: "The cluster's DNS domain.")
    var clusterDomain: String = "cluster.local"

    @Option(name: .customLong("cluster-dns-port"), help: "Port the node-local cluster DNS listens on (UDP and TCP) at the --cluster-dns address; pods always ask port 53.")
    var clusterDNSPort: Int = 53

    @Flag(name: .customLong("disable-cluster-dns"), help: "Do not serve cluster DNS on this node (pods' resolv.conf still names --cluster-dns).")
    var disableClusterDNS = false

    @Option(name: .customLong("max-pods"), help: "Pods this node accepts.")
    var maxPods: Int = 110

    @Option(name: .customLong("system-reserved"), help: "Resources held back from pods, e.g. cpu=100m,memory=256Mi.")
    var systemReserved: String?

    @Option(name: .customLong("cni-conf-dir"), help: "CNI configuration directory (default: DATA-DIR/agent/cni/net.d; a *.conflist of yours there replaces the default).")
    var cniConfDir: String?

    @Option(name: .customLong("cni-bridge"), help: "Bridge of the default CNI configuration (one per cluster on a host).")
    var cniBridge: String = "capstan0"

    @Option(name: .customLong("cni-bin-dir"), help: "Directories holding CNI plugins (comma-separated).")
    var cniBinDir: String = "/usr/lib/cni,/opt/cni/bin"

    @Option(name: .customLong("insecure-registry"), help: "Registry (host[:port]) pulled from over plain HTTP; repeatable. Loopback registries always may.")
    var insecureRegistries: [String] = []

    @Option(name: .customLong("restart-backoff"), help: "First container restart back-off; it doubles up to --max-restart-backoff.")
    var restartBackoff: String = "10s"

    @Option(name: .customLong("max-restart-backoff"), help: "Longest container restart back-off.")
    var maxRestartBackoff: String = "5m"

    @Option(name: .customLong("kubelet-port"), help: "HTTPS port of the agent's own endpoint (logs and stats for the API server), reported in the Node's daemonEndpoints.")
    var kubeletPort: Int = 10250

    @Option(name: .customLong("container-log-max-size"), help: "A container's log is rotated when it grows past this (quantity, e.g. 10Mi).")
    var containerLogMaxSize: String = "10Mi"

    @Option(name: .customLong("container-log-max-files"), help: "Log files kept per container, the current one included (at least 2).")
    var containerLogMaxFiles: Int = 5

    @Flag(name: .customLong("disable-service-proxy"), help: "Do not program Services into this node's nftables (kube-proxy's part).")
    var disableServiceProxy = false

    /// `--cluster-dns` as a list (the first is the one this node serves).
    var clusterDNSAddresses: [String] { clusterDNS.split(separator: ",").map(String.init) }

    func config(dataDir: URL) throws -> AgentConfig {
        var c = AgentConfig(nodeName: nodeName ?? AgentConfig.defaultNodeName(), dataDir: dataDir.appendingPathComponent("agent"))
        c.nodeIP = nodeIP
        guard (1...65535).contains(kubeletPort) else { throw ValidationError("invalid --kubelet-port \(kubeletPort): use 1-65535") }
        c.port = kubeletPort
        let size = Quantity(containerLogMaxSize)
        guard size.isValid, size.value > 0, containerLogMaxFiles >= 2 else {
            throw ValidationError("invalid --container-log-max-size/--container-log-max-files: use a size such as 10Mi and at least 2 files")
        }
        c.logRotation = LogRotationPolicy(maxSize: size.value, maxFiles: containerLogMaxFiles)
        c.containerRuntime = containerRuntime
        c.clusterDNS = clusterDNSAddresses
        c.clusterDomain = clusterDomain
        c.maxPods = maxPods
        if let systemReserved {
            for kv in systemReserved.split(separator: ",") {
                let p = kv.split(separator: "=", maxSplits: 1).map(String.init)
                guard p.count == 2, Quantity(p[1]).isValid else {
                    throw ValidationError("invalid --system-reserved entry \(kv): use name=quantity, e.g. cpu=100m")
                }
                c.reserved[p[0]] = Quantity(p[1])
            }
        }
        c.cniConfDir = cniConfDir.map { URL(fileURLWithPath: $0) }
        c.cniBinDirs = cniBinDir.split(separator: ",").map(String.init)
        guard let initial = GoDuration.parse(restartBackoff), let cap = GoDuration.parse(maxRestartBackoff), initial > .zero, cap >= initial else {
            throw ValidationError("invalid --restart-backoff/--max-restart-backoff: use durations such as 10s and 5m, the first not above the second")
        }
        c.restartBackoffInitial = initial
        c.restartBackoffMax = cap
        return c
    }

    /// The node-local DNS server (on the first --cluster-dns address), or nil with --disable-cluster-dns.
    func clusterDNS(client: KubeClient, logger: Logger) throws -> ClusterDNSService? {
        if disableClusterDNS { return nil }
        guard let address = clusterDNSAddresses.first, IPv4(address) != nil else {
            throw ValidationError("invalid --cluster-dns \(clusterDNS): the node-local DNS needs an IPv4 address (or use --disable-cluster-dns)")
        }
        guard (1...65535).contains(clusterDNSPort) else { throw ValidationError("invalid --cluster-dns-port \(clusterDNSPort): use 1-65535") }
        var config = ClusterDNSService.Configuration(address: address)
        config.port = clusterDNSPort
        config.domain = clusterDomain
        // A loopback address is already local; anything else goes on the dummy link.
        config.manageAddress = !address.hasPrefix("127.")
        return ClusterDNSService(client: client, config: config, ip: { args in try await Command("/usr/sbin/ip", args).run() }, logger: logger)
    }

    /// The agent with its runtime (OCI on this machine) and image store, or,
    /// with `--container-runtime simulated`, a hollow one (no OCI runtime,
    /// CNI or image store needed).
    func makeAgent(client: KubeClient, dataDir: URL, logger: Logger) throws -> NodeAgent {
        let config = try config(dataDir: dataDir)
        if config.containerRuntime == "simulated" {
            return HollowNodes.agent(client: client, config: config, podCIDR: HollowNodes.embeddedPodCIDR, logger: logger)
        }
        let agentDir = config.dataDir
        let images = try ImageStore(root: ImageStore.root(dataDir: dataDir.path), logger: logger)
        let nodeName = config.nodeName
        let network = CNIPodNetwork(
            confDir: (config.cniConfDir ?? agentDir.appendingPathComponent("cni/net.d")).path, binDirs: config.cniBinDirs,
            stateDir: agentDir.appendingPathComponent("cni").path, bridge: cniBridge,
            podCIDR: {
                let node = try? await client.get(.nodes, name: nodeName)
                let cidr = node?[path: ["spec", "podCIDR"]]?.stringValue
                return (cidr?.isEmpty ?? true) ? nil : cidr
            }, logger: logger)
        let choice: RuntimeChoice
        do {
            choice = try RuntimeChoice.select(config.containerRuntime)
        } catch {
            throw ValidationError("\(error)")
        }
        // conmon's own cap (it truncates) stays well above the rotation size, for bursts between two checks.
        let runtime = try OCIRuntime(
            root: agentDir.appendingPathComponent("runtime"), runtime: choice, network: network,
            logSizeMax: Int(min(config.logRotation.maxSize, Int64.max / 4) * 4), logger: logger)
        return NodeAgent(
            client: client, config: config, runtime: runtime,
            images: StoreImageService(store: images, insecureRegistries: insecureRegistries, logger: logger), logger: logger)
    }

    /// The node's service proxy (nftables), unless disabled or the node is
    /// simulated. Its table is named after the CNI bridge, so clusters
    /// sharing a host (tests) keep apart.
    func makeServiceProxy(client: KubeClient, dataDir: URL, nodeIP: String, logger: Logger) -> ServiceProxy? {
        guard !disableServiceProxy, containerRuntime != "simulated" else { return nil }
        let table = cniBridge == "capstan0" ? "capstan-proxy" : "capstan-proxy-\(cniBridge)"
        let model = ServiceProxyModel.Options(
            loadBalancerAddresses: [nodeIP, "127.0.0.1"],
            // This node's own DNS answers on the cluster DNS address; without it, kube-dns is proxied like any Service.
            skipClusterIPs: disableClusterDNS ? [] : Set(clusterDNSAddresses))
        return ServiceProxy(
            client: client,
            options: .init(table: table, model: model, bridge: cniBridge, scratchDirectory: dataDir.appendingPathComponent("agent/proxy")),
            logger: logger)
    }
}
