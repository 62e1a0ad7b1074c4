// core/v1 pod volumes and the volume sources the node agent can provide.

/// The source fields are inlined in Kubernetes' JSON (Go's embedded VolumeSource), so they sit beside `name`.
public struct Volume: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String
    public var hostPath: HostPathVolumeSource?
    public var emptyDir: EmptyDirVolumeSource?
    public var gcePersistentDisk: GCEPersistentDiskVolumeSource?
    public var awsElasticBlockStore: AWSElasticBlockStoreVolumeSource?
    public var gitRepo: GitRepoVolumeSource?
    public var secret: SecretVolumeSource?
    public var nfs: NFSVolumeSource?
    public var iscsi: ISCSIVolumeSource?
    public var glusterfs: GlusterfsVolumeSource?
    public var persistentVolumeClaim: PersistentVolumeClaimVolumeSource?
    public var rbd: RBDVolumeSource?
    public var flexVolume: FlexVolumeSource?
    public var cinder: CinderVolumeSource?
    public var cephfs: CephFSVolumeSource?
    public var flocker: FlockerVolumeSource?
    public var downwardAPI: DownwardAPIVolumeSource?
    public var fc: FCVolumeSource?
    public var azureFile: AzureFileVolumeSource?
    public var configMap: ConfigMapVolumeSource?
    public var vsphereVolume: VsphereVirtualDiskVolumeSource?
    public var quobyte: QuobyteVolumeSource?
    public var azureDisk: AzureDiskVolumeSource?
    public var photonPersistentDisk: PhotonPersistentDiskVolumeSource?
    public var projected: ProjectedVolumeSource?
    public var portworxVolume: PortworxVolumeSource?
    public var scaleIO: ScaleIOVolumeSource?
    public var storageos: StorageOSVolumeSource?
    public var csi: CSIVolumeSource?
    public var ephemeral: EphemeralVolumeSource?
    public var image: ImageVolumeSource?

    public init(
        name: String, hostPath: HostPathVolumeSource? = nil, emptyDir: EmptyDirVolumeSource? = nil,
        gcePersistentDisk: GCEPersistentDiskVolumeSource? = nil,
        awsElasticBlockStore: AWSElasticBlockStoreVolumeSource? = nil, gitRepo: GitRepoVolumeSource? = nil,
        secret: SecretVolumeSource? = nil, nfs: NFSVolumeSource? = nil, iscsi: ISCSIVolumeSource? = nil,
        glusterfs: GlusterfsVolumeSource? = nil, persistentVolumeClaim: PersistentVolumeClaimVolumeSource? = nil,
        rbd: RBDVolumeSource? = nil, flexVolume: FlexVolumeSource? = nil, cinder: CinderVolumeSource? = nil,
        cephfs: CephFSVolumeSource? = nil, flocker: FlockerVolumeSource? = nil,
        downwardAPI: DownwardAPIVolumeSource? = nil, fc: FCVolumeSource? = nil,
        azureFile: AzureFileVolumeSource? = nil, configMap: ConfigMapVolumeSource? = nil,
        vsphereVolume: VsphereVirtualDiskVolumeSource? = nil, quobyte: QuobyteVolumeSource? = nil,
        azureDisk: AzureDiskVolumeSource? = nil, photonPersistentDisk: PhotonPersistentDiskVolumeSource? = nil,
        projected: ProjectedVolumeSource? = nil, portworxVolume: PortworxVolumeSource? = nil,
        scaleIO: ScaleIOVolumeSource? = nil, storageos: StorageOSVolumeSource? = nil, csi: CSIVolumeSource? = nil,
        ephemeral: EphemeralVolumeSource? = nil, image: ImageVolumeSource? = nil
    ) {
        self.name = name
        self.hostPath = hostPath
        self.emptyDir = emptyDir
        self.gcePersistentDisk = gcePersistentDisk
        self.awsElasticBlockStore = awsElasticBlockStore
        self.gitRepo = gitRepo
        self.secret = secret
        self.nfs = nfs
        self.iscsi = iscsi
        self.glusterfs = glusterfs
        self.persistentVolumeClaim = persistentVolumeClaim
        self.rbd = rbd
        self.flexVolume = flexVolume
        self.cinder = cinder
        self.cephfs = cephfs
        self.flocker = flocker
        self.downwardAPI = downwardAPI
        self.fc = fc
        self.azureFile = azureFile
        self.configMap = configMap
        self.vsphereVolume = vsphereVolume
        self.quobyte = quobyte
        self.azureDisk = azureDisk
        self.photonPersistentDisk = photonPersistentDisk
        self.projected = projected
        self.portworxVolume = portworxVolume
        self.scaleIO = scaleIO
        self.storageos = storageos
        self.csi = csi
        self.ephemeral = ephemeral
        self.image = image
    }
    public static var schemaName: String { "io.k8s.api.core.v1.Volume" }
}

