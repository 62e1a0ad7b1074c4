// core/v1 in-tree volume sources of cloud and network storage plugins, most deprecated.
// Modelled so that objects using them pass strict field validation and round-trip;
// Capstan's node agent does not mount them.

public struct GCEPersistentDiskVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var pdName: String
    public var fsType: String?
    public var partition: Int32?
    public var readOnly: Bool?

    public init(pdName: String, fsType: String? = nil, partition: Int32? = nil, readOnly: Bool? = nil) {
        self.pdName = pdName
        self.fsType = fsType
        self.partition = partition
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.GCEPersistentDiskVolumeSource" }
}

public struct AWSElasticBlockStoreVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var volumeID: String
    public var fsType: String?
    public var partition: Int32?
    public var readOnly: Bool?

    public init(volumeID: String, fsType: String? = nil, partition: Int32? = nil, readOnly: Bool? = nil) {
        self.volumeID = volumeID
        self.fsType = fsType
        self.partition = partition
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource" }
}

public struct GitRepoVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var repository: String
    public var revision: String?
    public var directory: String?

    public init(repository: String, revision: String? = nil, directory: String? = nil) {
        self.repository = repository
        self.revision = revision
        self.directory = directory
    }
    public static var schemaName: String { "io.k8s.api.core.v1.GitRepoVolumeSource" }
}

public struct ISCSIVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var targetPortal: String
    public var iqn: String
    public var lun: Int32
    public var iscsiInterface: String?
    public var fsType: String?
    public var readOnly: Bool?
    public var portals: [String]?
    public var chapAuthDiscovery: Bool?
    public var chapAuthSession: Bool?
    public var secretRef: LocalObjectReference?
    public var initiatorName: String?

    public init(
        targetPortal: String, iqn: String, lun: Int32, iscsiInterface: String? = nil, fsType: String? = nil,
        readOnly: Bool? = nil, portals: [String]? = nil, chapAuthDiscovery: Bool? = nil, chapAuthSession: Bool? = nil,
        secretRef: LocalObjectReference? = nil, initiatorName: String? = nil
    ) {
        self.targetPortal = targetPortal
        self.iqn = iqn
        self.lun = lun
        self.iscsiInterface = iscsiInterface
        self.fsType = fsType
        self.readOnly = readOnly
        self.portals = portals
        self.chapAuthDiscovery = chapAuthDiscovery
        self.chapAuthSession = chapAuthSession
        self.secretRef = secretRef
        self.initiatorName = initiatorName
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ISCSIVolumeSource" }
}

public struct GlusterfsVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var endpoints: String
    public var path: String
    public var readOnly: Bool?

    public init(endpoints: String, path: String, readOnly: Bool? = nil) {
        self.endpoints = endpoints
        self.path = path
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.GlusterfsVolumeSource" }
}

public struct RBDVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var monitors: [String]
    public var image: String
    public var fsType: String?
    public var pool: String?
    public var user: String?
    public var keyring: String?
    public var secretRef: LocalObjectReference?
    public var readOnly: Bool?

    public init(
        monitors: [String], image: String, fsType: String? = nil, pool: String? = nil, user: String? = nil,
        keyring: String? = nil, secretRef: LocalObjectReference? = nil, readOnly: Bool? = nil
    ) {
        self.monitors = monitors
        self.image = image
        self.fsType = fsType
        self.pool = pool
        self.user = user
        self.keyring = keyring
        self.secretRef = secretRef
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.RBDVolumeSource" }
}

public struct FlexVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var driver: String
    public var fsType: String?
    public var secretRef: LocalObjectReference?
    public var readOnly: Bool?
    public var options: [String: String]?

    public init(
        driver: String, fsType: String? = nil, secretRef: LocalObjectReference? = nil, readOnly: Bool? = nil,
        options: [String: String]? = nil
    ) {
        self.driver = driver
        self.fsType = fsType
        self.secretRef = secretRef
        self.readOnly = readOnly
        self.options = options
    }
    public static var schemaName: String { "io.k8s.api.core.v1.FlexVolumeSource" }
}

public struct CinderVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var volumeID: String
    public var fsType: String?
    public var readOnly: Bool?
    public var secretRef: LocalObjectReference?

    public init(
        volumeID: String, fsType: String? = nil, readOnly: Bool? = nil, secretRef: LocalObjectReference? = nil
    ) {
        self.volumeID = volumeID
        self.fsType = fsType
        self.readOnly = readOnly
        self.secretRef = secretRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.CinderVolumeSource" }
}

public struct CephFSVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var monitors: [String]
    public var path: String?
    public var user: String?
    public var secretFile: String?
    public var secretRef: LocalObjectReference?
    public var readOnly: Bool?

    public init(
        monitors: [String], path: String? = nil, user: String? = nil, secretFile: String? = nil,
        secretRef: LocalObjectReference? = nil, readOnly: Bool? = nil
    ) {
        self.monitors = monitors
        self.path = path
        self.user = user
        self.secretFile = secretFile
        self.secretRef = secretRef
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.CephFSVolumeSource" }
}

