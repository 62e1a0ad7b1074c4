// networking.k8s.io/v1 Ingress, IngressClass and NetworkPolicy.

public struct Ingress: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: IngressSpec?
    public var status: IngressStatus?

    public init(
        apiVersion: String? = Ingress.gvk.apiVersion, kind: String? = Ingress.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: IngressSpec? = nil, status: IngressStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "Ingress")
    public static var schemaName: String { "io.k8s.api.networking.v1.Ingress" }
}

extension Ingress: SchemaDescribed {
    public static var typeDescription: String {
        "HTTP(S) routing from outside the cluster to services, implemented by an ingress controller."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Routing rules."),
            "status": FieldDoc("Current state, such as the load balancer address."),
        ]
    }
}

public struct IngressList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [Ingress]

    public init(
        apiVersion: String? = Ingress.gvk.apiVersion, kind: String? = "IngressList", metadata: ListMeta? = nil,
        items: [Ingress]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressList" }
}

public struct IngressSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var ingressClassName: String?
    public var defaultBackend: IngressBackend?
    public var tls: [IngressTLS]?
    public var rules: [IngressRule]?

    public init(
        ingressClassName: String? = nil, defaultBackend: IngressBackend? = nil, tls: [IngressTLS]? = nil,
        rules: [IngressRule]? = nil
    ) {
        self.ingressClassName = ingressClassName
        self.defaultBackend = defaultBackend
        self.tls = tls
        self.rules = rules
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressSpec" }
}

extension IngressSpec: SchemaDescribed {
    public static var typeDescription: String { "Routing of an ingress." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "ingressClassName": FieldDoc("IngressClass that implements this ingress."),
            "defaultBackend": FieldDoc("Backend for requests no rule matches."),
            "tls": FieldDoc("TLS settings per host group.", listType: "atomic"),
            "rules": FieldDoc("Host and path rules.", listType: "atomic"),
        ]
    }
}

public struct IngressBackend: Codable, Sendable, Equatable, SchemaNamed {
    public var service: IngressServiceBackend?
    public var resource: TypedLocalObjectReference?

    public init(service: IngressServiceBackend? = nil, resource: TypedLocalObjectReference? = nil) {
        self.service = service
        self.resource = resource
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressBackend" }
}

extension IngressBackend: SchemaDescribed {
    public static var typeDescription: String { "Where matched traffic goes; service or resource." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "service": FieldDoc("A service."),
            "resource": FieldDoc("Another object in the namespace, such as a storage bucket."),
        ]
    }
}

public struct IngressServiceBackend: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var port: ServiceBackendPort?

    public init(name: String, port: ServiceBackendPort? = nil) {
        self.name = name
        self.port = port
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressServiceBackend" }
}

extension IngressServiceBackend: SchemaDescribed {
    public static var typeDescription: String { "A service backend." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Service name."),
            "port": FieldDoc("Service port."),
        ]
    }
}

public struct ServiceBackendPort: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var number: Int32?

    public init(name: String? = nil, number: Int32? = nil) {
        self.name = name
        self.number = number
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.ServiceBackendPort" }
}

extension ServiceBackendPort: SchemaDescribed {
    public static var typeDescription: String { "A service port, by name or number." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Port name."),
            "number": FieldDoc("Port number."),
        ]
    }
}

public struct IngressTLS: Codable, Sendable, Equatable, SchemaNamed {
    public var hosts: [String]?
    public var secretName: String?

    public init(hosts: [String]? = nil, secretName: String? = nil) {
        self.hosts = hosts
        self.secretName = secretName
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressTLS" }
}

extension IngressTLS: SchemaDescribed {
    public static var typeDescription: String { "TLS for a set of hosts." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "hosts": FieldDoc("Hosts covered by the certificate.", listType: "atomic"),
            "secretName": FieldDoc("Secret with the certificate and key."),
        ]
    }
}

public struct IngressRule: Codable, Sendable, Equatable, SchemaNamed {
    public var host: String?
    public var http: HTTPIngressRuleValue?

    public init(host: String? = nil, http: HTTPIngressRuleValue? = nil) {
        self.host = host
        self.http = http
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressRule" }
}

extension IngressRule: SchemaDescribed {
    public static var typeDescription: String { "Routes for one host." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "host": FieldDoc("Host name; may start with a wildcard label (*.example.com)."),
            "http": FieldDoc("HTTP routes."),
        ]
    }
}

public struct HTTPIngressRuleValue: Codable, Sendable, Equatable, SchemaNamed {
    public var paths: [HTTPIngressPath]

