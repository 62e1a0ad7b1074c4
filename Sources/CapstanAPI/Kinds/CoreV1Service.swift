// core/v1 Service and the legacy Endpoints object.

public struct Service: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ServiceSpec?
    public var status: ServiceStatus?

    public init(
        apiVersion: String? = Service.gvk.apiVersion, kind: String? = Service.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: ServiceSpec? = nil, status: ServiceStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Service")
    public static var schemaName: String { "io.k8s.api.core.v1.Service" }
}

extension Service: SchemaDescribed {
    public static var typeDescription: String { "A stable name and virtual IP in front of a set of pods." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("How the service behaves."),
            "status": FieldDoc("Observed state of the service, such as its load balancer."),
        ]
    }
}

public struct ServiceList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Service]

    public init(
        apiVersion: String? = Service.gvk.apiVersion, kind: String? = "ServiceList", metadata: ListMeta? = nil,
        items: [Service]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ServiceList" }
}

public struct ServiceSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var ports: [ServicePort]?
    public var selector: [String: String]?
    public var clusterIP: String?
    public var clusterIPs: [String]?
    public var type: String?
    public var externalIPs: [String]?
    public var sessionAffinity: String?
    public var loadBalancerIP: String?
    public var loadBalancerSourceRanges: [String]?
    public var externalName: String?
    public var externalTrafficPolicy: String?
    public var healthCheckNodePort: Int32?
    public var publishNotReadyAddresses: Bool?
    public var sessionAffinityConfig: SessionAffinityConfig?
    public var ipFamilies: [String]?
    public var ipFamilyPolicy: String?
    public var allocateLoadBalancerNodePorts: Bool?
    public var loadBalancerClass: String?
    public var internalTrafficPolicy: String?
    public var trafficDistribution: String?

    public init(
        ports: [ServicePort]? = nil, selector: [String: String]? = nil, clusterIP: String? = nil,
        clusterIPs: [String]? = nil, type: String? = nil, externalIPs: [String]? = nil,
        sessionAffinity: String? = nil, loadBalancerIP: String? = nil, loadBalancerSourceRanges: [String]? = nil,
        externalName: String? = nil, externalTrafficPolicy: String? = nil, healthCheckNodePort: Int32? = nil,
        publishNotReadyAddresses: Bool? = nil, sessionAffinityConfig: SessionAffinityConfig? = nil,
        ipFamilies: [String]? = nil, ipFamilyPolicy: String? = nil, allocateLoadBalancerNodePorts: Bool? = nil,
        loadBalancerClass: String? = nil, internalTrafficPolicy: String? = nil, trafficDistribution: String? = nil
    ) {
        self.ports = ports
        self.selector = selector
        self.clusterIP = clusterIP
        self.clusterIPs = clusterIPs
        self.type = type
        self.externalIPs = externalIPs
        self.sessionAffinity = sessionAffinity
        self.loadBalancerIP = loadBalancerIP
        self.loadBalancerSourceRanges = loadBalancerSourceRanges
        self.externalName = externalName
        self.externalTrafficPolicy = externalTrafficPolicy
        self.healthCheckNodePort = healthCheckNodePort
        self.publishNotReadyAddresses = publishNotReadyAddresses
        self.sessionAffinityConfig = sessionAffinityConfig
        self.ipFamilies = ipFamilies
        self.ipFamilyPolicy = ipFamilyPolicy
        self.allocateLoadBalancerNodePorts = allocateLoadBalancerNodePorts
        self.loadBalancerClass = loadBalancerClass
        self.internalTrafficPolicy = internalTrafficPolicy
        self.trafficDistribution = trafficDistribution
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ServiceSpec" }
}

