import CapstanAPI
import CapstanAPIServer
import CapstanClient
import CapstanNode
import Foundation
import Logging

/// Hollow nodes (`capstan server --hollow-nodes N`, like kubemark's): real
/// node agents — registration, lease, status, pod workers — over the
/// `SimulatedRuntime`, so the control plane can be exercised with many
/// nodes and pods on one machine. Each talks to the API server in process
/// as system:node:NAME, as the embedded agent does.
enum HollowNodes {
    /// Fake pod addresses of an embedded agent run with `--container-runtime simulated`.
    static let embeddedPodCIDR = IPv4CIDR("10.40.0.0/24", strict: true)!

    static func name(_ index: Int) -> String { "hollow-\(index)" }

    /// Agents hollow-0..count-1, each with its own directory under
    /// DATA-DIR/hollow (pod volumes live there), pod addresses from
    /// 10.41.<index>.0/24 and that range's .1 as its InternalIP.
    static func agents(count: Int, core: APIServerCore, dataDir: URL, template: AgentConfig, logger: Logger) -> [NodeAgent] {
        (0..<count).compactMap { index -> NodeAgent? in
            guard let cidr = SimulatedRuntime.hollowNodeCIDR(index: index) else { return nil }
            let name = name(index)
            var config = template
            config.nodeName = name
            config.dataDir = dataDir.appendingPathComponent("hollow/\(name)")
            config.containerRuntime = "simulated"
            config.nodeIP = IPv4CIDR.formatAddress(cidr.base + 1)
            let client = KubeClient(transport: LocalTransport(
                server: core, user: UserInfo(name: "system:node:\(name)", groups: ["system:nodes", "system:authenticated"])))
            var l = logger
            l[metadataKey: "node"] = .string(name)
            return agent(client: client, config: config, podCIDR: cidr, logger: l)
        }
    }

    static func agent(client: KubeClient, config: AgentConfig, podCIDR: IPv4CIDR, logger: Logger) -> NodeAgent {
        NodeAgent(client: client, config: config, runtime: SimulatedRuntime(podCIDR: podCIDR), images: SimulatedImageService(), logger: logger)
    }
}
