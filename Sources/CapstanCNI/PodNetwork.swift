import Foundation

/// A port a pod asks for on the node (container `hostPort`), handed to
/// plugins that declare the `portMappings` capability (portmap).
public struct PortMapping: Sendable, Equatable, Codable {
    public var hostPort: Int
    public var containerPort: Int
    /// "tcp", "udp" or "sctp" (lower-case, as portmap expects; Kubernetes' "TCP" is accepted and lowered).
    public var `protocol`: String
    /// Only on this host address; nil or "" for all.
    public var hostIP: String?

    public init(hostPort: Int, containerPort: Int, protocol: String = "tcp", hostIP: String? = nil) {
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.protocol = `protocol`.lowercased()
        self.hostIP = hostIP
    }

    var json: CNIJSON {
        var o: CNIJSON = [
            "hostPort": .number(Double(hostPort)), "containerPort": .number(Double(containerPort)),
            "protocol": .string(`protocol`.lowercased()),
        ]
        if let hostIP, !hostIP.isEmpty { o["hostIP"] = .string(hostIP) }
        return o
    }
}

/// Which pod sandbox to attach, and how.
public struct PodNetworkRequest: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var uid: String
    /// CNI_CONTAINERID: the sandbox's id, stable while the sandbox lives.
    public var sandboxID: String
    /// CNI_NETNS: the sandbox's network namespace path (see `NetworkNamespace.path`).
    public var netnsPath: String
    public var interfaceName: String
    public var portMappings: [PortMapping]

    public init(
        namespace: String, name: String, uid: String, sandboxID: String, netnsPath: String, interfaceName: String = "eth0",
        portMappings: [PortMapping] = []
    ) {
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.sandboxID = sandboxID
        self.netnsPath = netnsPath
        self.interfaceName = interfaceName
        self.portMappings = portMappings
    }

    /// CNI_ARGS as kubelet and containerd send them.
    var cniArgs: [(String, String)] {
        [
            ("IgnoreUnknown", "1"), ("K8S_POD_NAMESPACE", namespace), ("K8S_POD_NAME", name),
            ("K8S_POD_INFRA_CONTAINER_ID", sandboxID), ("K8S_POD_UID", uid),
        ]
    }

    var capabilityArgs: [String: CNIJSON] {
        portMappings.isEmpty ? [:] : ["portMappings": .array(portMappings.map(\.json))]
    }
}

/// What a pod got: its IPs (for pod.status.podIP and podIPs) and the full result.
public struct PodNetworkResult: Sendable, Equatable {
    /// The network (configuration list name) the pod was attached to.
    public var network: String
    /// Addresses without prefix length, IPv4 first: pod.status.podIPs in order; the first is pod.status.podIP.
    public var podIPs: [String]
    /// The final result of the chain (the last plugin's).
    public var result: CNIResult

    public var podIP: String? { podIPs.first }
}
