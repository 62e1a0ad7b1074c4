import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// Settings of one node agent; the defaults are the kubelet's (and k3s') where they have one.
public struct AgentConfig: Sendable {
    public var nodeName: String
    /// Everything the node keeps: images, runtime state, pod volumes, logs (`<data-dir>/agent`).
    public var dataDir: URL
    /// InternalIP reported for the node; detected when nil.
    public var nodeIP: String?
    /// "auto", "runc", "crun" or "simulated" (hollow nodes).
    public var containerRuntime: String = "auto"
    public var clusterDNS: [String] = ["10.43.0.10"]
    public var clusterDomain: String = "cluster.local"
    public var maxPods: Int = 110
    /// Subtracted from capacity for allocatable (kube-reserved + system-reserved), e.g. ["cpu": "100m"].
    public var reserved: [String: Quantity] = [:]
    /// The kubelet's default hard eviction threshold, also subtracted from allocatable memory.
    public var evictionHardMemory: Quantity = Quantity("100Mi")
    public var restartBackoffInitial: Duration = .seconds(10)
    public var restartBackoffMax: Duration = .seconds(300)
    /// A container that ran this long before exiting restarts without back-off.
    public var backoffReset: Duration = .seconds(600)
    public var leaseDurationSeconds: Int = 40
    public var leaseRenewInterval: Duration = .seconds(10)
    public var podPidsLimit: Int64? = nil
    /// Container log rotation (the kubelet's containerLogMaxSize / containerLogMaxFiles).
    public var logRotation = LogRotationPolicy()
    /// CNI configuration directory (a user's *.conflist there replaces ours) and plugin directories.
    public var cniConfDir: URL? = nil
    public var cniBinDirs: [String] = ["/usr/lib/cni", "/opt/cni/bin"]
    /// Port the agent's HTTPS endpoint (logs, exec, stats) listens on; reported as daemonEndpoints.kubeletEndpoint.
    public var port: Int = 10250

    public init(nodeName: String, dataDir: URL) {
        self.nodeName = nodeName
        self.dataDir = dataDir
    }

    /// Lowercased, as Kubernetes requires of node names (hostnames may carry capitals).
    public static func defaultNodeName() -> String {
        ProcessInfo.processInfo.hostName.split(separator: ".").first.map { $0.lowercased() } ?? "node"
    }
}

/// What every pod worker of one agent shares.
struct AgentContext: Sendable {
    let client: KubeClient
    let runtime: any ContainerRuntime
    let images: any ImageService
    let recorder: EventRecorder
    let config: AgentConfig
    let configSource: any ConfigSource
    let logger: Logger
    let nodeIP: String
    let allocatable: [String: Quantity]
    let hostResolvConf: String

    var podsDir: URL { config.dataDir.appendingPathComponent("pods") }
    var logsDir: URL { config.dataDir.appendingPathComponent("logs") }
}

/// ConfigMaps and Secrets read through the API when a container starts or a volume refreshes.
struct APIConfigSource: ConfigSource {
    let client: KubeClient

    func configMap(_ namespace: String, _ name: String) async throws -> [String: String]? {
        do {
            let o = try await client.get(.configMaps, namespace: namespace, name: name)
            var out: [String: String] = [:]
            for (k, v) in o["data"]?.objectValue ?? [:] { out[k] = v.stringValue ?? "" }
            for (k, v) in o["binaryData"]?.objectValue ?? [:] {
                out[k] = Data(base64Encoded: v.stringValue ?? "").map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
            return out
        } catch let e as APIStatusError where e.code == 404 {
            return nil
        }
    }

    func secret(_ namespace: String, _ name: String) async throws -> [String: Data]? {
        do {
            let o = try await client.get(.secrets, namespace: namespace, name: name)
            var out: [String: Data] = [:]
            for (k, v) in o["data"]?.objectValue ?? [:] { out[k] = Data(base64Encoded: v.stringValue ?? "") ?? Data() }
            for (k, v) in o["stringData"]?.objectValue ?? [:] { out[k] = Data((v.stringValue ?? "").utf8) }
            return out
        } catch let e as APIStatusError where e.code == 404 {
            return nil
        }
    }
}
