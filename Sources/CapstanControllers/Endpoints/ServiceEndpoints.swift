import CapstanAPI
import Foundation

/// What a Service's endpoints should be, from its pods: pure functions,
/// tested without a cluster. Follows Kubernetes' EndpointSlice and
/// Endpoints controllers: a pod counts once it has an IP and is not
/// finished; `ready` is its Ready condition and not terminating, `serving`
/// its Ready condition, `terminating` its deletion mark; named target ports
/// are resolved per pod, so pods exposing a name on different numbers land
/// in different slices; at most 100 endpoints per slice.
enum ServiceEndpoints {
    static let maxPerSlice = 100

    struct Port: Hashable, Sendable {
        var name: String
        var port: Int64
        var proto: String
        var json: JSONValue { ["name": .string(name), "port": .int(port), "protocol": .string(proto)] }
    }

    struct Endpoint: Sendable {
        var ip: String
        var ready: Bool
        var serving: Bool
        var terminating: Bool
        var nodeName: String?
        var hostname: String?
        var pod: (namespace: String, name: String, uid: String)

        var sliceJSON: JSONValue {
            var o: [String: JSONValue] = [
                "addresses": [.string(ip)],
                "conditions": ["ready": .bool(ready), "serving": .bool(serving), "terminating": .bool(terminating)],
                "targetRef": ["kind": "Pod", "namespace": .string(pod.namespace), "name": .string(pod.name), "uid": .string(pod.uid)],
            ]
            if let nodeName { o["nodeName"] = .string(nodeName) }
            if let hostname { o["hostname"] = .string(hostname) }
            return .object(o)
        }

        var addressJSON: JSONValue {
            var o: [String: JSONValue] = [
                "ip": .string(ip),
                "targetRef": ["kind": "Pod", "namespace": .string(pod.namespace), "name": .string(pod.name), "uid": .string(pod.uid)],
            ]
            if let nodeName { o["nodeName"] = .string(nodeName) }
            if let hostname { o["hostname"] = .string(hostname) }
            return .object(o)
        }
    }

    /// Endpoints grouped by their resolved ports, groups and endpoints in a stable order.
    static func groups(service: JSONValue, pods: [JSONValue]) -> [(ports: [Port], endpoints: [Endpoint])] {
        let servicePorts = service[path: ["spec", "ports"]]?.arrayValue ?? []
        let publishNotReady = service[path: ["spec", "publishNotReadyAddresses"]]?.boolValue ?? false
        let subdomainHost = service[path: ["metadata", "name"]]?.stringValue
        var byPorts: [[Port]: [Endpoint]] = [:]
        for pod in pods.sorted(by: { name($0) < name($1) }) {
            guard let ip = pod[path: ["status", "podIP"]]?.stringValue, !ip.isEmpty else { continue }
            let phase = pod[path: ["status", "phase"]]?.stringValue ?? "Pending"
            if phase == "Succeeded" || phase == "Failed" { continue }
            let podReady = pod[path: ["status", "conditions"]]?.arrayValue?
                .first { $0["type"]?.stringValue == "Ready" }?["status"]?.stringValue == "True"
            let terminating = pod[path: ["metadata", "deletionTimestamp"]] != nil
            var ports: [Port] = []
            for sp in servicePorts {
                guard let number = resolve(sp["targetPort"] ?? sp["port"] ?? .null, in: pod) else { continue }
                ports.append(Port(name: sp["name"]?.stringValue ?? "", port: number, proto: sp["protocol"]?.stringValue ?? "TCP"))
            }
            // A pod that resolves none of several named ports serves nothing here.
            if ports.isEmpty && !servicePorts.isEmpty { continue }
            // hostname only for pods of this Service's subdomain (StatefulSet members).
            let hostname = pod[path: ["spec", "subdomain"]]?.stringValue == subdomainHost ? pod[path: ["spec", "hostname"]]?.stringValue : nil
            byPorts[ports, default: []].append(Endpoint(
                ip: ip, ready: (podReady || publishNotReady) && !terminating, serving: podReady || publishNotReady,
                terminating: terminating, nodeName: pod[path: ["spec", "nodeName"]]?.stringValue, hostname: hostname,
                pod: (pod[path: ["metadata", "namespace"]]?.stringValue ?? "", name(pod), pod[path: ["metadata", "uid"]]?.stringValue ?? "")))
        }
        return byPorts.map { (ports: $0.key, endpoints: $0.value) }
            .sorted { $0.ports.map { "\($0.name)/\($0.port)" }.joined(separator: ",") < $1.ports.map { "\($0.name)/\($0.port)" }.joined(separator: ",") }
    }

    /// The slices' bodies (without metadata): endpoints in chunks of 100 per port group.
    static func slices(service: JSONValue, pods: [JSONValue]) -> [JSONValue] {
        var out: [JSONValue] = []
        for g in groups(service: service, pods: pods) {
            var chunks = stride(from: 0, to: g.endpoints.count, by: maxPerSlice).map { Array(g.endpoints[$0..<min($0 + maxPerSlice, g.endpoints.count)]) }
            if chunks.isEmpty { chunks = [[]] }
            for chunk in chunks {
                out.append([
                    "addressType": "IPv4", "endpoints": .array(chunk.map(\.sliceJSON)), "ports": .array(g.ports.map(\.json)),
                ])
            }
        }
        // A Service whose pods are all gone still has one empty slice with its ports, as Kubernetes keeps.
        if out.isEmpty {
            let ports = (service[path: ["spec", "ports"]]?.arrayValue ?? []).map { sp -> JSONValue in
                ["name": sp["name"] ?? "", "port": (sp["targetPort"]?.intValue).map { .int($0) } ?? sp["port"] ?? .null,
                 "protocol": sp["protocol"] ?? "TCP"]
            }
            out.append(["addressType": "IPv4", "endpoints": [], "ports": .array(ports)])
        }
        return out
    }

    /// core/v1 Endpoints subsets: ready and not-ready addresses per port group; terminating pods left out.
    static func subsets(service: JSONValue, pods: [JSONValue]) -> [JSONValue] {
        groups(service: service, pods: pods).compactMap { g in
            let live = g.endpoints.filter { !$0.terminating }
            guard !live.isEmpty else { return nil }
            var subset: [String: JSONValue] = ["ports": .array(g.ports.map(\.json))]
            let ready = live.filter(\.ready), notReady = live.filter { !$0.ready }
            if !ready.isEmpty { subset["addresses"] = .array(ready.map(\.addressJSON)) }
            if !notReady.isEmpty { subset["notReadyAddresses"] = .array(notReady.map(\.addressJSON)) }
            return .object(subset)
        }
    }

    /// A targetPort number, or a name looked up in the pod's container ports.
    static func resolve(_ target: JSONValue, in pod: JSONValue) -> Int64? {
        if let n = target.intValue { return n }
        guard let name = target.stringValue else { return nil }
        if let n = Int64(name) { return n }
        for c in pod[path: ["spec", "containers"]]?.arrayValue ?? [] {
            for p in c["ports"]?.arrayValue ?? [] where p["name"]?.stringValue == name {
                return p["containerPort"]?.intValue
            }
        }
        return nil
    }

    static func name(_ o: JSONValue) -> String { o[path: ["metadata", "name"]]?.stringValue ?? "" }
}
