import CapstanAPI

/// NodePorts on Service update, as kube-apiserver's Service storage handles
/// them: a Service becoming NodePort or LoadBalancer gets a NodePort for
/// every port (one it names, or a free one); a port whose nodePort is left
/// out keeps the one it had; a Service that stops needing NodePorts has
/// them cleared and freed.
struct ServiceTypeChange {
    let allocator: ServiceAllocator

    static func needsNodePorts(_ svc: JSONValue) -> Bool {
        let type = svc[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        return type == "NodePort" || type == "LoadBalancer"
    }

    static func nodePorts(_ svc: JSONValue) -> Set<Int> {
        Set((svc[path: ["spec", "ports"]]?.arrayValue ?? []).compactMap { $0["nodePort"]?.intValue.map(Int.init) }.filter { $0 > 0 })
    }

    func apply(_ new: inout JSONValue, old: JSONValue) async throws {
        let owner = ServiceAllocator.owner(new)
        let held = Self.nodePorts(old)
        guard var ports = new[path: ["spec", "ports"]]?.arrayValue else { return }
        let oldPorts = old[path: ["spec", "ports"]]?.arrayValue ?? []
        if !Self.needsNodePorts(new) {
            guard Self.needsNodePorts(old) else { return }
            for i in ports.indices where ports[i]["nodePort"]?.intValue.map({ held.contains(Int($0)) }) == true {
                ports[i]["nodePort"] = nil
            }
            new[path: ["spec", "ports"]] = .array(ports)
        } else {
            for i in ports.indices {
                var wanted = ports[i]["nodePort"]?.intValue.map(Int.init).flatMap { $0 == 0 ? nil : $0 }
                if wanted == nil {
                    let same = oldPorts.first {
                        $0["port"] == ports[i]["port"] && ($0["protocol"]?.stringValue ?? "TCP") == (ports[i]["protocol"]?.stringValue ?? "TCP")
                    }
                    wanted = same?["nodePort"]?.intValue.map(Int.init).flatMap { $0 == 0 ? nil : $0 }
                }
                do {
                    let port: Int
                    if let wanted {
                        if !held.contains(wanted), !(try await allocator.holdNodePort(wanted, owner: owner)) {
                            throw ServiceAllocator.Failure.alreadyAllocated
                        }
                        port = wanted
                    } else {
                        port = try await allocator.allocateNodePort(nil, owner: owner)
                    }
                    ports[i]["nodePort"] = .int(Int64(port))
                } catch let f as ServiceAllocator.Failure {
                    let why = allocator.refusal(nodePort: f)
                    throw APIError.invalid(kind: "Service", group: "", name: new[path: ["metadata", "name"]]?.stringValue ?? "", errors: [
                        .invalid("spec.ports[\(i)].nodePort", .int(Int64(wanted ?? 0)), why),
                    ])
                }
            }
            new[path: ["spec", "ports"]] = .array(ports)
        }
        // Ports the Service held and no longer uses go back to the range.
        for p in held.subtracting(Self.nodePorts(new)) { await allocator.releaseNodePort(p) }
    }
}
