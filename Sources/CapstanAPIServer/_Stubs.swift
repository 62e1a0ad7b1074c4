// TEMPORARY stubs until the model and patch helpers land. Delete me.
import CapstanAPI

struct Pod: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Pod") }
struct Service: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Service") }
struct Namespace: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Namespace") }
struct Node: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Node") }
struct ConfigMap: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap") }
struct Secret: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Secret") }
struct Endpoints: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Endpoints") }
struct Event: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "Event") }
struct ServiceAccount: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "ServiceAccount") }
struct PersistentVolume: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "PersistentVolume") }
struct PersistentVolumeClaim: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "", version: "v1", kind: "PersistentVolumeClaim") }
struct Deployment: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment") }
struct ReplicaSet: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "ReplicaSet") }
struct StatefulSet: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "StatefulSet") }
struct DaemonSet: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "DaemonSet") }
struct ControllerRevision: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "ControllerRevision") }
struct Job: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "batch", version: "v1", kind: "Job") }
struct CronJob: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "batch", version: "v1", kind: "CronJob") }
struct HorizontalPodAutoscaler: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler") }
struct Ingress: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "Ingress") }
struct IngressClass: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "IngressClass") }
struct EndpointSlice: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice") }
struct Lease: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "coordination.k8s.io", version: "v1", kind: "Lease") }
struct StorageClass: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "storage.k8s.io", version: "v1", kind: "StorageClass") }
struct Role: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role") }
struct ClusterRole: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole") }
struct RoleBinding: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding") }
struct ClusterRoleBinding: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding") }
struct CustomResourceDefinition: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition") }
struct PriorityClass: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass") }
struct PodDisruptionBudget: KubeObject { var apiVersion: String?; var kind: String?; var metadata: ObjectMeta; var spec: JSONValue?; var status: JSONValue?; static let gvk = GroupVersionKind(group: "policy", version: "v1", kind: "PodDisruptionBudget") }

enum NameValidation {
    static func dns1123Label(_ s: String) -> [String] { [] }
    static func dns1123Subdomain(_ s: String) -> [String] { [] }
    static func pathSegmentName(_ s: String) -> [String] { [] }
}
struct LabelSelectorExpression {
    init(parsing: String) throws {}
    init(decodingJSON: JSONValue) throws {}
    var isEmpty: Bool { false }
    func matches(_ l: [String: String]) -> Bool { true }
}
struct FieldSelector {
    init(parsing: String) throws {}
    var fieldNames: [String] { [] }
    func matches(_ l: [String: String]) -> Bool { true }
    static func fieldSet(kind: String, object: JSONValue) -> [String: String] { ["metadata.name": object[path: ["metadata","name"]]?.stringValue ?? ""] }
}
enum JSONPatch { static func apply(_ p: JSONValue, to d: JSONValue) throws -> JSONValue { d } }
enum MergePatch { static func apply(_ p: JSONValue, to d: JSONValue) -> JSONValue { d } }
enum StrategicMergePatch { static func apply(_ p: JSONValue, to d: JSONValue, schema: Schema) throws -> JSONValue { d } }
