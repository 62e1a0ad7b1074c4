import CapstanAPI

/// What the routing depends on, decoded from the informers' caches: the
/// Ingresses this controller serves and the objects their backends and TLS
/// sections name. A value: building the routing table from it is pure.
public struct RoutingInputs: Sendable, Equatable {
    /// Only the Ingresses of our class (see `IngressClassPolicy`).
    public var ingresses: [Ingress]
    /// By `namespace/name`.
    public var services: [String: Service]
    /// By `namespace/service-name` (the `kubernetes.io/service-name` label).
    public var endpointSlices: [String: [EndpointSlice]]
    /// Usable `kubernetes.io/tls` Secrets by `namespace/name`.
    public var keyPairs: [String: TLSKeyPair]

    public init(
        ingresses: [Ingress] = [], services: [String: Service] = [:], endpointSlices: [String: [EndpointSlice]] = [:],
        keyPairs: [String: TLSKeyPair] = [:]
    ) {
        self.ingresses = ingresses
        self.services = services
        self.endpointSlices = endpointSlices
        self.keyPairs = keyPairs
    }
}

/// A certificate chain and its private key, both PEM, from a TLS Secret's
/// `tls.crt` and `tls.key`.
public struct TLSKeyPair: Sendable, Hashable {
    public var certificatePEM: String
    public var keyPEM: String

    public init(certificatePEM: String, keyPEM: String) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }

    /// nginx reads chain and key from one file; the name carries a digest of
    /// the contents, so a renewed certificate changes the configuration text
    /// (and therefore reloads nginx) while an unchanged one does not.
    public func fileName(secretKey: String) -> String {
        let safe = secretKey.replacingOccurrences(of: "/", with: "_")
        return "\(safe)-\(FNV1a.hex(certificatePEM + "\n" + keyPEM)).pem"
    }

    public var fileContents: String {
        func line(_ s: String) -> String { s.hasSuffix("\n") ? s : s + "\n" }
        return line(certificatePEM) + line(keyPEM)
    }
}

/// The routing table nginx is configured from.
public struct RoutingTable: Sendable, Equatable {
    /// One per host, sorted by host; the host "" is the default server
    /// (rules without a host, spec.defaultBackend, everything unmatched).
    public var servers: [VirtualServer]
    /// Sorted by name; only those some location uses.
    public var upstreams: [Upstream]
    /// Certificate files the servers name, by file name.
    public var certificates: [String: TLSKeyPair]
    /// Problems found on the way (a missing Service, Secret, port), per Ingress.
    public var warnings: [RoutingWarning]

    public init(servers: [VirtualServer] = [], upstreams: [Upstream] = [], certificates: [String: TLSKeyPair] = [:], warnings: [RoutingWarning] = []) {
        self.servers = servers
        self.upstreams = upstreams
        self.certificates = certificates
        self.warnings = warnings
    }
}

public struct VirtualServer: Sendable, Equatable {
    /// "" for the default server; may start with `*.`.
    public var host: String
    /// The certificate file when the host is in some Ingress's spec.tls with
    /// a usable Secret: HTTPS with it, and HTTP redirects (308) to HTTPS.
    public var certificateFile: String?
    /// In nginx's order of no importance (nginx picks exact, then longest prefix).
    public var locations: [Location]
    /// Where requests no location matches go.
    public var fallback: Route

    public init(host: String, certificateFile: String? = nil, locations: [Location] = [], fallback: Route = .notFound) {
        self.host = host
        self.certificateFile = certificateFile
        self.locations = locations
        self.fallback = fallback
    }
}

/// An nginx location: `location = /p` or a plain prefix `location /p`.
public enum LocationMatch: Sendable, Hashable, Comparable {
    case exact(String)
    case prefix(String)
}

public struct Location: Sendable, Equatable {
    public var match: LocationMatch
    public var route: Route
    /// `namespace/name` of the Ingress the path comes from (a comment in the file).
    public var ingress: String

    public init(match: LocationMatch, route: Route, ingress: String) {
        self.match = match
        self.route = route
        self.ingress = ingress
    }
}

public enum Route: Sendable, Hashable {
    /// Proxy to the named upstream.
    case upstream(String)
    /// 503: the backend exists in the spec but has no ready endpoint (or cannot be resolved).
    case unavailable
    /// 404: nothing routes here.
    case notFound
}

/// One Service port's ready endpoints.
public struct Upstream: Sendable, Equatable {
    /// `namespace_service_port` (names cannot contain `_`, so this is unique).
    public var name: String
    /// `ip:port` (IPv6 as `[ip]:port`), sorted.
    public var servers: [String]

    public init(name: String, servers: [String]) {
        self.name = name
        self.servers = servers
    }
}

public struct RoutingWarning: Sendable, Equatable, CustomStringConvertible {
    /// `namespace/name` of the Ingress.
    public var ingress: String
    public var message: String

    public init(ingress: String, message: String) {
        self.ingress = ingress
        self.message = message
    }

    public var description: String { "\(ingress): \(message)" }
}

/// 64-bit FNV-1a, hex: a stable content digest for file names (not security).
enum FNV1a {
    static func hex(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
