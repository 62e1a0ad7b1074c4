import CapstanAPI
import Foundation

/// /etc/hosts, /etc/resolv.conf and /etc/hostname for a pod's containers,
/// written as the kubelet writes them and bind-mounted into each container.
enum PodFiles {
    struct DNS: Sendable {
        var clusterDNS: [String]
        var clusterDomain: String
        /// The node's own resolv.conf (dnsPolicy Default, and the search list to append).
        var hostResolvConf: String
    }

    /// The pod's hostname and, with a subdomain, its FQDN.
    static func hostname(_ pod: Pod, clusterDomain: String) -> (short: String, fqdn: String?) {
        let short = String((pod.podSpec.hostname ?? pod.metadata.name ?? "pod").prefix(63))
        guard let sub = pod.podSpec.subdomain, !sub.isEmpty else { return (short, nil) }
        return (short, "\(short).\(sub).\(pod.metadata.namespace ?? "default").svc.\(clusterDomain)")
    }

    static func hosts(_ pod: Pod, podIPs: [String], clusterDomain: String) -> String {
        var s = """
            # Kubernetes-managed hosts file.
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            fe00::0\tip6-mcastprefix
            fe00::1\tip6-allnodes
            fe00::2\tip6-allrouters

            """
        let (short, fqdn) = hostname(pod, clusterDomain: clusterDomain)
        for ip in podIPs {
            s += fqdn.map { "\(ip)\t\($0)\t\(short)\n" } ?? "\(ip)\t\(short)\n"
        }
        if let aliases = pod.podSpec.hostAliases, !aliases.isEmpty {
            s += "\n# Entries added by HostAliases.\n"
            for a in aliases { s += "\(a.ip)\t\((a.hostnames ?? []).joined(separator: "\t"))\n" }
        }
        return s
    }

    static func resolvConf(_ pod: Pod, dns: DNS) -> String {
        let ns = pod.metadata.namespace ?? "default"
        var nameservers: [String] = []
        var searches: [String] = []
        var options: [String] = []
        let host = parseResolvConf(dns.hostResolvConf)
        let policy = pod.podSpec.dnsPolicy ?? "ClusterFirst"
        let clusterFirst = policy == "ClusterFirstWithHostNet" || (policy == "ClusterFirst" && pod.podSpec.hostNetwork != true)
        if clusterFirst, !dns.clusterDNS.isEmpty {
            nameservers = dns.clusterDNS
            let d = dns.clusterDomain
            searches = ["\(ns).svc.\(d)", "svc.\(d)", d] + host.searches
            options = ["ndots:5"]
        } else if policy != "None" {
            nameservers = host.nameservers
            searches = host.searches
            options = host.options
        }
        if let c = pod.podSpec.dnsConfig {
            nameservers += c.nameservers ?? []
            searches += c.searches ?? []
            for o in c.options ?? [] {
                guard let name = o.name else { continue }
                options.removeAll { $0 == name || $0.hasPrefix(name + ":") }
                options.append(o.value.map { "\(name):\($0)" } ?? name)
            }
        }
        var seen = Set<String>()
        searches = searches.filter { seen.insert($0).inserted }
        var s = ""
        if !searches.isEmpty { s += "search \(searches.prefix(32).joined(separator: " "))\n" }
        for n in nameservers.prefix(3) { s += "nameserver \(n)\n" }
        if !options.isEmpty { s += "options \(options.joined(separator: " "))\n" }
        return s
    }

    static func parseResolvConf(_ text: String) -> (nameservers: [String], searches: [String], options: [String]) {
        var n: [String] = [], s: [String] = [], o: [String] = []
        for line in text.split(separator: "\n") {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let k = f.first else { continue }
            switch k {
            case "nameserver": n += f.dropFirst()
            case "search", "domain": s += f.dropFirst()
            case "options": o += f.dropFirst()
            default: break
            }
        }
        return (n, s, o)
    }
}
