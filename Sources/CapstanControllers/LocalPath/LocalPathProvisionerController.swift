import CapstanAPI
import CapstanClient
import Foundation

/// k3s' local-path provisioner, together with the part of Kubernetes'
/// PersistentVolume controller it needs: a pending claim of a class whose
/// provisioner is `rancher.io/local-path` gets a hostPath volume
/// `pvc-<claim uid>` at `<basePath>/pvc-<uid>_<namespace>_<name>` on one
/// node, and the two are bound (claimRef, volumeName, both phases Bound).
/// A volume pre-bound to a claim by `spec.claimRef` is bound the same way,
/// whatever its class. When its claim is gone a volume is Released; one we
/// provisioned with reclaim policy Delete is deleted, its directory removed.
///
/// WaitForFirstConsumer (the local-path class' mode): our scheduler does not
/// yet annotate claims with `volume.kubernetes.io/selected-node`, so the
/// node is that annotation when present, else the node of the first pod
/// (by name) that uses the claim and is already bound. The pod's worker
/// reports FailedMount until the claim is bound, then mounts it. Immediate
/// claims are provisioned at once without node affinity.
///
/// The directory lives on the node, but it is removed by this controller,
/// in the server's process: right for a server that is also the node (the
/// single-binary setup); a remote node's directory is not removed yet. The
/// node agent creates the directory when it first mounts it.
///
/// Keys: a claim's `namespace/name`, or `pv:NAME` for a volume. Writes are
/// conditional on the cached resourceVersion, so a stale cache costs a
/// conflict and a retry, never a lost update; every step checks the state
/// first, so a reconcile that failed half-way finishes on the next run.
public struct LocalPathProvisionerController: Controller {
    public struct Settings: Sendable {
        /// Where volumes' directories go (`capstan server --default-local-storage-path`,
        /// default DATA-DIR/storage).
        public var basePath = "/var/lib/capstan/storage"
        public init() {}
    }

    public static let provisionerName = "rancher.io/local-path"
    public static let selectedNodeAnnotation = "volume.kubernetes.io/selected-node"
    static let provisionedByAnnotation = "pv.kubernetes.io/provisioned-by"
    static let volumePrefix = "pv:"

    public let name = "local-path-provisioner"
    let context: ControllerContext
    let settings: Settings
    let claims: ObjectCache
    let volumes: ObjectCache
    let classes: ObjectCache
    let pods: ObjectCache

    public init(context: ControllerContext, settings: Settings = Settings()) {
        self.context = context
        self.settings = settings
        claims = context.informers.cache(for: .persistentVolumeClaims)
        volumes = context.informers.cache(for: .persistentVolumes)
        classes = context.informers.cache(for: .storageClasses)
        pods = context.informers.cache(for: .pods)
    }

