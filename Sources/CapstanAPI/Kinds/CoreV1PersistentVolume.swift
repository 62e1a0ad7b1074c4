// core/v1 PersistentVolume and PersistentVolumeClaim.

public struct PersistentVolume: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PersistentVolumeSpec?
    public var status: PersistentVolumeStatus?

    public init(
        apiVersion: String? = PersistentVolume.gvk.apiVersion, kind: String? = PersistentVolume.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: PersistentVolumeSpec? = nil, status: PersistentVolumeStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "PersistentVolume")
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolume" }
}

extension PersistentVolume: SchemaDescribed {
    public static var typeDescription: String {
        "A piece of storage in the cluster, provisioned by an admin or dynamically."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("The storage and how it may be used."),
            "status": FieldDoc("Observed state of the volume."),
        ]
    }
}

public struct PersistentVolumeList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [PersistentVolume]

    public init(
        apiVersion: String? = PersistentVolume.gvk.apiVersion, kind: String? = "PersistentVolumeList",
        metadata: ListMeta? = nil, items: [PersistentVolume]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeList" }
}

/// The source fields are inlined in Kubernetes' JSON (Go's embedded PersistentVolumeSource).
public struct PersistentVolumeSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var capacity: [String: Quantity]?
    public var gcePersistentDisk: GCEPersistentDiskVolumeSource?
    public var awsElasticBlockStore: AWSElasticBlockStoreVolumeSource?
    public var hostPath: HostPathVolumeSource?
    public var glusterfs: GlusterfsPersistentVolumeSource?
    public var nfs: NFSVolumeSource?
    public var rbd: RBDPersistentVolumeSource?
    public var iscsi: ISCSIPersistentVolumeSource?
    public var cinder: CinderPersistentVolumeSource?
    public var cephfs: CephFSPersistentVolumeSource?
    public var fc: FCVolumeSource?
    public var flocker: FlockerVolumeSource?
    public var flexVolume: FlexPersistentVolumeSource?
    public var azureFile: AzureFilePersistentVolumeSource?
    public var vsphereVolume: VsphereVirtualDiskVolumeSource?
    public var quobyte: QuobyteVolumeSource?
    public var azureDisk: AzureDiskVolumeSource?
    public var photonPersistentDisk: PhotonPersistentDiskVolumeSource?
    public var portworxVolume: PortworxVolumeSource?
    public var scaleIO: ScaleIOPersistentVolumeSource?
    public var local: LocalVolumeSource?
    public var storageos: StorageOSPersistentVolumeSource?
    public var csi: CSIPersistentVolumeSource?
    public var accessModes: [String]?
    public var claimRef: ObjectReference?
    public var persistentVolumeReclaimPolicy: String?
    public var storageClassName: String?
    public var mountOptions: [String]?
    public var volumeMode: String?
    public var nodeAffinity: VolumeNodeAffinity?
    public var volumeAttributesClassName: String?

    public init(
        capacity: [String: Quantity]? = nil, gcePersistentDisk: GCEPersistentDiskVolumeSource? = nil,
        awsElasticBlockStore: AWSElasticBlockStoreVolumeSource? = nil, hostPath: HostPathVolumeSource? = nil,
        glusterfs: GlusterfsPersistentVolumeSource? = nil, nfs: NFSVolumeSource? = nil,
        rbd: RBDPersistentVolumeSource? = nil, iscsi: ISCSIPersistentVolumeSource? = nil,
        cinder: CinderPersistentVolumeSource? = nil, cephfs: CephFSPersistentVolumeSource? = nil,
        fc: FCVolumeSource? = nil, flocker: FlockerVolumeSource? = nil, flexVolume: FlexPersistentVolumeSource? = nil,
        azureFile: AzureFilePersistentVolumeSource? = nil, vsphereVolume: VsphereVirtualDiskVolumeSource? = nil,
        quobyte: QuobyteVolumeSource? = nil, azureDisk: AzureDiskVolumeSource? = nil,
        photonPersistentDisk: PhotonPersistentDiskVolumeSource? = nil, portworxVolume: PortworxVolumeSource? = nil,
        scaleIO: ScaleIOPersistentVolumeSource? = nil, local: LocalVolumeSource? = nil,
        storageos: StorageOSPersistentVolumeSource? = nil, csi: CSIPersistentVolumeSource? = nil,
        accessModes: [String]? = nil, claimRef: ObjectReference? = nil, persistentVolumeReclaimPolicy: String? = nil,
        storageClassName: String? = nil, mountOptions: [String]? = nil, volumeMode: String? = nil,
        nodeAffinity: VolumeNodeAffinity? = nil, volumeAttributesClassName: String? = nil
    ) {
        self.capacity = capacity
        self.gcePersistentDisk = gcePersistentDisk
        self.awsElasticBlockStore = awsElasticBlockStore
        self.hostPath = hostPath
        self.glusterfs = glusterfs
        self.nfs = nfs
        self.rbd = rbd
        self.iscsi = iscsi
        self.cinder = cinder
        self.cephfs = cephfs
        self.fc = fc
        self.flocker = flocker
        self.flexVolume = flexVolume
        self.azureFile = azureFile
        self.vsphereVolume = vsphereVolume
        self.quobyte = quobyte
        self.azureDisk = azureDisk
        self.photonPersistentDisk = photonPersistentDisk
        self.portworxVolume = portworxVolume
        self.scaleIO = scaleIO
        self.local = local
        self.storageos = storageos
        self.csi = csi
        self.accessModes = accessModes
        self.claimRef = claimRef
        self.persistentVolumeReclaimPolicy = persistentVolumeReclaimPolicy
        self.storageClassName = storageClassName
        self.mountOptions = mountOptions
        self.volumeMode = volumeMode
        self.nodeAffinity = nodeAffinity
        self.volumeAttributesClassName = volumeAttributesClassName
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeSpec" }
}

