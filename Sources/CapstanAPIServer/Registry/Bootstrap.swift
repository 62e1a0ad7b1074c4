import CapstanAPI
import CapstanStore

/// Objects every cluster has from the start.
enum Bootstrap {
    static let systemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]

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
