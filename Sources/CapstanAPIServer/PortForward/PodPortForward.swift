import CapstanAPI
import Hummingbird

extension PortForwardTarget {
    /// A pods/portforward request resolved to its pod and node, with the
    /// checks kube-apiserver makes before it proxies to the kubelet. Used
    /// by the WebSocket upgrade and by the plain request, so both refuse alike.
    static func resolve(server: APIServerCore, namespace: String, name: String) async throws -> PortForwardTarget {
        guard let def = server.registry.lookup(group: "", version: "v1", plural: "pods") else { throw APIError.pathNotFound() }
        let pod = try await server.resourceStore(def).get(namespace: namespace, name: name)
        if let phase = pod[path: ["status", "phase"]]?.stringValue, phase == "Succeeded" || phase == "Failed" {
            throw APIError.badRequest("cannot port-forward to a completed pod; current phase is \(phase)")
        }
        return PortForwardTarget(
            namespace: namespace, pod: name, uid: pod[path: ["metadata", "uid"]]?.stringValue ?? "",
            connector: try PodContainers.connector(server: server, pod: pod, name: name))
    }
}

/// pods/NAME/portforward without a WebSocket upgrade: kubectl's SPDY
/// fallback (a POST with `Upgrade: SPDY/3.1`), which kubectl 1.30 and older
/// use alone. Refuses as the upgrade would, else says what this server speaks.
struct PodPortForwardHandler {
    let server: APIServerCore

    func refuse(namespace: String, name: String) async throws -> Response {
        _ = try await PortForwardTarget.resolve(server: server, namespace: namespace, name: name)
        throw APIError.badRequest(
            "Upgrade request required: this server forwards ports over WebSocket only (\(PortForwardSession.subprotocol)), "
                + "not plain SPDY; use kubectl 1.31 or newer")
    }
}
