/// A top-level API kind of the model (Pod, Deployment, ...). The API server
/// works on JSON; these typed forms are for code that reasons about objects
/// (controllers, scheduler, node agent) and for deriving each kind's schema.
public protocol KubeObject: Codable, Sendable, Equatable {
    static var gvk: GroupVersionKind { get }
    var apiVersion: String? { get set }
    var kind: String? { get set }
    var metadata: ObjectMeta { get set }
}

extension KubeObject {
    public var name: String { metadata.name ?? "" }
    public var namespace: String? { metadata.namespace }
}
