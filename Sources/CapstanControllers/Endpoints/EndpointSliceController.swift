import CapstanAPI
import CapstanClient
import Foundation

/// Kubernetes' EndpointSlice controller, and the Endpoints controller for
/// older clients, in one reconcile per Service: a Service with a selector
/// gets EndpointSlices (`kubernetes.io/service-name`, owned by the Service,
/// so they go with it) and an Endpoints object of its name, both from the
/// pods it selects (`ServiceEndpoints`). Slices are updated in place,
/// created or deleted to match; nothing is written when nothing changed.
public struct EndpointSliceController: Controller {
    public let name = "endpointslice-controller"
    let context: ControllerContext

    static let managedBy = "endpointslice-controller.k8s.io"
    static let serviceNameLabel = "kubernetes.io/service-name"
    static let managedByLabel = "endpointslice.kubernetes.io/managed-by"

    public init(context: ControllerContext) { self.context = context }

    var services: ObjectCache { context.informers.cache(for: .services) }
    var pods: ObjectCache { context.informers.cache(for: .pods) }
    var slices: ObjectCache { context.informers.cache(for: .endpointSlices) }
    var endpoints: ObjectCache { context.informers.cache(for: .endpoints) }
    public var workers: Int { 4 }

    public var sources: [EventSource] {
        let services = self.services
        // A pod concerns the Services selecting it, before and after a change.
        let forPods: @Sendable ([JSONValue]) -> [String] = { changed in
            var keys = Set<String>()
            for pod in changed {
                let labels = OwnerReferences.labels(pod)
                for svc in services.list(namespace: OwnerReferences.namespace(pod)) where Self.selects(svc, labels) {
                    keys.insert(ObjectCache.key(svc))
                }
            }
            return keys.sorted()
        }
        let forSlice: @Sendable (JSONValue) -> [String] = { slice in
            guard let svc = slice[path: ["metadata", "labels", Self.serviceNameLabel]]?.stringValue,
                  slice[path: ["metadata", "labels", Self.managedByLabel]]?.stringValue == Self.managedBy
            else { return [] }
            return ["\(OwnerReferences.namespace(slice))/\(svc)"]
        }
        return [
            .own(.services),
            EventSource(.pods) { event in
                switch event {
                case .added(let p), .deleted(let p): forPods([p])
                case .updated(let old, let new): forPods([old, new])
                case .synced: []
                }
            },
            EventSource(.endpointSlices) { event in
                switch event {
                case .added(let s), .deleted(let s), .updated(_, let s): forSlice(s)
                case .synced: []
                }
            },
            .own(.endpoints),
        ]
    }

    public func object(forKey key: String) -> JSONValue? { services.get(key) }

    /// Selector as a label map (a Service's selector is matchLabels only); empty selects nothing.
    static func selects(_ svc: JSONValue, _ labels: [String: String]) -> Bool {
        guard case .object(let sel)? = svc[path: ["spec", "selector"]], !sel.isEmpty else { return false }
        return sel.allSatisfy { labels[$0.key] == $0.value.stringValue }
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        let (ns, name) = OwnerReferences.split(key)
        guard let svc = services.get(key) else {
            // Slices go with their Service (owner references); the Endpoints object is ours to remove.
            if endpoints.get(key) != nil { try await ignoringNotFound { try await context.client.delete(.endpoints, namespace: ns, name: name) } }
            return .done
        }
        guard case .object(let sel)? = svc[path: ["spec", "selector"]], !sel.isEmpty,
              svc[path: ["spec", "type"]]?.stringValue != "ExternalName"
        else { return .done }  // without a selector the endpoints are the user's
        let selected = pods.list(namespace: ns).filter { Self.selects(svc, OwnerReferences.labels($0)) }
        try await syncSlices(svc, ns: ns, name: name, pods: selected)
        try await syncEndpoints(svc, key: key, ns: ns, name: name, pods: selected)
        return .done
    }

    /// Slices are named `SERVICE-N` (N = position in the desired list), not
    /// generated: a reconcile whose informer has not seen the previous one's
    /// create then meets AlreadyExists instead of adding a duplicate slice.
    func syncSlices(_ svc: JSONValue, ns: String, name: String, pods: [JSONValue]) async throws {
        let desired = ServiceEndpoints.slices(service: svc, pods: pods)
        let existing = slices.list(namespace: ns).filter {
            $0[path: ["metadata", "labels", Self.serviceNameLabel]]?.stringValue == name
                && $0[path: ["metadata", "labels", Self.managedByLabel]]?.stringValue == Self.managedBy
        }
        var byName = Dictionary(existing.map { (OwnerReferences.name($0), $0) }, uniquingKeysWith: { a, _ in a })
        var labels: [String: JSONValue] = (svc[path: ["metadata", "labels"]]?.objectValue ?? [:])
        labels[Self.serviceNameLabel] = .string(name)
        labels[Self.managedByLabel] = .string(Self.managedBy)
        let owner = OwnerReferences.controllerRef(to: svc, apiVersion: "v1", kind: "Service")
        for (i, body) in desired.enumerated() {
            let sliceName = "\(name)-\(i)"
            var current = byName.removeValue(forKey: sliceName)
            if current == nil {
                var slice = body
                slice["apiVersion"] = "discovery.k8s.io/v1"
                slice["kind"] = "EndpointSlice"
                slice["metadata"] = [
                    "name": .string(sliceName), "namespace": .string(ns), "labels": .object(labels), "ownerReferences": [owner],
                ]
                do {
                    _ = try await context.client.create(.endpointSlices, namespace: ns, slice)
                    continue
                } catch let e as APIStatusError where e.code == 409 {
                    // Ours, not yet in the cache; a slice of that name someone else made is left alone.
                    let found = try await context.client.get(.endpointSlices, namespace: ns, name: sliceName)
                    guard found[path: ["metadata", "labels", Self.managedByLabel]]?.stringValue == Self.managedBy else { continue }
                    current = found
                }
            }
            guard var slice = current else { continue }
            let same = ["addressType", "endpoints", "ports"].allSatisfy { slice[$0] == body[$0] }
                && slice[path: ["metadata", "labels"]] == .object(labels)
            if same { continue }
            for k in ["addressType", "endpoints", "ports"] { slice[k] = body[k] }
            slice[path: ["metadata", "labels"]] = .object(labels)
            try await ignoringNotFound { _ = try await context.client.update(.endpointSlices, slice) }
        }
        for extra in byName.keys.sorted() {
            try await ignoringNotFound { try await context.client.delete(.endpointSlices, namespace: ns, name: extra) }
        }
    }

    func syncEndpoints(_ svc: JSONValue, key: String, ns: String, name: String, pods: [JSONValue]) async throws {
        let subsets = JSONValue.array(ServiceEndpoints.subsets(service: svc, pods: pods))
        let labels = svc[path: ["metadata", "labels"]] ?? .object([:])
        if var ep = endpoints.get(key) {
            if (ep["subsets"] ?? .array([])) == subsets && (ep[path: ["metadata", "labels"]] ?? .object([:])) == labels { return }
            ep["subsets"] = subsets
            ep[path: ["metadata", "labels"]] = labels
            try await ignoringNotFound { _ = try await context.client.update(.endpoints, ep) }
        } else {
            _ = try await context.client.create(.endpoints, namespace: ns, [
                "apiVersion": "v1", "kind": "Endpoints",
                "metadata": ["name": .string(name), "namespace": .string(ns), "labels": labels], "subsets": subsets,
            ])
        }
    }
}