public struct FlockerVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var datasetName: String?
    public var datasetUUID: String?

    public init(datasetName: String? = nil, datasetUUID: String? = nil) {
        self.datasetName = datasetName
        self.datasetUUID = datasetUUID
    }
    public static var schemaName: String { "io.k8s.api.core.v1.FlockerVolumeSource" }
}

public struct FCVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var targetWWNs: [String]?
    public var lun: Int32?
    public var fsType: String?
    public var readOnly: Bool?
    public var wwids: [String]?

    public init(
        targetWWNs: [String]? = nil, lun: Int32? = nil, fsType: String? = nil, readOnly: Bool? = nil,
        wwids: [String]? = nil
    ) {
        self.targetWWNs = targetWWNs
        self.lun = lun
        self.fsType = fsType
        self.readOnly = readOnly
        self.wwids = wwids
    }
    public static var schemaName: String { "io.k8s.api.core.v1.FCVolumeSource" }
}

public struct AzureFileVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var secretName: String
    public var shareName: String
    public var readOnly: Bool?

    public init(secretName: String, shareName: String, readOnly: Bool? = nil) {
        self.secretName = secretName
        self.shareName = shareName
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.AzureFileVolumeSource" }
}

public struct VsphereVirtualDiskVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var volumePath: String
    public var fsType: String?
    public var storagePolicyName: String?
    public var storagePolicyID: String?

    public init(
        volumePath: String, fsType: String? = nil, storagePolicyName: String? = nil, storagePolicyID: String? = nil
    ) {
        self.volumePath = volumePath
        self.fsType = fsType
        self.storagePolicyName = storagePolicyName
        self.storagePolicyID = storagePolicyID
    }
    public static var schemaName: String { "io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource" }
}

public struct QuobyteVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var registry: String
    public var volume: String
    public var readOnly: Bool?
    public var user: String?
    public var group: String?
    public var tenant: String?

    public init(
        registry: String, volume: String, readOnly: Bool? = nil, user: String? = nil, group: String? = nil,
        tenant: String? = nil
    ) {
        self.registry = registry
        self.volume = volume
        self.readOnly = readOnly
        self.user = user
        self.group = group
        self.tenant = tenant
    }
    public static var schemaName: String { "io.k8s.api.core.v1.QuobyteVolumeSource" }
}

public struct AzureDiskVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var diskName: String
    public var diskURI: String
    public var cachingMode: String?
    public var fsType: String?
    public var readOnly: Bool?
    public var kind: String?

    public init(
        diskName: String, diskURI: String, cachingMode: String? = nil, fsType: String? = nil, readOnly: Bool? = nil,
        kind: String? = nil
    ) {
        self.diskName = diskName
        self.diskURI = diskURI
        self.cachingMode = cachingMode
        self.fsType = fsType
        self.readOnly = readOnly
        self.kind = kind
    }
    public static var schemaName: String { "io.k8s.api.core.v1.AzureDiskVolumeSource" }
}

public struct PhotonPersistentDiskVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var pdID: String
    public var fsType: String?

    public init(pdID: String, fsType: String? = nil) {
        self.pdID = pdID
        self.fsType = fsType
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource" }
}

public struct PortworxVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var volumeID: String
    public var fsType: String?
    public var readOnly: Bool?

    public init(volumeID: String, fsType: String? = nil, readOnly: Bool? = nil) {
        self.volumeID = volumeID
        self.fsType = fsType
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.PortworxVolumeSource" }
}

public struct ScaleIOVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var gateway: String
    public var system: String
    public var secretRef: LocalObjectReference
    public var sslEnabled: Bool?
    public var protectionDomain: String?
    public var storagePool: String?
    public var storageMode: String?
    public var volumeName: String?
    public var fsType: String?
    public var readOnly: Bool?

    public init(
        gateway: String, system: String, secretRef: LocalObjectReference, sslEnabled: Bool? = nil,
        protectionDomain: String? = nil, storagePool: String? = nil, storageMode: String? = nil,
        volumeName: String? = nil, fsType: String? = nil, readOnly: Bool? = nil
    ) {
        self.gateway = gateway
        self.system = system
        self.secretRef = secretRef
        self.sslEnabled = sslEnabled
        self.protectionDomain = protectionDomain
        self.storagePool = storagePool
        self.storageMode = storageMode
        self.volumeName = volumeName
        self.fsType = fsType
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.ScaleIOVolumeSource" }
}

public struct StorageOSVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var volumeName: String?
    public var volumeNamespace: String?
    public var fsType: String?
    public var readOnly: Bool?
    public var secretRef: LocalObjectReference?

    public init(
        volumeName: String? = nil, volumeNamespace: String? = nil, fsType: String? = nil, readOnly: Bool? = nil,
        secretRef: LocalObjectReference? = nil
    ) {
        self.volumeName = volumeName
        self.volumeNamespace = volumeNamespace
        self.fsType = fsType
        self.readOnly = readOnly
        self.secretRef = secretRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.StorageOSVolumeSource" }
}
