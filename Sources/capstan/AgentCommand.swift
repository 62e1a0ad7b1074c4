import ArgumentParser
import CapstanAPIServer
import CapstanAgentLink
import CapstanClient
import CapstanNode
import Foundation
import Logging
import ServiceLifecycle

/// `capstan agent`: a worker node joining a server over HTTPS with the
/// server's join token, then running pods like the embedded agent.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run a node that joins a Capstan server (--server URL --token TOKEN).")

    @Option(help: "URL of the API server, e.g. https://10.0.0.1:6443.")
    var server: String

    @Option(help: "The server's join token (its DATA-DIR/node-token; printed when it starts).")
    var token: String?

    @Option(name: .customLong("token-file"), help: "File holding the join token (instead of --token).")
    var tokenFile: String?

    @Option(name: .customLong("data-dir"), help: "Directory for the node's certificates, images and containers' state.")
    var dataDir: String = ".capstan-agent"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @OptionGroup(title: "Node agent")
    var agent: AgentOptions

    func validate() throws {
        guard server.hasPrefix("https://") else { throw ValidationError("--server must be an https:// URL, e.g. https://10.0.0.1:6443") }
        guard (token == nil) != (tokenFile == nil) else { throw ValidationError("give the join token with --token or --token-file (one of them)") }
    }

    func run() async throws {
        var logger = Logger(label: "capstan.agent")
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level \(logLevel)") }
        logger.logLevel = level
        let text = try token ?? String(contentsOfFile: tokenFile!, encoding: .utf8)
        guard let joinToken = NodeJoinToken(text) else {
            throw ValidationError("the join token is empty or malformed: use the server's DATA-DIR/node-token")
        }
        let dir = URL(fileURLWithPath: dataDir).standardizedFileURL
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)

        // The agent's address goes into its serving certificate, so the API server can verify whom it calls.
        let probe = try agent.config(dataDir: dir)
        let nodeName = probe.nodeName
        let nodeIP = probe.nodeIP ?? NodeAgent.defaultNodeIP()
        let credentials: NodeCredentials
        do {
            credentials = try await NodeBootstrap.credentials(
                server: server, token: joinToken, nodeName: nodeName, addresses: [nodeIP, nodeName],
                dir: dir.appendingPathComponent("agent/tls"), logger: logger)
        } catch let e as NodeBootstrap.Failure {
            throw ValidationError(e.description)
        }
        let transport = HTTPSTransport(server: server, tls: try credentials.clientTLS())
        var options = agent
        options.nodeIP = nodeIP
        let client = KubeClient(transport: transport)
        let nodeAgent = try options.makeAgent(client: client, dataDir: dir, logger: logger)
        let endpoint = AgentEndpoint(
            agent: nodeAgent, credentials: credentials, bindAddress: "0.0.0.0", port: agent.kubeletPort, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: BackgroundService(name: "agent") { await nodeAgent.run() }),
            .init(service: endpoint),
        ]
        if let proxy = agent.makeServiceProxy(client: client, dataDir: dir, nodeIP: nodeIP, logger: logger) {
            services.append(.init(service: BackgroundService(name: "service-proxy") { await proxy.run() }))
        }
        if let dns = try agent.clusterDNS(client: client, logger: logger) {
            services.append(.init(service: BackgroundService(name: "cluster-dns") { await dns.run() }))
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("node \(nodeName) (\(nodeIP)) joining \(server); endpoint on port \(agent.kubeletPort)")
        try await group.run()
        await transport.shutdown()
    }
}
