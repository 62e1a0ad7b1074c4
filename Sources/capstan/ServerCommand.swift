import ArgumentParser
import CapstanAPI
import CapstanAPIServer
import CapstanAgentLink
import CapstanClient
import CapstanControllers
import CapstanDNS
import CapstanIngress
import CapstanNode
import CapstanScheduler
import CapstanStore
import Foundation
import Logging
import ServiceLifecycle

/// `capstan server`: the control plane on an embedded SQLite store, or on an
/// external etcd shared with other servers (`--datastore-endpoint`).
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the control plane (API server on an embedded datastore or an etcd)."
    )

    @Option(name: .customLong("data-dir"), help: "Directory for the datastore, certificates and kubeconfig (created if missing).")
    var dataDir: String = ".capstan"

    @Option(
        name: .customLong("datastore-endpoint"),
        help: "etcd client URLs (http://host:port, comma-separated) to store the cluster in instead of the embedded SQLite datastore.")
    var datastoreEndpoint: String?

    @Option(help: "HTTPS port of the API server (0 picks a free one).")
    var port: Int = 6443

    @Option(name: .customLong("bind-address"), help: "Address the API server listens on.")
    var bindAddress: String = "127.0.0.1"

    @Option(name: .customLong("compaction-interval"), help: "Seconds between store compactions (history is kept one to two intervals).")
    var compactionInterval: Int = 300

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Flag(name: .customLong("disable-scheduler"), help: "Do not run the scheduler in this server.")
    var disableScheduler = false

    @Option(name: .customLong("scheduler-config"), help: "KubeSchedulerConfiguration YAML file (profiles, plugins, weights).")
    var schedulerConfig: String?

    @Flag(name: .customLong("disable-controller-manager"), help: "Do not run the controllers in this server.")
    var disableControllerManager = false

    @Option(name: .customLong("node-monitor-grace-period"), help: "How long a node may be silent before it is marked unreachable (e.g. 50s).")
    var nodeMonitorGracePeriod: String = "50s"

    @Option(name: .customLong("default-not-ready-toleration-seconds"), help: "tolerationSeconds of the not-ready NoExecute toleration added to every pod.")
    var defaultNotReadyTolerationSeconds: Int64 = 300

    @Option(name: .customLong("default-unreachable-toleration-seconds"), help: "tolerationSeconds of the unreachable NoExecute toleration added to every pod.")
    var defaultUnreachableTolerationSeconds: Int64 = 300

    @Option(name: .customLong("service-cidr"), help: "IPv4 range Service ClusterIPs are allocated from (the first address is the kubernetes Service's).")
    var serviceCIDR: String = "10.43.0.0/16"

    @Option(name: .customLong("service-node-port-range"), help: "Port range NodePorts are allocated from.")
    var serviceNodePortRange: String = "30000-32767"

    @Option(name: .customLong("cluster-cidr"), help: "IPv4 range pod CIDRs are allocated from, one per node (spec.podCIDR).")
    var clusterCIDR: String = "10.42.0.0/16"

    @Option(name: .customLong("node-cidr-mask-size"), help: "Prefix length of each node's pod CIDR (24 gives 254 pod IPs per node).")
    var nodeCIDRMaskSize: Int = 24

    @Option(name: .customLong("default-local-storage-path"), help: "Directory the local-path provisioner puts volumes in (default: DATA-DIR/storage).")
    var defaultLocalStoragePath: String?

    @Flag(name: .customLong("disable-servicelb"), help: "Do not give LoadBalancer Services the nodes' addresses (k3s' ServiceLB); they stay <pending>.")
    var disableServiceLB = false

    @Flag(name: .customLong("disable-agent"), help: "Do not run a node agent (pods then need `capstan agent` nodes).")
    var disableAgent = false

    @Option(name: .customLong("hollow-nodes"), help: "Also run this many simulated nodes (hollow-0, hollow-1, ...; at most 256) whose containers only pretend to run.")
    var hollowNodes: Int = 0

    @Option(name: .customLong("ingress-http-port"), help: "Port the Ingress controller's nginx serves HTTP on (all addresses).")
    var ingressHTTPPort: Int = 80

    @Option(name: .customLong("ingress-https-port"), help: "Port the Ingress controller's nginx serves HTTPS on (all addresses).")
    var ingressHTTPSPort: Int = 443

    @Flag(name: .customLong("disable-ingress"), help: "Do not run the Ingress controller (it runs with the embedded node agent, and needs nginx).")
    var disableIngress = false

    @OptionGroup(title: "Embedded node agent")
    var agent: AgentOptions

    func run() async throws {
        guard let cluster = IPv4CIDR(clusterCIDR, strict: true) else {
            throw ValidationError("invalid --cluster-cidr \(clusterCIDR): use an IPv4 network such as 10.42.0.0/16 (host bits zero)")
        }
        guard cluster.subnetCount(prefixLength: nodeCIDRMaskSize) != nil else {
            throw ValidationError(
                "invalid --node-cidr-mask-size \(nodeCIDRMaskSize): must be between \(cluster.prefixLength) (the cluster CIDR's) and 32")
        }
        guard (0...256).contains(hollowNodes) else {
            throw ValidationError("invalid --hollow-nodes \(hollowNodes): between 0 and 256")
        }
        for (flag, value) in [("--ingress-http-port", ingressHTTPPort), ("--ingress-https-port", ingressHTTPSPort)] where !(1...65535).contains(value) {
            throw ValidationError("invalid \(flag) \(value): between 1 and 65535")
        }
        guard disableIngress || ingressHTTPPort != ingressHTTPSPort else {
            throw ValidationError("--ingress-http-port and --ingress-https-port must differ")
        }
        guard let grace = GoDuration.parse(nodeMonitorGracePeriod), grace > .zero else {
            throw ValidationError("invalid --node-monitor-grace-period \(nodeMonitorGracePeriod): use a duration such as 50s or 1m")
        }
        var controllerSettings = ControllerSettings()
        controllerSettings.nodeLifecycle.gracePeriod = grace
        controllerSettings.nodeIPAM.clusterCIDR = clusterCIDR
        controllerSettings.nodeIPAM.nodeCIDRMaskSize = nodeCIDRMaskSize
        controllerSettings.serviceLB = !disableServiceLB
        var admission = AdmissionSettings()
        admission.defaultNotReadyTolerationSeconds = defaultNotReadyTolerationSeconds
        admission.defaultUnreachableTolerationSeconds = defaultUnreachableTolerationSeconds
        admission.serviceRanges.serviceCIDR = serviceCIDR
        guard admission.serviceRanges.firstIP != nil else {
            throw ValidationError("invalid --service-cidr \(serviceCIDR): use an IPv4 range from /8 to /30, e.g. 10.43.0.0/16")
        }
        let portBounds = serviceNodePortRange.split(separator: "-").compactMap { Int($0) }
        guard portBounds.count == 2, portBounds[0] >= 1, portBounds[0] <= portBounds[1], portBounds[1] <= 65535 else {
            throw ValidationError("invalid --service-node-port-range \(serviceNodePortRange): use FIRST-LAST, e.g. 30000-32767")
        }
        admission.serviceRanges.nodePorts = portBounds[0]...portBounds[1]
        var logger = Logger(label: "capstan")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var schedulerConfiguration = SchedulerConfiguration.default
        if let schedulerConfig {
            let text: String
            do {
                text = try String(contentsOfFile: schedulerConfig, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read --scheduler-config \(schedulerConfig): \(error.localizedDescription)")
            }
            do {
                schedulerConfiguration = try SchedulerConfiguration(yaml: text)
                _ = try schedulerConfiguration.makeProfiles()
            } catch {
                throw ValidationError("invalid --scheduler-config \(schedulerConfig): \(error)")
            }
        }
        let dir = URL(fileURLWithPath: dataDir).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create data directory \(dir.path): \(error.localizedDescription)")
        }
        controllerSettings.localPath.basePath = defaultLocalStoragePath.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? dir.appendingPathComponent("storage").path
        let started = ContinuousClock.now
        let advertise = (bindAddress == "0.0.0.0" || bindAddress == "::") ? "127.0.0.1" : bindAddress
        var hosts = ["127.0.0.1", "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                     "kubernetes.default.svc.cluster.local", advertise]
        if let h = ProcessInfo.processInfo.hostName as String?, !h.isEmpty { hosts.append(h) }
        let pki = try ClusterPKI.loadOrCreate(in: dir.appendingPathComponent("tls"), hosts: Array(Set(hosts)).sorted())
        let store = try await Datastore.open(endpoints: datastoreEndpoint, dataDir: dir, logger: logger)
        let registry = APIRegistry(BuiltinResources.definitions())
        let core = APIServerCore(store: store, registry: registry, advertiseAddress: "\(advertise):\(port)", admission: admission, logger: logger)
        try await core.start()

        let kubeconfigURL = dir.appendingPathComponent("kubeconfig.yaml")
        let log = logger
        let token = try NodeJoinToken.loadOrCreate(dataDir: dir, caPEM: pki.ca.certificatePEM)
        let join = try NodeJoinAuthority(pki: pki, token: token)
        let apiserverClient = KubeClient(transport: LocalTransport(
            server: core, user: UserInfo(name: "system:apiserver", groups: ["system:masters", "system:authenticated"])))
        let server = APIServerService(
            core: core, config: APIServerConfiguration(bindAddress: bindAddress, port: port, pki: pki, join: join)
        ) { actualPort in
            Task {
                do {
                    try await KubernetesEndpoints.write(client: apiserverClient, ip: advertise, port: actualPort)
                } catch {
                    log.warning("cannot write the kubernetes Service's endpoints: \(error)")
                }
            }
            do {
                try Kubeconfig.write(to: kubeconfigURL, server: "https://\(advertise):\(actualPort)", pki: pki)
                log.info("API server ready on https://\(advertise):\(actualPort) after \(ContinuousClock.now - started); kubeconfig: \(kubeconfigURL.path)")
                // Printed whatever the log level: an operator needs it to add nodes.
                let hint = "To join a node: capstan agent --server https://\(advertise):\(actualPort) --token \(token) (the token is also in \(dir.appendingPathComponent("node-token").path))\n"
                FileHandle.standardOutput.write(Data(hint.utf8))
            } catch {
                log.error("cannot write kubeconfig \(kubeconfigURL.path): \(error)")
            }
        }
        let crds = BackgroundService(name: "crd-controller") { await CRDController(core: core).run() }
        let compactor = BackgroundService(name: "compactor") {
            await Compactor(store: store, interval: .seconds(compactionInterval), logger: log).run()
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: server), .init(service: crds), .init(service: compactor),
        ]
        // One identity per server process for both leases (hostname and a
        // random suffix, as client-go forms it): servers sharing an etcd on one
        // host stay distinct, and a Lease's holder names the server leading.
        let identity = "\(ProcessInfo.processInfo.hostName)_\(UUID().uuidString)"
        logger.info("leader election identity \(identity)")
        if !disableScheduler {
            // In process, through the API's own pipeline, as system:kube-scheduler.
            let client = KubeClient(transport: LocalTransport(
                server: core, user: UserInfo(name: "system:kube-scheduler", groups: ["system:authenticated"])))
            let scheduler = try SchedulerService(
                client: client, configuration: schedulerConfiguration, identity: identity,
                logger: { var l = Logger(label: "capstan.scheduler"); l.logLevel = logger.logLevel; return l }())
            services.append(.init(service: BackgroundService(name: "scheduler") { await scheduler.run() }))
        }
        if !disableControllerManager {
            let client = KubeClient(transport: LocalTransport(
                server: core, user: UserInfo(name: "system:kube-controller-manager", groups: ["system:authenticated"])))
            // k3s' local-storage addon: the default class the provisioner serves.
            try await LocalPathProvisionerController.ensureDefaultStorageClass(client: client)
            var cmLogger = Logger(label: "capstan.controllers")
            cmLogger.logLevel = logger.logLevel
            let manager = ControllerManager(
                client: client, controllers: BuiltinControllers.all(controllerSettings), identity: identity,
                leaderElection: ControllerManager.leaseConfig(identity: identity), logger: cmLogger)
            services.append(.init(service: BackgroundService(name: "controller-manager") { await manager.run() }))
        }
        if !disableAgent {
            let nodeName = agent.nodeName ?? AgentConfig.defaultNodeName()
            let client = KubeClient(transport: LocalTransport(
                server: core, user: UserInfo(name: "system:node:\(nodeName)", groups: ["system:nodes", "system:authenticated"])))
            var agentLogger = Logger(label: "capstan.agent")
            agentLogger.logLevel = logger.logLevel
            let nodeAgent = try agent.makeAgent(client: client, dataDir: dir, logger: agentLogger)
            core.nodes.register(nodeName, LocalNodeConnector(agent: nodeAgent))
            services.append(.init(service: BackgroundService(name: "agent") { await nodeAgent.run() }))
            if let dns = try agent.clusterDNS(client: client, logger: agentLogger) {
                if let ip = agent.clusterDNSAddresses.first {
                    await core.ensureClusterDNSService(clusterIP: ip)
                }
                services.append(.init(service: BackgroundService(name: "cluster-dns") { await dns.run() }))
            }
            if let proxy = agent.makeServiceProxy(client: client, dataDir: dir, nodeIP: await nodeAgent.nodeIP, logger: agentLogger) {
                services.append(.init(service: BackgroundService(name: "service-proxy") { await proxy.run() }))
            }
            if !disableIngress {
                // nginx proxies straight to pod IPs, which this host reaches through the node's CNI bridge.
                let ingressClient = KubeClient(transport: LocalTransport(
                    server: core, user: UserInfo(name: "system:capstan-ingress", groups: ["system:authenticated"])))
                var ingressLogger = Logger(label: "capstan.ingress")
                ingressLogger.logLevel = logger.logLevel
                let ingress = IngressController(
                    client: ingressClient,
                    configuration: IngressConfiguration(
                        directory: dir.appendingPathComponent("ingress"), httpPort: ingressHTTPPort, httpsPort: ingressHTTPSPort,
                        nodeName: nodeName),
                    logger: ingressLogger)
                services.append(.init(service: BackgroundService(name: "ingress") { await ingress.run() }))
            }
        }
        var localNodes: Set<String> = disableAgent ? [] : [agent.nodeName ?? AgentConfig.defaultNodeName()]
        if hollowNodes > 0 {
            localNodes.formUnion((0..<hollowNodes).map(HollowNodes.name))
            var hollowLogger = Logger(label: "capstan.hollow")
            hollowLogger.logLevel = logger.logLevel
            let template = try agent.config(dataDir: dir)
            for (i, a) in HollowNodes.agents(count: hollowNodes, core: core, dataDir: dir, template: template, logger: hollowLogger).enumerated() {
                services.append(.init(service: BackgroundService(name: HollowNodes.name(i)) { await a.run() }))
            }
        }
        // Nodes joined with `capstan agent` are reached over HTTPS at the address they report.
        let remote = try RemoteNodeConnectors(
            core: core, client: apiserverClient,
            pki: pki, localNodes: localNodes, logger: logger)
        services.append(.init(service: BackgroundService(name: "node-connectors") { await remote.run() }))
        services.append(.init(service: BackgroundService(name: "service-allocation-repair") { await core.runServiceAllocationRepair() }))
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            ))
        try await group.run()
        await core.stop()
        await store.close()
        logger.info("capstan server stopped")
    }
}

/// Runs a long-lived task as a Service that ends on graceful shutdown.
struct BackgroundService: ServiceLifecycle.Service {
    let name: String
    let body: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await body()
        }
    }
}