extension Volume: SchemaDescribed {
    public static var typeDescription: String { "A named volume of a pod; exactly one source is set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Volume name, unique in the pod (DNS label)."),
            "hostPath": FieldDoc("A file or directory on the node."),
            "emptyDir": FieldDoc("An empty directory that lives as long as the pod."),
            "gcePersistentDisk": FieldDoc("Deprecated: a GCE persistent disk."),
            "awsElasticBlockStore": FieldDoc("Deprecated: an AWS EBS volume."),
            "gitRepo": FieldDoc("Deprecated: a git repository cloned into an empty directory."),
            "secret": FieldDoc("Keys of a Secret as files."),
            "nfs": FieldDoc("An NFS export."),
            "iscsi": FieldDoc("An iSCSI disk."),
            "glusterfs": FieldDoc("Removed plugin: a GlusterFS volume."),
            "persistentVolumeClaim": FieldDoc("A PersistentVolumeClaim in the pod's namespace."),
            "rbd": FieldDoc("Deprecated: a Ceph RBD image."),
            "flexVolume": FieldDoc("Deprecated: a volume from a FlexVolume driver."),
            "cinder": FieldDoc("Deprecated: an OpenStack Cinder volume."),
            "cephfs": FieldDoc("Deprecated: a CephFS mount."),
            "flocker": FieldDoc("Deprecated: a Flocker dataset."),
            "downwardAPI": FieldDoc("Pod fields as files."),
            "fc": FieldDoc("A Fibre Channel disk."),
            "azureFile": FieldDoc("Deprecated: an Azure File share."),
            "configMap": FieldDoc("Keys of a ConfigMap as files."),
            "vsphereVolume": FieldDoc("Deprecated: a vSphere disk."),
            "quobyte": FieldDoc("Deprecated: a Quobyte volume."),
            "azureDisk": FieldDoc("Deprecated: an Azure data disk."),
            "photonPersistentDisk": FieldDoc("Deprecated: a Photon Controller disk."),
            "projected": FieldDoc("Several sources (secrets, config maps, downward API, tokens) in one directory."),
            "portworxVolume": FieldDoc("Deprecated: a Portworx volume."),
            "scaleIO": FieldDoc("Deprecated: a ScaleIO volume."),
            "storageos": FieldDoc("Deprecated: a StorageOS volume."),
            "csi": FieldDoc("An ephemeral volume from a CSI driver."),
            "ephemeral": FieldDoc("A PVC created for the pod and deleted with it."),
            "image": FieldDoc("An OCI image or artifact, mounted read-only."),
        ]
    }
}

public struct LocalObjectReference: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?

    public init(name: String? = nil) {
        self.name = name
    }
    public static var schemaName: String { "io.k8s.api.core.v1.LocalObjectReference" }
}

extension LocalObjectReference: SchemaDescribed {
    public static var typeDescription: String { "Names an object in the same namespace." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("Name of the object."),
        ]
    }
}

public struct HostPathVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var path: String
    public var type: String?

    public init(path: String, type: String? = nil) {
        self.path = path
        self.type = type
    }
    public static var schemaName: String { "io.k8s.api.core.v1.HostPathVolumeSource" }
}

extension HostPathVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "A path on the node." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "path": FieldDoc("Path on the node."),
            "type": FieldDoc(
                "What must exist at the path.",
                enumValues: ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"]),
        ]
    }
}