extension ServiceSpec: SchemaDescribed {
    public static var typeDescription: String { "Behaviour of a service." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "ports": FieldDoc(
                "Ports the service exposes.",
                mergeKey: "port", patchStrategy: "merge", listType: "map", listMapKeys: ["port", "protocol"]),
            "selector": FieldDoc("Labels of the pods traffic goes to. Without it, endpoints are managed by hand."),
            "clusterIP": FieldDoc(
                "Virtual IP of the service; None makes it headless. Usually allocated; cannot change."),
            "clusterIPs": FieldDoc(
                "Virtual IPs, at most one per family; the first equals clusterIP.",
                listType: "atomic"),
            "type": FieldDoc(
                "How the service is exposed. Default ClusterIP.",
                enumValues: ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]),
            "externalIPs": FieldDoc("Extra IPs on which nodes accept traffic for the service.", listType: "atomic"),
            "sessionAffinity": FieldDoc(
                "Stick a client to one endpoint. Default None.",
                enumValues: ["ClientIP", "None"]),
            "loadBalancerIP": FieldDoc("Deprecated: requested load balancer IP."),
            "loadBalancerSourceRanges": FieldDoc(
                "Client ranges allowed through the load balancer.",
                listType: "atomic"),
            "externalName": FieldDoc("DNS name returned as a CNAME, for type ExternalName."),
            "externalTrafficPolicy": FieldDoc(
                "Whether external traffic goes to node-local endpoints only (Local) or to all (Cluster).",
                enumValues: ["Cluster", "Local"]),
            "healthCheckNodePort": FieldDoc(
                "Node port for load balancer health checks, with externalTrafficPolicy Local."),
            "publishNotReadyAddresses": FieldDoc("Publish endpoints of pods that are not ready."),
            "sessionAffinityConfig": FieldDoc("Settings of session affinity."),
            "ipFamilies": FieldDoc("IP families of the service (IPv4, IPv6).", listType: "atomic"),
            "ipFamilyPolicy": FieldDoc(
                "Single or dual stack.",
                enumValues: ["SingleStack", "PreferDualStack", "RequireDualStack"]),
            "allocateLoadBalancerNodePorts": FieldDoc("Allocate node ports for LoadBalancer services. Default true."),
            "loadBalancerClass": FieldDoc("Load balancer implementation to use."),
            "internalTrafficPolicy": FieldDoc(
                "Whether cluster-internal traffic goes to node-local endpoints only. Default Cluster.",
                enumValues: ["Cluster", "Local"]),
            "trafficDistribution": FieldDoc("Preference for how traffic is spread over endpoints (PreferClose)."),
        ]
    }
}

public struct ServicePort: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var `protocol`: String?
    public var appProtocol: String?
    public var port: Int32
    public var targetPort: IntOrString?
    public var nodePort: Int32?

    public init(
        name: String? = nil, protocol: String? = nil, appProtocol: String? = nil, port: Int32,
        targetPort: IntOrString? = nil, nodePort: Int32? = nil
    ) {
        self.name = name
        self.protocol = `protocol`
        self.appProtocol = appProtocol
        self.port = port
        self.targetPort = targetPort
        self.nodePort = nodePort
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ServicePort" }
}

extension ServicePort: SchemaDescribed {
    public static var typeDescription: String { "A port of a service." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name, required when there are several ports."),
            "protocol": FieldDoc("Protocol. Default TCP.", enumValues: ["TCP", "UDP", "SCTP"]),
            "appProtocol": FieldDoc("Application protocol, as a hint to implementations."),
            "port": FieldDoc("Port exposed by the service."),
            "targetPort": FieldDoc("Port number or name on the pods. Default: same as port."),
            "nodePort": FieldDoc("Port on every node, for NodePort and LoadBalancer services. Allocated when unset."),
        ]
    }
}

public struct SessionAffinityConfig: Codable, Sendable, Equatable, SchemaNamed {
    public var clientIP: ClientIPConfig?

    public init(clientIP: ClientIPConfig? = nil) {
        self.clientIP = clientIP
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SessionAffinityConfig" }
}

extension SessionAffinityConfig: SchemaDescribed {
    public static var typeDescription: String { "Settings of session affinity." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "clientIP": FieldDoc("Settings of ClientIP affinity."),
        ]
    }
}

public struct ClientIPConfig: Codable, Sendable, Equatable, SchemaNamed {
    public var timeoutSeconds: Int32?

    public init(timeoutSeconds: Int32? = nil) {
        self.timeoutSeconds = timeoutSeconds
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ClientIPConfig" }
}

extension ClientIPConfig: SchemaDescribed {
    public static var typeDescription: String { "Settings of ClientIP affinity." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "timeoutSeconds": FieldDoc("How long a client sticks. Default 10800 (3 hours)."),
        ]
    }
}

public struct ServiceStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var loadBalancer: LoadBalancerStatus?
    public var conditions: [Condition]?

    public init(loadBalancer: LoadBalancerStatus? = nil, conditions: [Condition]? = nil) {
        self.loadBalancer = loadBalancer
        self.conditions = conditions
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ServiceStatus" }
}

extension ServiceStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a service." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "loadBalancer": FieldDoc("Load balancer state, if any."),
            "conditions": .mergeList("type", "Current conditions."),
        ]
    }
}

public struct LoadBalancerStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var ingress: [LoadBalancerIngress]?

    public init(ingress: [LoadBalancerIngress]? = nil) {
        self.ingress = ingress
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LoadBalancerStatus" }
}

extension LoadBalancerStatus: SchemaDescribed {
    public static var typeDescription: String { "State of a load balancer." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "ingress": FieldDoc("Its ingress points."),
        ]
    }
}

public struct LoadBalancerIngress: Codable, Sendable, Equatable, SchemaNamed {
    public var ip: String?
    public var hostname: String?
    public var ipMode: String?
    public var ports: [PortStatus]?