    public var sources: [EventSource] {
        let volumes = self.volumes, claims = self.claims
        return [
            EventSource(.persistentVolumeClaims) { event in
                switch event {
                case .added(let c), .updated(_, let c): [ObjectCache.key(c)]
                case .deleted(let c):
                    // Its volume is released now.
                    [ObjectCache.key(c)] + volumes.items.filter { VolumeBinding.claimRef($0)?.uid == OwnerReferences.uid(c) }
                        .map { Self.volumePrefix + OwnerReferences.name($0) }
                case .synced: []
                }
            },
            EventSource(.persistentVolumes) { event in
                switch event {
                case .added(let v), .updated(_, let v), .deleted(let v):
                    [Self.volumePrefix + OwnerReferences.name(v)] + (VolumeBinding.claimRef(v).map { ["\($0.namespace)/\($0.name)"] } ?? [])
                case .synced: []
                }
            },
            EventSource(.pods) { event in
                // A pod bound to a node is the first consumer its claims wait for.
                switch event {
                case .added(let p), .updated(_, let p):
                    (p[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty ? [] : Self.claimKeys(of: p)
                case .deleted, .synced: []
                }
            },
            EventSource(.storageClasses) { event in
                switch event {
                case .added(let sc), .updated(_, let sc):
                    claims.items.filter {
                        $0[path: ["spec", "storageClassName"]]?.stringValue == OwnerReferences.name(sc) && !VolumeBinding.isBound($0)
                    }.map(ObjectCache.key)
                case .deleted, .synced: []
                }
            },
        ]
    }

    static func claimKeys(of pod: JSONValue) -> [String] {
        let ns = OwnerReferences.namespace(pod)
        return (pod[path: ["spec", "volumes"]]?.arrayValue ?? []).compactMap {
            $0[path: ["persistentVolumeClaim", "claimName"]]?.stringValue.map { "\(ns)/\($0)" }
        }
    }

    public func object(forKey key: String) -> JSONValue? {
        key.hasPrefix(Self.volumePrefix) ? volumes.get(String(key.dropFirst(Self.volumePrefix.count))) : claims.get(key)
    }

    public func reconcile(_ key: String) async throws -> ReconcileResult {
        if key.hasPrefix(Self.volumePrefix) {
            try await reconcileVolume(String(key.dropFirst(Self.volumePrefix.count)))
        } else {
            try await reconcileClaim(key)
        }
        return .done
    }

    // MARK: claims

    func reconcileClaim(_ key: String) async throws {
        guard let claim = claims.get(key), !OwnerReferences.isBeingDeleted(claim) else { return }
        let volumeName = claim[path: ["spec", "volumeName"]]?.stringValue ?? ""
        if !volumeName.isEmpty {
            // Bound, or pre-bound by the user to a volume: finish the binding unless the volume is someone else's.
            guard let pv = volumes.get(volumeName), VolumeBinding.claimRef(pv).map({ VolumeBinding.refers($0, to: claim) }) ?? true else { return }
            try await bind(pv, claim)
            return
        }
        // A volume already meant for this claim: provisioned by an earlier pass, or pre-bound by its claimRef.
        if let pv = volumes.items.sorted(by: { OwnerReferences.name($0) < OwnerReferences.name($1) })
            .first(where: { VolumeBinding.claimRef($0).map { VolumeBinding.refers($0, to: claim) } ?? false }) {
            try await bind(pv, claim)
            return
        }
        guard let className = claim[path: ["spec", "storageClassName"]]?.stringValue, !className.isEmpty,
              let storageClass = classes.get(className),
              storageClass["provisioner"]?.stringValue == Self.provisionerName
        else { return }  // not ours
        var node: String? = nil
        if storageClass["volumeBindingMode"]?.stringValue == "WaitForFirstConsumer" {
            guard let selected = selectedNode(claim) else {
                await context.recorder.record(
                    claim, .normal, reason: "WaitForFirstConsumer", message: "waiting for first consumer to be created before binding")
                return
            }
            node = selected
        }
        guard let size = claim[path: ["spec", "resources", "requests", "storage"]]?.stringValue, !size.isEmpty else {
            await context.recorder.record(
                claim, .warning, reason: "ProvisioningFailed", message: "claim has no spec.resources.requests.storage: set the size wanted")
            return
        }
        let volume = VolumeBinding.provisionedVolume(for: claim, storageClass: storageClass, size: size, node: node, basePath: settings.basePath)
        let pvName = OwnerReferences.name(volume)
        let created: JSONValue
        do {
            created = try await context.client.create(.persistentVolumes, volume)
        } catch let e as APIStatusError where e.isConflict {
            created = try await context.client.get(.persistentVolumes, name: pvName)  // created by a pass whose result we did not see
        }
        await context.recorder.record(
            claim, .normal, reason: "ProvisioningSucceeded",
            message: "Successfully provisioned volume \(pvName)" + (node.map { " on node \($0)" } ?? ""))
        context.logger.info("local-path: provisioned \(pvName) for \(key) at \(created[path: ["spec", "hostPath", "path"]]?.stringValue ?? "?")")
        try await bind(created, claim)
    }

    /// The annotation the scheduler would set, else the node of the first bound, live pod using the claim.
    func selectedNode(_ claim: JSONValue) -> String? {
        if let n = claim[path: ["metadata", "annotations", Self.selectedNodeAnnotation]]?.stringValue, !n.isEmpty { return n }
        let key = ObjectCache.key(claim)
        return pods.list(namespace: OwnerReferences.namespace(claim))
            .filter { Self.claimKeys(of: $0).contains(key) && !OwnerReferences.isBeingDeleted($0) && Pods.isActive($0) }
            .compactMap { p -> (String, String)? in
                guard let n = p[path: ["spec", "nodeName"]]?.stringValue, !n.isEmpty else { return nil }
                return (OwnerReferences.name(p), n)
            }
            .min { $0.0 < $1.0 }?.1
    }

    /// The PV controller's binding, each step skipped when already done:
    /// the volume's claimRef (with the claim's uid), its phase, the claim's
    /// volumeName and annotations, the claim's status.
    func bind(_ volume: JSONValue, _ claim: JSONValue) async throws {
        var pv = volume
        let client = context.client
        if VolumeBinding.claimRef(pv)?.uid != OwnerReferences.uid(claim) {
            pv[path: ["spec", "claimRef"]] = VolumeBinding.reference(to: claim)
            pv = try await client.update(.persistentVolumes, pv)
        }
        if pv[path: ["status", "phase"]]?.stringValue != "Bound" {
            pv = try await client.patch(.persistentVolumes, name: OwnerReferences.name(pv), .merge, ["status": ["phase": "Bound"]], subresource: "status")
        }
        var pvc = claim
        let pvName = OwnerReferences.name(pv)
        let annotations = VolumeBinding.boundClaimAnnotations(provisioned: pv[path: ["metadata", "annotations", Self.provisionedByAnnotation]])
        let missing = annotations.contains { pvc[path: ["metadata", "annotations", $0.key]] != $0.value }
        if pvc[path: ["spec", "volumeName"]]?.stringValue != pvName || missing {
            pvc[path: ["spec", "volumeName"]] = .string(pvName)
            for (k, v) in annotations { pvc[path: ["metadata", "annotations", k]] = v }
            pvc = try await client.update(.persistentVolumeClaims, pvc)
        }
        let status: JSONValue = [
            "phase": "Bound",
            "capacity": pv[path: ["spec", "capacity"]] ?? .emptyObject,
            "accessModes": pv[path: ["spec", "accessModes"]] ?? .array([]),
        ]
        if pvc["status"]?["phase"] != status["phase"] || pvc["status"]?["capacity"] != status["capacity"]
            || pvc["status"]?["accessModes"] != status["accessModes"] {
            _ = try await client.patch(
                .persistentVolumeClaims, namespace: OwnerReferences.namespace(pvc), name: OwnerReferences.name(pvc), .merge,
                ["status": status], subresource: "status")
            context.logger.info("local-path: bound \(ObjectCache.key(pvc)) to \(pvName)")
        }
    }

    // MARK: volumes

    func reconcileVolume(_ name: String) async throws {
        guard let pv = volumes.get(name), !OwnerReferences.isBeingDeleted(pv) else { return }
        let phase = pv[path: ["status", "phase"]]?.stringValue
        guard let ref = VolumeBinding.claimRef(pv) else {
            if phase != "Available" { try await setPhase(pv, "Available") }
            return
        }
        // Pre-bound without a uid: waiting for its claim, whose reconcile binds it.
        guard let uid = ref.uid, !uid.isEmpty else {
            if phase != "Available" && phase != "Bound" { try await setPhase(pv, "Available") }
            return
        }
        if let claim = claims.get(namespace: ref.namespace, name: ref.name), OwnerReferences.uid(claim) == uid { return }
        // The cache says the claim is gone; make sure before destroying data.
        do {
            let live = try await context.client.get(.persistentVolumeClaims, namespace: ref.namespace, name: ref.name)
            if OwnerReferences.uid(live) == uid { return }
        } catch let e as APIStatusError where e.isNotFound {}
        let policy = pv[path: ["spec", "persistentVolumeReclaimPolicy"]]?.stringValue ?? "Retain"
        let ours = pv[path: ["metadata", "annotations", Self.provisionedByAnnotation]]?.stringValue == Self.provisionerName
        guard policy == "Delete", ours else {
            if phase != "Released" { try await setPhase(pv, "Released") }
            return
        }
        if let path = pv[path: ["spec", "hostPath", "path"]]?.stringValue {
            do {
                try VolumeBinding.removeDirectory(path, under: settings.basePath)
            } catch {
                await context.recorder.record(pv, .warning, reason: "VolumeFailedDelete", message: "cannot remove \(path): \(error.localizedDescription)")
                throw error
            }
        }
        do {
            try await context.client.delete(.persistentVolumes, name: name, preconditionUID: OwnerReferences.uid(pv))
        } catch let e as APIStatusError where e.isNotFound {}
        context.logger.info("local-path: deleted \(name), released by \(ref.namespace)/\(ref.name)")
    }

    func setPhase(_ pv: JSONValue, _ phase: String) async throws {
        do {
            _ = try await context.client.patch(
                .persistentVolumes, name: OwnerReferences.name(pv), .merge, ["status": ["phase": .string(phase)]], subresource: "status")
        } catch let e as APIStatusError where e.isNotFound {}
    }
}
