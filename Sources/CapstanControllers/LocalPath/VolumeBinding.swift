import CapstanAPI
import Foundation

/// The objects and checks of volume binding, as pure functions over JSON.
enum VolumeBinding {
    struct ClaimRef: Equatable {
        var namespace: String
        var name: String
        var uid: String?
    }

    static func claimRef(_ pv: JSONValue) -> ClaimRef? {
        guard let ref = pv[path: ["spec", "claimRef"]], let name = ref["name"]?.stringValue, !name.isEmpty else { return nil }
        let uid = ref["uid"]?.stringValue
        return ClaimRef(namespace: ref["namespace"]?.stringValue ?? "default", name: name, uid: (uid ?? "").isEmpty ? nil : uid)
    }

    /// The reference names this claim: same namespace and name, and its uid if it has one.
    static func refers(_ ref: ClaimRef, to claim: JSONValue) -> Bool {
        ref.namespace == OwnerReferences.namespace(claim) && ref.name == OwnerReferences.name(claim)
            && (ref.uid == nil || ref.uid == OwnerReferences.uid(claim))
    }

    static func isBound(_ claim: JSONValue) -> Bool {
        !(claim[path: ["spec", "volumeName"]]?.stringValue ?? "").isEmpty && claim[path: ["status", "phase"]] == "Bound"
    }

    static func reference(to claim: JSONValue) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "namespace": .string(OwnerReferences.namespace(claim)), "name": .string(OwnerReferences.name(claim)),
            "uid": .string(OwnerReferences.uid(claim)),
            "resourceVersion": claim[path: ["metadata", "resourceVersion"]] ?? "",
        ]
    }

    /// What the PV controller writes on a claim it bound (and, for a provisioned volume, who provisioned it).
    static func boundClaimAnnotations(provisioned: JSONValue?) -> [String: JSONValue] {
        var a: [String: JSONValue] = ["pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes"]
        if let provisioned, provisioned != .null {
            a["volume.kubernetes.io/storage-provisioner"] = provisioned
            a["volume.beta.kubernetes.io/storage-provisioner"] = provisioned
        }
        return a
    }

    /// `pvc-<uid>`: one volume per claim, so a repeated create conflicts instead of duplicating.
    static func volumeName(for claim: JSONValue) -> String { "pvc-" + OwnerReferences.uid(claim) }

    /// `<base>/pvc-<uid>_<namespace>_<name>`, as rancher's local-path provisioner names it.
    static func directory(for claim: JSONValue, basePath: String) -> String {
        let base = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        return "\(base)/\(volumeName(for: claim))_\(OwnerReferences.namespace(claim))_\(OwnerReferences.name(claim))"
    }

    static func provisionedVolume(for claim: JSONValue, storageClass: JSONValue, size: String, node: String?, basePath: String) -> JSONValue {
        var annotations: [String: JSONValue] = [LocalPathProvisionerController.provisionedByAnnotation: .string(LocalPathProvisionerController.provisionerName)]
        if let node { annotations["local.path.provisioner/selected-node"] = .string(node) }
        var spec: [String: JSONValue] = [
            "capacity": ["storage": .string(size)],
            "accessModes": claim[path: ["spec", "accessModes"]] ?? ["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": storageClass["reclaimPolicy"] ?? "Delete",
            "storageClassName": .string(OwnerReferences.name(storageClass)),
            "volumeMode": "Filesystem",
            "hostPath": ["path": .string(directory(for: claim, basePath: basePath)), "type": "DirectoryOrCreate"],
            "claimRef": reference(to: claim),
        ]
        if let node {
            spec["nodeAffinity"] = ["required": ["nodeSelectorTerms": [
                ["matchExpressions": [["key": "kubernetes.io/hostname", "operator": "In", "values": [.string(node)]]]],
            ]]]
        }
        return [
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": ["name": .string(volumeName(for: claim)), "annotations": .object(annotations)],
            "spec": .object(spec),
        ]
    }

    /// Removes a volume's directory if it lies inside `base` (never anything
    /// else a PV might name); a directory already gone is fine.
    static func removeDirectory(_ path: String, under base: String) throws {
        let dir = URL(fileURLWithPath: path).standardizedFileURL.path
        let root = URL(fileURLWithPath: base).standardizedFileURL.path
        guard dir.hasPrefix(root.hasSuffix("/") ? root : root + "/"), dir.count > root.count + 1 else { return }
        guard FileManager.default.fileExists(atPath: dir) else { return }
        try FileManager.default.removeItem(atPath: dir)
    }
}
