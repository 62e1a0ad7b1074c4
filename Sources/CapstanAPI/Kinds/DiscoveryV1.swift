// discovery.k8s.io/v1 EndpointSlice.

public struct EndpointSlice: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var addressType: String
    public var endpoints: [Endpoint]
    public var ports: [EndpointSlicePort]?

    public init(
        apiVersion: String? = EndpointSlice.gvk.apiVersion, kind: String? = EndpointSlice.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), addressType: String, endpoints: [Endpoint],
        ports: [EndpointSlicePort]? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.addressType = addressType
        self.endpoints = endpoints
        self.ports = ports
    }
    public static let gvk = GroupVersionKind(group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice")
    public static var schemaName: String { "io.k8s.api.discovery.v1.EndpointSlice" }
}

extension EndpointSlice: SchemaDescribed {
    public static var typeDescription: String { "A subset of the endpoints of a service." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "addressType": FieldDoc("Type of all addresses in the slice.", enumValues: ["IPv4", "IPv6", "FQDN"]),
            "endpoints": FieldDoc("The endpoints; at most 1000.", listType: "atomic"),
            "ports": FieldDoc("Ports served by every endpoint; at most 100.", listType: "atomic"),
        ]
    }
}

public struct EndpointSliceList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [EndpointSlice]

    public init(
        apiVersion: String? = EndpointSlice.gvk.apiVersion, kind: String? = "EndpointSliceList",
        metadata: ListMeta? = nil, items: [EndpointSlice]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.discovery.v1.EndpointSliceList" }
}

public struct Endpoint: Codable, Sendable, Equatable, SchemaNamed {
    public var addresses: [String]
    public var conditions: EndpointConditions?
    public var hostname: String?
    public var targetRef: ObjectReference?
    public var deprecatedTopology: [String: String]?
    public var nodeName: String?
    public var zone: String?
    public var hints: EndpointHints?

    public init(
        addresses: [String], conditions: EndpointConditions? = nil, hostname: String? = nil,
        targetRef: ObjectReference? = nil, deprecatedTopology: [String: String]? = nil, nodeName: String? = nil,
        zone: String? = nil, hints: EndpointHints? = nil
    ) {
        self.addresses = addresses
        self.conditions = conditions
        self.hostname = hostname
        self.targetRef = targetRef
        self.deprecatedTopology = deprecatedTopology
        self.nodeName = nodeName
        self.zone = zone
        self.hints = hints
    }
    public static var schemaName: String { "io.k8s.api.discovery.v1.Endpoint" }
}

extension Endpoint: SchemaDescribed {
    public static var typeDescription: String { "One endpoint of a slice." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "addresses": FieldDoc("Addresses of the endpoint (usually one).", listType: "set"),
            "conditions": FieldDoc("Readiness of the endpoint."),
            "hostname": FieldDoc("Host name of the endpoint."),
            "targetRef": FieldDoc("Object providing the endpoint."),
            "deprecatedTopology": FieldDoc("Deprecated topology labels."),
            "nodeName": FieldDoc("Node hosting the endpoint."),
            "zone": FieldDoc("Zone of the endpoint."),
            "hints": FieldDoc("Routing hints."),
        ]
    }
}

public struct EndpointConditions: Codable, Sendable, Equatable, SchemaNamed {
    public var ready: Bool?
    public var serving: Bool?
    public var terminating: Bool?

    public init(ready: Bool? = nil, serving: Bool? = nil, terminating: Bool? = nil) {
        self.ready = ready
        self.serving = serving
        self.terminating = terminating
    }
    public static var schemaName: String { "io.k8s.api.discovery.v1.EndpointConditions" }
}

extension EndpointConditions: SchemaDescribed {
    public static var typeDescription: String { "State of an endpoint." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "ready": FieldDoc("Ready to take traffic; false while terminating."),
            "serving": FieldDoc("Ready, whether or not it is terminating."),
            "terminating": FieldDoc("Being shut down."),
        ]
    }
}

public struct EndpointHints: Codable, Sendable, Equatable, SchemaNamed {
    public var forZones: [ForZone]?

    public init(forZones: [ForZone]? = nil) {
        self.forZones = forZones
    }
    public static var schemaName: String { "io.k8s.api.discovery.v1.EndpointHints" }
}

extension EndpointHints: SchemaDescribed {
    public static var typeDescription: String { "Routing hints for an endpoint." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "forZones": FieldDoc("Zones that should use this endpoint."),
        ]
    }
}

public struct ForZone: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String

    public init(name: String) {
        self.name = name
    }
    public static var schemaName: String { "io.k8s.api.discovery.v1.ForZone" }
}

/// discovery/v1 EndpointPort, renamed in Swift to keep it apart from core/v1 EndpointPort.
public struct EndpointSlicePort: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var `protocol`: String?
    public var port: Int32?
    public var appProtocol: String?

    public init(name: String? = nil, protocol: String? = nil, port: Int32? = nil, appProtocol: String? = nil) {
        self.name = name
        self.protocol = `protocol`
        self.port = port
        self.appProtocol = appProtocol
    }
    public static var schemaName: String { "io.k8s.api.discovery.v1.EndpointPort" }
}

extension EndpointSlicePort: SchemaDescribed {
    public static var typeDescription: String { "A port of an endpoint slice." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name, matching the service port's."),
            "protocol": FieldDoc("Protocol. Default TCP.", enumValues: ["TCP", "UDP", "SCTP"]),
            "port": FieldDoc("Port number."),
            "appProtocol": FieldDoc("Application protocol."),
        ]
    }
}