extension PersistentVolumeSpec: SchemaDescribed {
    public static var typeDescription: String {
        "A persistent volume: its capacity, source and access rules; exactly one source is set."
    }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "capacity": FieldDoc("Size of the volume."),
            "gcePersistentDisk": FieldDoc("Deprecated: a GCE persistent disk."),
            "awsElasticBlockStore": FieldDoc("Deprecated: an AWS EBS volume."),
            "hostPath": FieldDoc("A directory on the node (single-node testing only)."),
            "glusterfs": FieldDoc("Removed plugin: a GlusterFS volume."),
            "nfs": FieldDoc("An NFS export."),
            "rbd": FieldDoc("Deprecated: a Ceph RBD image."),
            "iscsi": FieldDoc("An iSCSI disk."),
            "cinder": FieldDoc("Deprecated: an OpenStack Cinder volume."),
            "cephfs": FieldDoc("Deprecated: a CephFS mount."),
            "fc": FieldDoc("A Fibre Channel disk."),
            "flocker": FieldDoc("Deprecated: a Flocker dataset."),
            "flexVolume": FieldDoc("Deprecated: a volume from a FlexVolume driver."),
            "azureFile": FieldDoc("Deprecated: an Azure File share."),
            "vsphereVolume": FieldDoc("Deprecated: a vSphere disk."),
            "quobyte": FieldDoc("Deprecated: a Quobyte volume."),
            "azureDisk": FieldDoc("Deprecated: an Azure data disk."),
            "photonPersistentDisk": FieldDoc("Deprecated: a Photon Controller disk."),
            "portworxVolume": FieldDoc("Deprecated: a Portworx volume."),
            "scaleIO": FieldDoc("Deprecated: a ScaleIO volume."),
            "local": FieldDoc("A local disk or directory on a node."),
            "storageos": FieldDoc("Deprecated: a StorageOS volume."),
            "csi": FieldDoc("A volume managed by a CSI driver."),
            "accessModes": FieldDoc("How the volume can be mounted."),
            "claimRef": FieldDoc("The claim bound to this volume."),
            "persistentVolumeReclaimPolicy": FieldDoc(
                "What happens when the claim is released.",
                enumValues: ["Recycle", "Delete", "Retain"]),
            "storageClassName": FieldDoc("StorageClass the volume belongs to."),
            "mountOptions": FieldDoc("Mount options."),
            "volumeMode": FieldDoc("Filesystem or Block. Default Filesystem.", enumValues: ["Block", "Filesystem"]),
            "nodeAffinity": FieldDoc("Nodes the volume can be used from."),
        ]
    }
}