public struct EmptyDirVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var medium: String?
    public var sizeLimit: Quantity?

    public init(medium: String? = nil, sizeLimit: Quantity? = nil) {
        self.medium = medium
        self.sizeLimit = sizeLimit
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EmptyDirVolumeSource" }
}

extension EmptyDirVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "An empty directory for the pod's lifetime." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "medium": FieldDoc("Storage medium: empty for the node's disk, Memory for tmpfs."),
            "sizeLimit": FieldDoc("Maximum size of the directory."),
        ]
    }
}

public struct SecretVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var secretName: String?
    public var items: [KeyToPath]?
    public var defaultMode: Int32?
    public var optional: Bool?

    public init(
        secretName: String? = nil, items: [KeyToPath]? = nil, defaultMode: Int32? = nil, optional: Bool? = nil
    ) {
        self.secretName = secretName
        self.items = items
        self.defaultMode = defaultMode
        self.optional = optional
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SecretVolumeSource" }
}

extension SecretVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "A Secret's keys as files." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "secretName": FieldDoc("Secret in the pod's namespace."),
            "items": FieldDoc("Keys to project and their paths; default all keys."),
            "defaultMode": FieldDoc("File mode bits. Default 0644."),
            "optional": FieldDoc("Do not fail if the Secret or keys are missing."),
        ]
    }
}

public struct ConfigMapVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var items: [KeyToPath]?
    public var defaultMode: Int32?
    public var optional: Bool?

    public init(name: String? = nil, items: [KeyToPath]? = nil, defaultMode: Int32? = nil, optional: Bool? = nil) {
        self.name = name
        self.items = items
        self.defaultMode = defaultMode
        self.optional = optional
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ConfigMapVolumeSource" }
}

extension ConfigMapVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "A ConfigMap's keys as files." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "name": FieldDoc("ConfigMap in the pod's namespace."),
            "items": FieldDoc("Keys to project and their paths; default all keys."),
            "defaultMode": FieldDoc("File mode bits. Default 0644."),
            "optional": FieldDoc("Do not fail if the ConfigMap or keys are missing."),
        ]
    }
}

public struct KeyToPath: Codable, Sendable, Equatable, SchemaNamed {
    public var key: String
    public var path: String
    public var mode: Int32?

    public init(key: String, path: String, mode: Int32? = nil) {
        self.key = key
        self.path = path
        self.mode = mode
    }
    public static var schemaName: String { "io.k8s.api.core.v1.KeyToPath" }
}

extension KeyToPath: SchemaDescribed {
    public static var typeDescription: String { "Maps a key to a file." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "key": FieldDoc("Key to project."),
            "path": FieldDoc("Relative file path."),
            "mode": FieldDoc("File mode bits."),
        ]
    }
}

public struct ProjectedVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var sources: [VolumeProjection]?
    public var defaultMode: Int32?

    public init(sources: [VolumeProjection]? = nil, defaultMode: Int32? = nil) {
        self.sources = sources
        self.defaultMode = defaultMode
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ProjectedVolumeSource" }
}

extension ProjectedVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "Several sources projected into one directory." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "sources": FieldDoc("The sources."),
            "defaultMode": FieldDoc("File mode bits. Default 0644."),
        ]
    }
}

public struct VolumeProjection: Codable, Sendable, Equatable, SchemaNamed {
    public var secret: SecretProjection?
    public var downwardAPI: DownwardAPIProjection?
    public var configMap: ConfigMapProjection?
    public var serviceAccountToken: ServiceAccountTokenProjection?
    public var clusterTrustBundle: ClusterTrustBundleProjection?

    public init(
        secret: SecretProjection? = nil, downwardAPI: DownwardAPIProjection? = nil,
        configMap: ConfigMapProjection? = nil, serviceAccountToken: ServiceAccountTokenProjection? = nil,
        clusterTrustBundle: ClusterTrustBundleProjection? = nil
    ) {
        self.secret = secret
        self.downwardAPI = downwardAPI
        self.configMap = configMap
        self.serviceAccountToken = serviceAccountToken
        self.clusterTrustBundle = clusterTrustBundle
    }
    public static var schemaName: String { "io.k8s.api.core.v1.VolumeProjection" }
}

