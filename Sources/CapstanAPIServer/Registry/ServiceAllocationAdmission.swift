import CapstanAPI
import Foundation

/// On Service create, as kube-apiserver's Service REST storage does: a
/// ClusterIP (the one asked for, or any free one) unless the Service is
/// headless (`clusterIP: None`) or an ExternalName, and a NodePort for every
/// port of a NodePort or LoadBalancer Service. What a failed create took is
/// freed by `ServiceAllocationRepair`.
struct ServiceAllocationAdmission: CreateAdmission {
    let server: APIServerCore

    func handles(_ def: ResourceDefinition) -> Bool { def.kind == "Service" && def.group.isEmpty }

    func admit(_ svc: inout JSONValue) async throws {
        guard let allocator = server.serviceAllocator else { return }
        let type = svc[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        let owner = ServiceAllocator.owner(svc)
        let name = svc[path: ["metadata", "name"]]?.stringValue ?? ""
        let requested = svc[path: ["spec", "clusterIP"]]?.stringValue ?? svc[path: ["spec", "clusterIPs"]]?.arrayValue?.first?.stringValue
        var takenIP: String?
        if type != "ExternalName", requested != "None" {
            let wanted = (requested?.isEmpty ?? true) ? nil : requested
            do {
                let ip = try await allocator.allocateIP(wanted, owner: owner)
                takenIP = ip
                svc[path: ["spec", "clusterIP"]] = .string(ip)
                svc[path: ["spec", "clusterIPs"]] = [.string(ip)]
            } catch let f as ServiceAllocator.Failure {
                let ip = wanted ?? ""
                let why = switch f {
                case .notInRange: "provided IP is not in the valid range. The range of valid IPs is \(allocator.ranges.serviceCIDR)"
                case .alreadyAllocated: "provided IP is already allocated"
                case .full: "range is full"
                }
                throw APIError.invalid(kind: "Service", group: "", name: name, errors: [
                    .invalid("spec.clusterIPs", .array([.string(ip)]), "failed to allocate IP \(ip): \(why)"),
                ])
            }
        } else if requested == "None" {
            svc[path: ["spec", "clusterIPs"]] = ["None"]
        }
        guard type == "NodePort" || type == "LoadBalancer", var ports = svc[path: ["spec", "ports"]]?.arrayValue else { return }
        var takenPorts: [Int] = []
        for i in ports.indices {
            let wanted = ports[i]["nodePort"]?.intValue.map(Int.init).flatMap { $0 == 0 ? nil : $0 }
            do {
                let p = try await allocator.allocateNodePort(wanted, owner: owner)
                takenPorts.append(p)
                ports[i]["nodePort"] = .int(Int64(p))
            } catch let f as ServiceAllocator.Failure {
                // Give back what this create took before refusing it.
                if let takenIP { await allocator.releaseIP(takenIP) }
                for p in takenPorts { await allocator.releaseNodePort(p) }
                let why = allocator.refusal(nodePort: f)
                throw APIError.invalid(kind: "Service", group: "", name: name, errors: [
                    .invalid("spec.ports[\(i)].nodePort", .int(Int64(wanted ?? 0)), why),
                ])
            }
        }
        svc[path: ["spec", "ports"]] = .array(ports)
    }
}

/// Frees ClusterIPs and NodePorts no Service holds: at once for a deleted
/// Service (from the watch cache), and every minute for whatever a failed
/// create took (Kubernetes' repair controllers do the same).
struct ServiceAllocationRepair {
    let server: APIServerCore

    func run() async {
        guard let allocator = server.serviceAllocator,
              let def = server.registry.lookup(group: "", version: "v1", plural: "services"),
              let cache = await server.hub.cache(for: def)
        else { return }
        let from = await server.hub.processedRevision
        guard let (_, events) = try? await cache.subscribe(fromRevision: from, filter: { _ in true }) else { return }
        let sweeper = Task {
            while !Task.isCancelled {
                let all = await server.cachedObjects(group: "", version: "v1", plural: "services", namespace: nil).map { $0.object() }
                await allocator.repair(services: all)
                try? await Task.sleep(for: .seconds(60))
            }
        }
        for await e in events where e.type == .deleted {
            await allocator.release(service: e.object.object())
        }
        sweeper.cancel()
    }
}
