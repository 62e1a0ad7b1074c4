import CapstanAPI
import CapstanClient

extension LocalPathProvisionerController {
    public static let defaultClassName = "local-path"
    public static let defaultClassAnnotation = "storageclass.kubernetes.io/is-default-class"

    /// k3s' `local-path` class: the cluster default, WaitForFirstConsumer
    /// (a volume lives on one node, so the pod's node decides), Delete.
    public static var defaultStorageClass: JSONValue {
        [
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": ["name": .string(defaultClassName), "annotations": .object([defaultClassAnnotation: "true"])],
            "provisioner": .string(provisionerName),
            "volumeBindingMode": "WaitForFirstConsumer",
            "reclaimPolicy": "Delete",
        ]
    }

    /// Creates the `local-path` class unless a class of that name exists
    /// (one a user edited, e.g. to stop it being the default, is kept).
    /// Idempotent; servers sharing a datastore may all call it.
    public static func ensureDefaultStorageClass(client: KubeClient) async throws {
        do {
            _ = try await client.create(.storageClasses, defaultStorageClass)
        } catch let e as APIStatusError where e.isConflict {}
    }
}