    public init(paths: [HTTPIngressPath]) {
        self.paths = paths
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.HTTPIngressRuleValue" }
}

extension HTTPIngressRuleValue: SchemaDescribed {
    public static var typeDescription: String { "HTTP routes." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "paths": FieldDoc("Paths and their backends.", listType: "atomic"),
        ]
    }
}

public struct HTTPIngressPath: Codable, Sendable, Equatable, SchemaNamed {
    public var path: String?
    public var pathType: String
    public var backend: IngressBackend

    public init(path: String? = nil, pathType: String, backend: IngressBackend) {
        self.path = path
        self.pathType = pathType
        self.backend = backend
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.HTTPIngressPath" }
}

extension HTTPIngressPath: SchemaDescribed {
    public static var typeDescription: String { "A path and where it routes." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "path": FieldDoc("Path to match; must start with /."),
            "pathType": FieldDoc("How path is matched.", enumValues: ["Exact", "Prefix", "ImplementationSpecific"]),
            "backend": FieldDoc("Where matching requests go."),
        ]
    }
}

public struct IngressStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var loadBalancer: IngressLoadBalancerStatus?

    public init(loadBalancer: IngressLoadBalancerStatus? = nil) {
        self.loadBalancer = loadBalancer
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressStatus" }
}

extension IngressStatus: SchemaDescribed {
    public static var typeDescription: String { "Current state of an ingress." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "loadBalancer": FieldDoc("Load balancer addresses."),
        ]
    }
}

public struct IngressLoadBalancerStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var ingress: [IngressLoadBalancerIngress]?

    public init(ingress: [IngressLoadBalancerIngress]? = nil) {
        self.ingress = ingress
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressLoadBalancerStatus" }
}

public struct IngressLoadBalancerIngress: Codable, Sendable, Equatable, SchemaNamed {
    public var ip: String?
    public var hostname: String?
    public var ports: [IngressPortStatus]?

    public init(ip: String? = nil, hostname: String? = nil, ports: [IngressPortStatus]? = nil) {
        self.ip = ip
        self.hostname = hostname
        self.ports = ports
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressLoadBalancerIngress" }
}

public struct IngressPortStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var port: Int32
    public var `protocol`: String
    public var error: String?

    public init(port: Int32, protocol: String, error: String? = nil) {
        self.port = port
        self.protocol = `protocol`
        self.error = error
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressPortStatus" }
}

extension IngressPortStatus: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "protocol": FieldDoc("", enumValues: ["TCP", "UDP", "SCTP"]),
        ]
    }
}

public struct IngressClass: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: IngressClassSpec?

    public init(
        apiVersion: String? = IngressClass.gvk.apiVersion, kind: String? = IngressClass.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: IngressClassSpec? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
    }
    public static let gvk = GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "IngressClass")
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressClass" }
}

extension IngressClass: SchemaDescribed {
    public static var typeDescription: String { "An ingress implementation and its parameters." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("The controller and its parameters."),
        ]
    }
}

public struct IngressClassList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [IngressClass]

    public init(
        apiVersion: String? = IngressClass.gvk.apiVersion, kind: String? = "IngressClassList",
        metadata: ListMeta? = nil, items: [IngressClass]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressClassList" }
}

public struct IngressClassSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var controller: String?
    public var parameters: IngressClassParametersReference?

    public init(controller: String? = nil, parameters: IngressClassParametersReference? = nil) {
        self.controller = controller
        self.parameters = parameters
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressClassSpec" }
}

extension IngressClassSpec: SchemaDescribed {
    public static var typeDescription: String { "Spec of an ingress class." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "controller": FieldDoc("Name of the controller implementing the class."),
            "parameters": FieldDoc("Object holding extra configuration."),
        ]
    }
}

public struct IngressClassParametersReference: Codable, Sendable, Equatable, SchemaNamed {
    public var apiGroup: String?
    public var kind: String
    public var name: String
    public var scope: String?
    public var namespace: String?

    public init(apiGroup: String? = nil, kind: String, name: String, scope: String? = nil, namespace: String? = nil) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
        self.scope = scope
        self.namespace = namespace
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IngressClassParametersReference" }
}

extension IngressClassParametersReference: SchemaDescribed {
    public static var typeDescription: String { "Names a parameters object." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "apiGroup": FieldDoc("API group."),
            "kind": FieldDoc("Kind."),
            "name": FieldDoc("Name."),
            "scope": FieldDoc("Cluster or Namespace.", enumValues: ["Cluster", "Namespace"]),
            "namespace": FieldDoc("Namespace, for scope Namespace."),
        ]
    }
}