extension VolumeProjection: SchemaDescribed {
    public static var typeDescription: String { "One source of a projected volume; exactly one member is set." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "secret": FieldDoc("Keys of a Secret."),
            "downwardAPI": FieldDoc("Pod fields."),
            "configMap": FieldDoc("Keys of a ConfigMap."),
            "serviceAccountToken": FieldDoc("A service account token."),
            "clusterTrustBundle": FieldDoc("Certificates of ClusterTrustBundles."),
        ]
    }
}

public struct SecretProjection: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var items: [KeyToPath]?
    public var optional: Bool?

    public init(name: String? = nil, items: [KeyToPath]? = nil, optional: Bool? = nil) {
        self.name = name
        self.items = items
        self.optional = optional
    }
    public static var schemaName: String { "io.k8s.api.core.v1.SecretProjection" }
}

public struct ConfigMapProjection: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var items: [KeyToPath]?
    public var optional: Bool?

    public init(name: String? = nil, items: [KeyToPath]? = nil, optional: Bool? = nil) {
        self.name = name
        self.items = items
        self.optional = optional
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ConfigMapProjection" }
}

public struct DownwardAPIProjection: Codable, Sendable, Equatable, SchemaNamed {
    public var items: [DownwardAPIVolumeFile]?

    public init(items: [DownwardAPIVolumeFile]? = nil) {
        self.items = items
    }
    public static var schemaName: String { "io.k8s.api.core.v1.DownwardAPIProjection" }
}

public struct ServiceAccountTokenProjection: Codable, Sendable, Equatable, SchemaNamed {
    public var audience: String?
    public var expirationSeconds: Int64?
    public var path: String

    public init(audience: String? = nil, expirationSeconds: Int64? = nil, path: String) {
        self.audience = audience
        self.expirationSeconds = expirationSeconds
        self.path = path
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ServiceAccountTokenProjection" }
}

extension ServiceAccountTokenProjection: SchemaDescribed {
    public static var typeDescription: String { "A bound service account token, refreshed by the kubelet." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "audience": FieldDoc("Audience the token is for. Default the API server's."),
            "expirationSeconds": FieldDoc("Requested token lifetime. Default 1 hour; at least 10 minutes."),
            "path": FieldDoc("File path of the token."),
        ]
    }
}

public struct ClusterTrustBundleProjection: Codable, Sendable, Equatable, SchemaNamed {
    public var name: String?
    public var signerName: String?
    public var labelSelector: LabelSelector?
    public var optional: Bool?
    public var path: String

    public init(
        name: String? = nil, signerName: String? = nil, labelSelector: LabelSelector? = nil, optional: Bool? = nil,
        path: String
    ) {
        self.name = name
        self.signerName = signerName
        self.labelSelector = labelSelector
        self.optional = optional
        self.path = path
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ClusterTrustBundleProjection" }
}

public struct DownwardAPIVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var items: [DownwardAPIVolumeFile]?
    public var defaultMode: Int32?

    public init(items: [DownwardAPIVolumeFile]? = nil, defaultMode: Int32? = nil) {
        self.items = items
        self.defaultMode = defaultMode
    }
    public static var schemaName: String { "io.k8s.api.core.v1.DownwardAPIVolumeSource" }
}

extension DownwardAPIVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "Pod fields as files." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "items": FieldDoc("Fields and their paths."),
            "defaultMode": FieldDoc("File mode bits. Default 0644."),
        ]
    }
}

public struct DownwardAPIVolumeFile: Codable, Sendable, Equatable, SchemaNamed {
    public var path: String
    public var fieldRef: ObjectFieldSelector?
    public var resourceFieldRef: ResourceFieldSelector?
    public var mode: Int32?

    public init(
        path: String, fieldRef: ObjectFieldSelector? = nil, resourceFieldRef: ResourceFieldSelector? = nil,
        mode: Int32? = nil
    ) {
        self.path = path
        self.fieldRef = fieldRef
        self.resourceFieldRef = resourceFieldRef
        self.mode = mode
    }
    public static var schemaName: String { "io.k8s.api.core.v1.DownwardAPIVolumeFile" }
}

