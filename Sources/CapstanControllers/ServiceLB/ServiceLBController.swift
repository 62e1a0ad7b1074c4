import CapstanAPI
import CapstanClient

/// LoadBalancer Services without a cloud, in the manner of k3s' ServiceLB:
/// every Ready node answers on the Service's ports (the node's service
/// proxy forwards its own address and 127.0.0.1 to the Service), so the
/// Service's `status.loadBalancer.ingress` lists the Ready nodes' addresses
/// (ExternalIP where a node has one, else InternalIP), which `kubectl get
/// svc` shows as EXTERNAL-IP. Services with a `loadBalancerClass` belong to
/// another implementation and are left alone; a Service that stops being a
/// LoadBalancer has its ingress cleared.
public struct ServiceLBController: Controller {
    public let name = "servicelb-controller"
    let context: ControllerContext

    public init(context: ControllerContext) { self.context = context }

    var services: ObjectCache { context.informers.cache(for: .services) }
    var nodes: ObjectCache { context.informers.cache(for: .nodes) }

    public var sources: [EventSource] {
        let services = self.services
        return [
            .own(.services),
            // A node's readiness or address concerns every LoadBalancer Service.
            EventSource(.nodes) { event in
                if case .updated(let old, let new) = event, Self.address(old) == Self.address(new) { return [] }
                if case .synced = event { return [] }
                return services.items.filter { $0[path: ["spec", "type"]]?.stringValue == "LoadBalancer" }.map(ObjectCache.key)
            },
        ]
    }

    public func object(forKey key: String) -> JSONValue? { services.get(key) }

    /// The address a Ready node offers, nil when it is not Ready.
    static func address(_ node: JSONValue) -> String? {
        guard case .array(let conditions)? = node[path: ["status", "conditions"]],
              conditions.contains(where: { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }),
              case .array(let addresses)? = node[path: ["status", "addresses"]] else { return nil }
        func first(_ type: String) -> String? {
            addresses.first { $0["type"]?.stringValue == type }?["address"]?.stringValue
        }
        return first("ExternalIP") ?? first("InternalIP")
    }

    /// The ingress list a Service should show.
    static func ingress(for svc: JSONValue, nodes: [JSONValue]) -> JSONValue? {
        guard svc[path: ["spec", "type"]]?.stringValue == "LoadBalancer" else { return nil }
        let ips = Set(nodes.compactMap(address)).sorted()
        return ips.isEmpty ? nil : .array(ips.map { ["ip": .string($0), "ipMode": "VIP"] })
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        guard let svc = services.get(key), svc[path: ["spec", "loadBalancerClass"]]?.stringValue == nil else { return .done }
        let desired = Self.ingress(for: svc, nodes: nodes.items)
        let current = svc[path: ["status", "loadBalancer", "ingress"]]
        if current == desired || (desired == nil && (current == nil || current == .array([]))) { return .done }
        var next = svc
        next[path: ["status", "loadBalancer"]] = desired.map { ["ingress": $0] } ?? [:]
        try await ignoringNotFound { _ = try await context.client.update(.services, next, subresource: "status") }
        return .done
    }
}