public struct NetworkPolicy: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NetworkPolicySpec?

    public init(
        apiVersion: String? = NetworkPolicy.gvk.apiVersion, kind: String? = NetworkPolicy.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: NetworkPolicySpec? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
    }
    public static let gvk = GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy")
    public static var schemaName: String { "io.k8s.api.networking.v1.NetworkPolicy" }
}

extension NetworkPolicy: SchemaDescribed {
    public static var typeDescription: String { "Which traffic selected pods may send and receive." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("The policy."),
        ]
    }
}

public struct NetworkPolicyList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [NetworkPolicy]

    public init(
        apiVersion: String? = NetworkPolicy.gvk.apiVersion, kind: String? = "NetworkPolicyList",
        metadata: ListMeta? = nil, items: [NetworkPolicy]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.NetworkPolicyList" }
}

public struct NetworkPolicySpec: Codable, Sendable, Equatable, SchemaNamed {
    public var podSelector: LabelSelector
    public var ingress: [NetworkPolicyIngressRule]?
    public var egress: [NetworkPolicyEgressRule]?
    public var policyTypes: [String]?

    public init(
        podSelector: LabelSelector, ingress: [NetworkPolicyIngressRule]? = nil,
        egress: [NetworkPolicyEgressRule]? = nil, policyTypes: [String]? = nil
    ) {
        self.podSelector = podSelector
        self.ingress = ingress
        self.egress = egress
        self.policyTypes = policyTypes
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.NetworkPolicySpec" }
}

extension NetworkPolicySpec: SchemaDescribed {
    public static var typeDescription: String { "Spec of a network policy." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "podSelector": FieldDoc("Pods the policy applies to; empty selects all in the namespace."),
            "ingress": FieldDoc("Allowed incoming traffic."),
            "egress": FieldDoc("Allowed outgoing traffic."),
            "policyTypes": FieldDoc("Directions the policy covers."),
        ]
    }
}

public struct NetworkPolicyIngressRule: Codable, Sendable, Equatable, SchemaNamed {
    public var ports: [NetworkPolicyPort]?
    public var from: [NetworkPolicyPeer]?

    public init(ports: [NetworkPolicyPort]? = nil, from: [NetworkPolicyPeer]? = nil) {
        self.ports = ports
        self.from = from
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.NetworkPolicyIngressRule" }
}

public struct NetworkPolicyEgressRule: Codable, Sendable, Equatable, SchemaNamed {
    public var ports: [NetworkPolicyPort]?
    public var to: [NetworkPolicyPeer]?

    public init(ports: [NetworkPolicyPort]? = nil, to: [NetworkPolicyPeer]? = nil) {
        self.ports = ports
        self.to = to
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.NetworkPolicyEgressRule" }
}

public struct NetworkPolicyPort: Codable, Sendable, Equatable, SchemaNamed {
    public var `protocol`: String?
    public var port: IntOrString?
    public var endPort: Int32?

    public init(protocol: String? = nil, port: IntOrString? = nil, endPort: Int32? = nil) {
        self.protocol = `protocol`
        self.port = port
        self.endPort = endPort
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.NetworkPolicyPort" }
}

extension NetworkPolicyPort: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "protocol": FieldDoc("", enumValues: ["TCP", "UDP", "SCTP"]),
        ]
    }
}

public struct NetworkPolicyPeer: Codable, Sendable, Equatable, SchemaNamed {
    public var podSelector: LabelSelector?
    public var namespaceSelector: LabelSelector?
    public var ipBlock: IPBlock?

    public init(podSelector: LabelSelector? = nil, namespaceSelector: LabelSelector? = nil, ipBlock: IPBlock? = nil) {
        self.podSelector = podSelector
        self.namespaceSelector = namespaceSelector
        self.ipBlock = ipBlock
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.NetworkPolicyPeer" }
}

extension NetworkPolicyPeer: SchemaDescribed {
    public static var typeDescription: String { "A set of peers." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "podSelector": FieldDoc("Pods."),
            "namespaceSelector": FieldDoc("Namespaces."),
            "ipBlock": FieldDoc("IP range."),
        ]
    }
}

public struct IPBlock: Codable, Sendable, Equatable, SchemaNamed {
    public var cidr: String
    public var except: [String]?

    public init(cidr: String, except: [String]? = nil) {
        self.cidr = cidr
        self.except = except
    }
    public static var schemaName: String { "io.k8s.api.networking.v1.IPBlock" }
}

extension IPBlock: SchemaDescribed {
    public static var typeDescription: String { "An IP range." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "cidr": FieldDoc("The range."),
            "except": FieldDoc("Sub-ranges excluded."),
        ]
    }
}
