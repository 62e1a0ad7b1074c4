import CapstanAPI
import CapstanClient

/// The `kubernetes` Service's endpoints: the API server's own address and
/// port, written by the server once it listens (kube-apiserver's endpoint
/// reconciler), as an Endpoints object and an EndpointSlice, so the service
/// proxy sends `kubernetes.default`'s ClusterIP to the API server.
/// Deviation: with several servers on one etcd, the last one started wins
/// (kube-apiserver lists every live server through leases).
public enum KubernetesEndpoints {
    /// Creates or updates both objects; leaves them alone when already right. Idempotent.
    public static func write(client: KubeClient, ip: String, port: Int) async throws {
        let ports: JSONValue = [["name": "https", "port": .int(Int64(port)), "protocol": "TCP"]]
        try await put(client, .endpoints, [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": "kubernetes", "namespace": "default", "labels": ["endpointslice.kubernetes.io/skip-mirror": "true"]],
            "subsets": [["addresses": [["ip": .string(ip)]], "ports": ports]],
        ], compare: ["subsets"])
        try await put(client, .endpointSlices, [
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": ["name": "kubernetes", "namespace": "default", "labels": ["kubernetes.io/service-name": "kubernetes"]],
            "addressType": "IPv4",
            "endpoints": [["addresses": [.string(ip)], "conditions": ["ready": true]]],
            "ports": ports,
        ], compare: ["endpoints", "ports"])
    }

    private static func put(_ client: KubeClient, _ r: APIResource, _ desired: JSONValue, compare fields: [String]) async throws {
        guard let current = try? await client.get(r, namespace: "default", name: "kubernetes") else {
            _ = try await client.create(r, namespace: "default", desired)
            return
        }
        if fields.allSatisfy({ current[$0] == desired[$0] }) { return }
        var next = current
        for f in fields { next[path: [f]] = desired[f] }
        _ = try await client.update(r, next)
    }
}