public struct VolumeNodeAffinity: Codable, Sendable, Equatable, SchemaNamed {
    public var required: NodeSelector?

    public init(required: NodeSelector? = nil) {
        self.required = required
    }
    public static var schemaName: String { "io.k8s.api.core.v1.VolumeNodeAffinity" }
}

extension VolumeNodeAffinity: SchemaDescribed {
    public static var typeDescription: String { "Nodes a volume can be reached from." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "required": FieldDoc("Node terms that must match."),
        ]
    }
}

public struct PersistentVolumeStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var phase: String?
    public var message: String?
    public var reason: String?
    public var lastPhaseTransitionTime: Time?

    public init(
        phase: String? = nil, message: String? = nil, reason: String? = nil, lastPhaseTransitionTime: Time? = nil
    ) {
        self.phase = phase
        self.message = message
        self.reason = reason
        self.lastPhaseTransitionTime = lastPhaseTransitionTime
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeStatus" }
}

extension PersistentVolumeStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a persistent volume." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "phase": FieldDoc("Lifecycle phase.", enumValues: ["Pending", "Available", "Bound", "Released", "Failed"]),
            "message": FieldDoc("Human-readable detail."),
            "reason": FieldDoc("Brief CamelCase reason."),
            "lastPhaseTransitionTime": FieldDoc("When the phase last changed."),
        ]
    }
}

public struct PersistentVolumeClaim: KubeObject, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PersistentVolumeClaimSpec?
    public var status: PersistentVolumeClaimStatus?

    public init(
        apiVersion: String? = PersistentVolumeClaim.gvk.apiVersion, kind: String? = PersistentVolumeClaim.gvk.kind,
        metadata: ObjectMeta = ObjectMeta(), spec: PersistentVolumeClaimSpec? = nil,
        status: PersistentVolumeClaimStatus? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
    public static let gvk = GroupVersionKind(group: "", version: "v1", kind: "PersistentVolumeClaim")
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeClaim" }
}

extension PersistentVolumeClaim: SchemaDescribed {
    public static var typeDescription: String { "A user's request for storage." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("What is requested."),
            "status": FieldDoc("Observed state of the claim."),
        ]
    }
}

public struct PersistentVolumeClaimList: Codable, Sendable, Equatable, SchemaNamed {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    public var items: [PersistentVolumeClaim]

    public init(
        apiVersion: String? = PersistentVolumeClaim.gvk.apiVersion, kind: String? = "PersistentVolumeClaimList",
        metadata: ListMeta? = nil, items: [PersistentVolumeClaim]
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeClaimList" }
}

public struct PersistentVolumeClaimSpec: Codable, Sendable, Equatable, SchemaNamed {
    public var accessModes: [String]?
    public var selector: LabelSelector?
    public var resources: VolumeResourceRequirements?
    public var volumeName: String?
    public var storageClassName: String?
    public var volumeMode: String?
    public var dataSource: TypedLocalObjectReference?
    public var dataSourceRef: TypedObjectReference?
    public var volumeAttributesClassName: String?