    public init(ip: String? = nil, hostname: String? = nil, ipMode: String? = nil, ports: [PortStatus]? = nil) {
        self.ip = ip
        self.hostname = hostname
        self.ipMode = ipMode
        self.ports = ports
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LoadBalancerIngress" }
}

extension LoadBalancerIngress: SchemaDescribed {
    public static var typeDescription: String { "An ingress point of a load balancer." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "ip": FieldDoc("IP address."),
            "hostname": FieldDoc("DNS name."),
            "ipMode": FieldDoc("How traffic reaches the service: VIP or Proxy.", enumValues: ["VIP", "Proxy"]),
            "ports": FieldDoc("Status of each port."),
        ]
    }
}

public struct PortStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var port: Int32
    public var `protocol`: String
    public var error: String?

    public init(port: Int32, protocol: String, error: String? = nil) {
        self.port = port
        self.protocol = `protocol`
        self.error = error
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PortStatus" }
}

extension PortStatus: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "protocol": FieldDoc("", enumValues: ["TCP", "UDP", "SCTP"]),
        ]
    }
}

public struct Endpoints: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var subsets: [EndpointSubset]?

    public init(
        apiVersion: String? = Endpoints.gvk.apiVersion, kind: String? = Endpoints.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), subsets: [EndpointSubset]? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.subsets = subsets
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Endpoints")
    public static var schemaName: String { "io.k8s.api.core.v1.Endpoints" }
}

extension Endpoints: SchemaDescribed {
    public static var typeDescription: String { "The addresses behind a service (legacy; see EndpointSlice)." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "subsets": FieldDoc("Sets of addresses with the ports they serve."),
        ]
    }
}

public struct EndpointsList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Endpoints]

    public init(
        apiVersion: String? = Endpoints.gvk.apiVersion, kind: String? = "EndpointsList", metadata: ListMeta? = nil,
        items: [Endpoints]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EndpointsList" }
}

public struct EndpointSubset: Codable, Sendable, Equatable, SchemaNamed {
    public var addresses: [EndpointAddress]?
    public var notReadyAddresses: [EndpointAddress]?
    public var ports: [EndpointPort]?

    public init(
        addresses: [EndpointAddress]? = nil, notReadyAddresses: [EndpointAddress]? = nil, ports: [EndpointPort]? = nil
    ) {
        self.addresses = addresses
        self.notReadyAddresses = notReadyAddresses
        self.ports = ports
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EndpointSubset" }
}

extension EndpointSubset: SchemaDescribed {
    public static var typeDescription: String { "Addresses that all serve the same ports." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "addresses": FieldDoc("Ready addresses."),
            "notReadyAddresses": FieldDoc("Addresses not ready yet."),
            "ports": FieldDoc("Ports served by the addresses."),
        ]
    }
}

public struct EndpointAddress: Codable, Sendable, Equatable, SchemaNamed {
    public var ip: String
    public var hostname: String?
    public var nodeName: String?
    public var targetRef: ObjectReference?

    public init(ip: String, hostname: String? = nil, nodeName: String? = nil, targetRef: ObjectReference? = nil) {
        self.ip = ip
        self.hostname = hostname
        self.nodeName = nodeName
        self.targetRef = targetRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EndpointAddress" }
}

extension EndpointAddress: SchemaDescribed {
    public static var typeDescription: String { "One endpoint." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "ip": FieldDoc("IP address."),
            "hostname": FieldDoc("Host name of the endpoint."),
            "nodeName": FieldDoc("Node hosting the endpoint."),
            "targetRef": FieldDoc("Object providing the endpoint, usually a pod."),
        ]
    }
}

public struct EndpointPort: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var port: Int32
    public var `protocol`: String?
    public var appProtocol: String?

    public init(name: String? = nil, port: Int32, protocol: String? = nil, appProtocol: String? = nil) {
        self.name = name
        self.port = port
        self.protocol = `protocol`
        self.appProtocol = appProtocol
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EndpointPort" }
}

extension EndpointPort: SchemaDescribed {
    public static var typeDescription: String { "A port of an endpoint." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name, matching the service port's."),
            "port": FieldDoc("Port number."),
            "protocol": FieldDoc("Protocol. Default TCP.", enumValues: ["TCP", "UDP", "SCTP"]),
            "appProtocol": FieldDoc("Application protocol."),
        ]
    }
}

public struct ObjectReference: Codable, Sendable, Equatable, SchemaNamed {
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var apiVersion: String?
    public var resourceVersion: String?
    public var fieldPath: String?

    public init(
        kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil,
        apiVersion: String? = nil, resourceVersion: String? = nil, fieldPath: String? = nil
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.apiVersion = apiVersion
        self.resourceVersion = resourceVersion
        self.fieldPath = fieldPath
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ObjectReference" }
}

extension ObjectReference: SchemaDescribed {
    public static var typeDescription: String { "Refers to an object, or a field within it." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "kind": FieldDoc("Kind."),
            "namespace": FieldDoc("Namespace."),
            "name": FieldDoc("Name."),
            "uid": FieldDoc("UID."),
            "apiVersion": FieldDoc("API version."),
            "resourceVersion": FieldDoc("Resource version the reference is about."),
            "fieldPath": FieldDoc("Field within the object, such as spec.containers{name}."),
        ]
    }
}
