import CapstanAPI

/// Binds through the pod's `binding` subresource: returns the Binding the
/// runtime POSTs to `/api/v1/namespaces/{ns}/pods/{name}/binding`.
public struct DefaultBinderPlugin: BindPlugin {
    public static let name = "DefaultBinder"
    public var name: String { Self.name }

    public init() {}

    public func bind(_ pod: PodInfo, node: String) -> BindDecision {
        let meta = ObjectMeta(name: pod.key.name, namespace: pod.key.namespace, uid: pod.key.uid.isEmpty ? nil : pod.key.uid)
        return .bind(Binding(metadata: meta, target: ObjectReference(kind: "Node", name: node, apiVersion: "v1")))
    }
}

/// A plugin name Kubernetes' configuration accepts whose work lives outside
/// this module (PrioritySort and SchedulingGates belong to the queue; the
/// volume plugins have nothing to check without volume support). It
/// implements no extension point, so enabling or disabling it is harmless.
public struct NoOpPlugin: SchedulerPlugin {
    public let name: String
    public init(name: String) { self.name = name }
}