    public init(
        accessModes: [String]? = nil, selector: LabelSelector? = nil, resources: VolumeResourceRequirements? = nil,
        volumeName: String? = nil, storageClassName: String? = nil, volumeMode: String? = nil,
        dataSource: TypedLocalObjectReference? = nil, dataSourceRef: TypedObjectReference? = nil,
        volumeAttributesClassName: String? = nil
    ) {
        self.accessModes = accessModes
        self.selector = selector
        self.resources = resources
        self.volumeName = volumeName
        self.storageClassName = storageClassName
        self.volumeMode = volumeMode
        self.dataSource = dataSource
        self.dataSourceRef = dataSourceRef
        self.volumeAttributesClassName = volumeAttributesClassName
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeClaimSpec" }
}

extension PersistentVolumeClaimSpec: SchemaDescribed {
    public static var typeDescription: String { "Storage requested by a claim." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "accessModes": FieldDoc("Access modes wanted."),
            "selector": FieldDoc("Labels the volume must carry."),
            "resources": FieldDoc("Minimum size (requests.storage)."),
            "volumeName": FieldDoc("Binds to this specific volume."),
            "storageClassName": FieldDoc("StorageClass wanted; empty string for none."),
            "volumeMode": FieldDoc("Filesystem or Block. Default Filesystem.", enumValues: ["Block", "Filesystem"]),
            "dataSource": FieldDoc("Existing snapshot or PVC to fill the volume from."),
            "dataSourceRef": FieldDoc("Object to fill the volume from, possibly in another namespace."),
            "volumeAttributesClassName": FieldDoc("VolumeAttributesClass to apply."),
        ]
    }
}

public struct VolumeResourceRequirements: Codable, Sendable, Equatable, SchemaNamed {
    public var limits: [String: Quantity]?
    public var requests: [String: Quantity]?

    public init(limits: [String: Quantity]? = nil, requests: [String: Quantity]? = nil) {
        self.limits = limits
        self.requests = requests
    }
    public static var schemaName: String { "io.k8s.api.core.v1.VolumeResourceRequirements" }
}

extension VolumeResourceRequirements: SchemaDescribed {
    public static var typeDescription: String { "Storage requests and limits." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "limits": FieldDoc("Maximum amounts."),
            "requests": FieldDoc("Minimum amounts."),
        ]
    }
}

public struct TypedLocalObjectReference: Codable, Sendable, Equatable, SchemaNamed {
    public var apiGroup: String?
    public var kind: String
    public var name: String

    public init(apiGroup: String? = nil, kind: String, name: String) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
    }
    public static var schemaName: String { "io.k8s.api.core.v1.TypedLocalObjectReference" }
}

extension TypedLocalObjectReference: SchemaDescribed {
    public static var typeDescription: String { "Names a typed object in the same namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "apiGroup": FieldDoc("API group; empty for the core group."),
            "kind": FieldDoc("Kind of the object."),
            "name": FieldDoc("Name of the object."),
        ]
    }
}

public struct TypedObjectReference: Codable, Sendable, Equatable, SchemaNamed {
    public var apiGroup: String?
    public var kind: String
    public var name: String
    public var namespace: String?

    public init(apiGroup: String? = nil, kind: String, name: String, namespace: String? = nil) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
    public static var schemaName: String { "io.k8s.api.core.v1.TypedObjectReference" }
}

extension TypedObjectReference: SchemaDescribed {
    public static var typeDescription: String { "Names a typed object." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "apiGroup": FieldDoc("API group; empty for the core group."),
            "kind": FieldDoc("Kind."),
            "name": FieldDoc("Name."),
            "namespace": FieldDoc("Namespace; defaults to the referrer's."),
        ]
    }
}

public struct PersistentVolumeClaimStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var phase: String?
    public var accessModes: [String]?
    public var capacity: [String: Quantity]?
    public var conditions: [PersistentVolumeClaimCondition]?
    public var allocatedResources: [String: Quantity]?
    public var allocatedResourceStatuses: [String: String]?
    public var currentVolumeAttributesClassName: String?
    public var modifyVolumeStatus: ModifyVolumeStatus?

    public init(
        phase: String? = nil, accessModes: [String]? = nil, capacity: [String: Quantity]? = nil,
        conditions: [PersistentVolumeClaimCondition]? = nil, allocatedResources: [String: Quantity]? = nil,
        allocatedResourceStatuses: [String: String]? = nil, currentVolumeAttributesClassName: String? = nil,
        modifyVolumeStatus: ModifyVolumeStatus? = nil
    ) {
        self.phase = phase
        self.accessModes = accessModes
        self.capacity = capacity
        self.conditions = conditions
        self.allocatedResources = allocatedResources
        self.allocatedResourceStatuses = allocatedResourceStatuses
        self.currentVolumeAttributesClassName = currentVolumeAttributesClassName
        self.modifyVolumeStatus = modifyVolumeStatus
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeClaimStatus" }
}

