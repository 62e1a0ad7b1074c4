import CapstanAPI
import CapstanStore

/// Objects every cluster has from the start.
enum Bootstrap {
    static let systemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]

    /// `default/kubernetes`, the API's own Service, on the service range's first address.
    static func ensureKubernetesService(_ core: APIServerCore, _ opts: WriteOptions) async throws {
        guard let allocator = core.serviceAllocator, let ip = allocator.ranges.firstIP,
              let def = core.registry.lookup(group: "", version: "v1", plural: "services")
        else { return }
        let rs = core.resourceStore(def)
        if (try? await rs.get(namespace: "default", name: "kubernetes")) != nil { return }
        _ = try? await allocator.allocateIP(ip, owner: "default/kubernetes")
        let port = Int64(core.advertiseAddress.split(separator: ":").last.flatMap { Int($0) } ?? 0)
        do {
            _ = try await rs.create(namespace: "default", body: [
                "apiVersion": "v1", "kind": "Service",
                "metadata": ["name": "kubernetes", "namespace": "default", "labels": ["component": "apiserver", "provider": "kubernetes"]],
                "spec": [
                    "type": "ClusterIP", "clusterIP": .string(ip), "clusterIPs": [.string(ip)], "sessionAffinity": "None",
                    "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": .int(port > 0 ? port : 6443)]],
                ],
            ], options: opts)
        } catch let e as APIError where e.status.reason == "AlreadyExists" {}
    }

    /// `kube-system/kube-dns` (labels k8s-app=kube-dns, ports dns 53/UDP and
    /// dns-tcp 53/TCP, no selector) on `ip`, reserving the node-local DNS
    /// address so no other Service is given it. Nothing happens when `ip` is
    /// outside the service range or the Service exists.
    static func ensureClusterDNSService(_ core: APIServerCore, ip: String) async throws {
        guard let allocator = core.serviceAllocator, let v = IPv4Range.parse(ip), allocator.range.contains(v),
              let def = core.registry.lookup(group: "", version: "v1", plural: "services")
        else { return }
        let rs = core.resourceStore(def)
        if (try? await rs.get(namespace: "kube-system", name: "kube-dns")) != nil { return }
        let owner = "kube-system/kube-dns"
        if (try? await allocator.allocateIP(ip, owner: owner)) == nil,
           let kv = try? await core.store.get(ServiceAllocator.ipPrefix + ip, revision: nil),
           let holder = (try? JSONValue.parse(kv.value))?["owner"]?.stringValue, holder != owner {
            core.logger.warning("cluster DNS address \(ip) is already the ClusterIP of \(holder): kube-system/kube-dns not created")
            return
        }
        var opts = WriteOptions()
        opts.fieldManager = "capstan-apiserver"
        do {
            _ = try await rs.create(namespace: "kube-system", body: [
                "apiVersion": "v1", "kind": "Service",
                "metadata": [
                    "name": "kube-dns", "namespace": "kube-system",
                    "labels": ["k8s-app": "kube-dns", "kubernetes.io/name": "CoreDNS", "kubernetes.io/cluster-service": "true"],
                ],
                "spec": [
                    "type": "ClusterIP", "clusterIP": .string(ip), "clusterIPs": [.string(ip)], "sessionAffinity": "None",
                    "ports": [
                        ["name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53],
                        ["name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53],
                    ],
                ],
            ], options: opts)
        } catch let e as APIError where e.status.reason == "AlreadyExists" {}
    }

    static func ensureSystemObjects(_ core: APIServerCore) async throws {
        guard let nsDef = core.registry.lookup(group: "", version: "v1", plural: "namespaces") else { return }
        let rs = core.resourceStore(nsDef)
        var opts = WriteOptions()
        opts.fieldManager = "capstan-apiserver"
        for ns in systemNamespaces {
            do {
                _ = try await rs.create(namespace: nil, body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]], options: opts)
            } catch let e as APIError where e.status.reason == "AlreadyExists" {}
        }
        try await ensureKubernetesService(core, opts)
        // Kubernetes' two built-in PriorityClasses.
        guard let pcDef = core.registry.lookup(group: "scheduling.k8s.io", version: "v1", plural: "priorityclasses") else { return }
        let pcs = core.resourceStore(pcDef)
        for (name, value, description) in [
            ("system-node-critical", 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
            ("system-cluster-critical", 2_000_000_000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
        ] {
            do {
                _ = try await pcs.create(namespace: nil, body: [
                    "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": ["name": .string(name)],
                    "value": .int(Int64(value)), "description": .string(description),
                ], options: opts)
            } catch let e as APIError where e.status.reason == "AlreadyExists" {}
        }
    }
}
