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
    }
}