extension PersistentVolumeClaimStatus: SchemaDescribed {
    public static var typeDescription: String { "Observed state of a claim." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "phase": FieldDoc("Lifecycle phase.", enumValues: ["Pending", "Bound", "Lost"]),
            "accessModes": FieldDoc("Access modes of the bound volume."),
            "capacity": FieldDoc("Capacity of the bound volume."),
            "conditions": .mergeList("type", "Current conditions (Resizing, FileSystemResizePending, ...)."),
            "allocatedResources": FieldDoc("Resources allocated, including during a resize."),
        ]
    }
}

public struct PersistentVolumeClaimCondition: Codable, Sendable, Equatable, SchemaNamed {
    public var type: String
    public var status: String
    public var lastProbeTime: Time?
    public var lastTransitionTime: Time?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: String, lastProbeTime: Time? = nil, lastTransitionTime: Time? = nil,
        reason: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastProbeTime = lastProbeTime
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeClaimCondition" }
}

extension PersistentVolumeClaimCondition: SchemaDescribed {
    public static var fieldDocs: [String: FieldDoc] {
        [
            "status": FieldDoc("", enumValues: ["True", "False", "Unknown"]),
        ]
    }
}

public struct ModifyVolumeStatus: Codable, Sendable, Equatable, SchemaNamed {
    public var targetVolumeAttributesClassName: String?
    public var status: String

    public init(targetVolumeAttributesClassName: String? = nil, status: String) {
        self.targetVolumeAttributesClassName = targetVolumeAttributesClassName
        self.status = status
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ModifyVolumeStatus" }
}

public struct SecretReference: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var namespace: String?

    public init(name: String? = nil, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SecretReference" }
}

extension SecretReference: SchemaDescribed {
    public static var typeDescription: String { "Names a Secret in any namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name."),
            "namespace": FieldDoc("Namespace."),
        ]
    }
}

public struct LocalVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var path: String
    public var fsType: String?

    public init(path: String, fsType: String? = nil) {
        self.path = path
        self.fsType = fsType
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LocalVolumeSource" }
}

extension LocalVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "A local disk, partition or directory." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "path": FieldDoc("Full path on the node."),
            "fsType": FieldDoc("Filesystem type, for block devices."),
        ]
    }
}

public struct CSIPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var driver: String
    public var volumeHandle: String
    public var readOnly: Bool?
    public var fsType: String?
    public var volumeAttributes: [String: String]?
    public var controllerPublishSecretRef: SecretReference?
    public var nodeStageSecretRef: SecretReference?
    public var nodePublishSecretRef: SecretReference?
    public var controllerExpandSecretRef: SecretReference?
    public var nodeExpandSecretRef: SecretReference?

    public init(
        driver: String, volumeHandle: String, readOnly: Bool? = nil, fsType: String? = nil,
        volumeAttributes: [String: String]? = nil, controllerPublishSecretRef: SecretReference? = nil,
        nodeStageSecretRef: SecretReference? = nil, nodePublishSecretRef: SecretReference? = nil,
        controllerExpandSecretRef: SecretReference? = nil, nodeExpandSecretRef: SecretReference? = nil
    ) {
        self.driver = driver
        self.volumeHandle = volumeHandle
        self.readOnly = readOnly
        self.fsType = fsType
        self.volumeAttributes = volumeAttributes
        self.controllerPublishSecretRef = controllerPublishSecretRef
        self.nodeStageSecretRef = nodeStageSecretRef
        self.nodePublishSecretRef = nodePublishSecretRef
        self.controllerExpandSecretRef = controllerExpandSecretRef
        self.nodeExpandSecretRef = nodeExpandSecretRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.CSIPersistentVolumeSource" }
}

extension CSIPersistentVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "A volume managed by an external CSI driver." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "driver": FieldDoc("CSI driver name."),
            "volumeHandle": FieldDoc("ID of the volume in the driver."),
            "readOnly": FieldDoc("Publish read-only."),
            "fsType": FieldDoc("Filesystem type."),
            "volumeAttributes": FieldDoc("Driver-specific attributes."),
        ]
    }
}
