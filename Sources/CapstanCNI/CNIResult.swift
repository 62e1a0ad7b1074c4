import Foundation

/// A plugin's ADD result (CNI spec §Success): the interfaces it created,
/// the IP configurations, routes and DNS. Parsed from the 0.3.x, 0.4.0 and
/// 1.0.0 shapes (`ips[].address` in CIDR form) and the 0.1/0.2 `ip4`/`ip6`
/// shape; `raw` is what the plugin printed, passed on as `prevResult`.
public struct CNIResult: Sendable, Equatable {
    public struct Interface: Sendable, Equatable {
        public var name: String
        public var mac: String?
        /// The netns path for interfaces inside the container; nil for host-side ones (the bridge, the veth peer).
        public var sandbox: String?
    }

    public struct IPConfig: Sendable, Equatable {
        /// CIDR notation, e.g. "10.42.0.5/24".
        public var address: String
        public var gateway: String?
        /// Index into `interfaces`.
        public var interface: Int?
        /// The address without its prefix length, e.g. "10.42.0.5" (what pod.status.podIPs holds).
        public var ip: String { String(address.split(separator: "/").first ?? Substring(address)) }
        public var isIPv6: Bool { ip.contains(":") }
    }

    public var cniVersion: String
    public var interfaces: [Interface]
    public var ips: [IPConfig]
    public var raw: CNIJSON

    public init(json: CNIJSON) throws {
        guard json.objectValue != nil else { throw CNIError(.invalidResult, "result is not a JSON object") }
        raw = json
        cniVersion = json["cniVersion"]?.stringValue ?? ""
        interfaces = (json["interfaces"]?.arrayValue ?? []).map {
            Interface(name: $0["name"]?.stringValue ?? "", mac: $0["mac"]?.stringValue, sandbox: $0["sandbox"]?.stringValue)
        }
        var ips: [IPConfig] = []
        for ip in json["ips"]?.arrayValue ?? [] {
            guard let address = ip["address"]?.stringValue else { throw CNIError(.invalidResult, "result ip without address: \(ip)") }
            ips.append(IPConfig(address: address, gateway: ip["gateway"]?.stringValue, interface: ip["interface"]?.intValue))
        }
        for key in ["ip4", "ip6"] {
            if let old = json[key], let address = old["ip"]?.stringValue {
                ips.append(IPConfig(address: address, gateway: old["gateway"]?.stringValue, interface: nil))
            }
        }
        self.ips = ips
    }

    /// The IPs on the container's side (an IP whose interface is in the
    /// sandbox, or any IP when the plugins did not say), IPv4 first.
    public func podIPs(interfaceName: String) -> [String] {
        let own = ips.filter { ip in
            guard let i = ip.interface, interfaces.indices.contains(i) else { return true }
            let iface = interfaces[i]
            return iface.sandbox != nil || iface.name == interfaceName
        }
        return own.filter { !$0.isIPv6 }.map(\.ip) + own.filter(\.isIPv6).map(\.ip)
    }
}