extension DownwardAPIVolumeFile: SchemaDescribed {
    public static var typeDescription: String { "A pod field written to a file." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "path": FieldDoc("Relative file path."),
            "fieldRef": FieldDoc("Pod field to write."),
            "resourceFieldRef": FieldDoc("Container resource to write."),
            "mode": FieldDoc("File mode bits."),
        ]
    }
}

public struct PersistentVolumeClaimVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var claimName: String
    public var readOnly: Bool?

    public init(claimName: String, readOnly: Bool? = nil) {
        self.claimName = claimName
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource" }
}

extension PersistentVolumeClaimVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "A PVC used as a volume." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "claimName": FieldDoc("PVC in the pod's namespace."),
            "readOnly": FieldDoc("Mount read-only."),
        ]
    }
}

public struct NFSVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var server: String
    public var path: String
    public var readOnly: Bool?

    public init(server: String, path: String, readOnly: Bool? = nil) {
        self.server = server
        self.path = path
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.NFSVolumeSource" }
}

extension NFSVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "An NFS export." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "server": FieldDoc("NFS server."),
            "path": FieldDoc("Exported path."),
            "readOnly": FieldDoc("Mount read-only."),
        ]
    }
}

public struct CSIVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var driver: String
    public var readOnly: Bool?
    public var fsType: String?
    public var volumeAttributes: [String: String]?
    public var nodePublishSecretRef: LocalObjectReference?

    public init(
        driver: String, readOnly: Bool? = nil, fsType: String? = nil, volumeAttributes: [String: String]? = nil,
        nodePublishSecretRef: LocalObjectReference? = nil
    ) {
        self.driver = driver
        self.readOnly = readOnly
        self.fsType = fsType
        self.volumeAttributes = volumeAttributes
        self.nodePublishSecretRef = nodePublishSecretRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.CSIVolumeSource" }
}

extension CSIVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "An ephemeral volume provided by a CSI driver." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "driver": FieldDoc("CSI driver name."),
            "volumeAttributes": FieldDoc("Driver-specific attributes."),
            "nodePublishSecretRef": FieldDoc("Secret passed to the driver's publish calls."),
        ]
    }
}

public struct EphemeralVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var volumeClaimTemplate: PersistentVolumeClaimTemplate?

    public init(volumeClaimTemplate: PersistentVolumeClaimTemplate? = nil) {
        self.volumeClaimTemplate = volumeClaimTemplate
    }
    public static var schemaName: String { "io.k8s.api.core.v1.EphemeralVolumeSource" }
}

extension EphemeralVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "A PVC created with the pod and deleted with it." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "volumeClaimTemplate": FieldDoc("Template of the PVC; it is named <pod>-<volume>."),
        ]
    }
}

public struct PersistentVolumeClaimTemplate: Codable, Sendable, Equatable, SchemaNamed {
    public var metadata: ObjectMeta?
    public var spec: PersistentVolumeClaimSpec

    public init(metadata: ObjectMeta? = nil, spec: PersistentVolumeClaimSpec) {
        self.metadata = metadata
        self.spec = spec
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PersistentVolumeClaimTemplate" }
}

extension PersistentVolumeClaimTemplate: SchemaDescribed {
    public static var typeDescription: String { "Template of a PVC for an ephemeral volume." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "spec": FieldDoc("Spec of the claim."),
        ]
    }
}

public struct ImageVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var reference: String?
    public var pullPolicy: String?

    public init(reference: String? = nil, pullPolicy: String? = nil) {
        self.reference = reference
        self.pullPolicy = pullPolicy
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ImageVolumeSource" }
}

extension ImageVolumeSource: SchemaDescribed {
    public static var typeDescription: String { "An OCI image or artifact used as a volume." }
    public static var fieldDocs: [String: FieldDoc] {
        [
            "reference": FieldDoc("Image or artifact reference."),
            "pullPolicy": FieldDoc("When to pull it."),
        ]
    }
}
