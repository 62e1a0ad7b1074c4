import CapstanAPI

/// One port of one Service, as the proxy programs it: where traffic comes in
/// (frontends) and where it goes (ready endpoints). A value computed from
/// the Service and its EndpointSlices; the nftables layer only compares two
/// of these, so every rule change is decided here.
public struct ServicePortRules: Sendable, Equatable {
    /// namespace/name/protocol/port-name: the chain names derive from it.
    public struct ID: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var namespace: String
        public var name: String
        public var proto: String
        /// The port's name, or its number when the Service has a single unnamed port.
        public var port: String
        public init(namespace: String, name: String, proto: String, port: String) {
            self.namespace = namespace
            self.name = name
            self.proto = proto
            self.port = port
        }
        public var description: String { "\(namespace)/\(name)/\(proto)/\(port)" }
        public static func < (a: ID, b: ID) -> Bool { a.description < b.description }
        /// namespace/name of the Service.
        public var service: String { "\(namespace)/\(name)" }
    }

    /// Where packets for this port arrive.
    public enum Frontend: Sendable, Hashable, Comparable {
        /// An address of the Service's own (ClusterIP, or a LoadBalancer
        /// ingress address on this node) and port.
        case address(ip: String, port: Int)
        /// A NodePort: the port on every local address of the node.
        case nodePort(Int)

        public static func < (a: Frontend, b: Frontend) -> Bool {
            switch (a, b) {
            case (.address(let i, let p), .address(let j, let q)): (i, p) < (j, q)
            case (.nodePort(let p), .nodePort(let q)): p < q
            case (.address, .nodePort): true
            case (.nodePort, .address): false
            }
        }
    }

    public struct Endpoint: Sendable, Hashable, Comparable {
        public var ip: String
        public var port: Int
        public init(ip: String, port: Int) {
            self.ip = ip
            self.port = port
        }
        public static func < (a: Endpoint, b: Endpoint) -> Bool { (a.ip, a.port) < (b.ip, b.port) }
    }

    public var id: ID
    /// tcp, udp or sctp (nftables' spelling).
    public var proto: String { id.proto }
    public var frontends: [Frontend]
    /// Sorted, without duplicates; empty means "reject".
    public var endpoints: [Endpoint]
    /// sessionAffinity ClientIP: how long a client sticks to its endpoint.
    public var affinitySeconds: Int?

    public init(id: ID, frontends: [Frontend], endpoints: [Endpoint], affinitySeconds: Int? = nil) {
        self.id = id
        self.frontends = frontends.sorted()
        self.endpoints = Array(Set(endpoints)).sorted()
        self.affinitySeconds = affinitySeconds
    }
}
