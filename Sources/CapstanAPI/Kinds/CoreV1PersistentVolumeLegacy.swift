// core/v1 persistent-volume variants of the in-tree plugin sources (secret refs
// may name another namespace). Modelled for validation and round-trips only.

public struct GlusterfsPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var endpoints: String
    public var path: String
    public var readOnly: Bool?
    public var endpointsNamespace: String?

    public init(endpoints: String, path: String, readOnly: Bool? = nil, endpointsNamespace: String? = nil) {
        self.endpoints = endpoints
        self.path = path
        self.readOnly = readOnly
        self.endpointsNamespace = endpointsNamespace
    }
    public static var schemaName: String { "io.k8s.api.core.v1.GlusterfsPersistentVolumeSource" }
}

public struct RBDPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var monitors: [String]
    public var image: String
    public var fsType: String?
    public var pool: String?
    public var user: String?
    public var keyring: String?
    public var secretRef: SecretReference?
    public var readOnly: Bool?

    public init(
        monitors: [String], image: String, fsType: String? = nil, pool: String? = nil, user: String? = nil,
        keyring: String? = nil, secretRef: SecretReference? = nil, readOnly: Bool? = nil
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
    public static var schemaName: String { "io.k8s.api.core.v1.RBDPersistentVolumeSource" }
}

public struct ISCSIPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var targetPortal: String
    public var iqn: String
    public var lun: Int32
    public var iscsiInterface: String?
    public var fsType: String?
    public var readOnly: Bool?
    public var portals: [String]?
    public var chapAuthDiscovery: Bool?
    public var chapAuthSession: Bool?
    public var secretRef: SecretReference?
    public var initiatorName: String?

    public init(
        targetPortal: String, iqn: String, lun: Int32, iscsiInterface: String? = nil, fsType: String? = nil,
        readOnly: Bool? = nil, portals: [String]? = nil, chapAuthDiscovery: Bool? = nil, chapAuthSession: Bool? = nil,
        secretRef: SecretReference? = nil, initiatorName: String? = nil
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
    public static var schemaName: String { "io.k8s.api.core.v1.ISCSIPersistentVolumeSource" }
}

public struct CinderPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var volumeID: String
    public var fsType: String?
    public var readOnly: Bool?
    public var secretRef: SecretReference?

    public init(volumeID: String, fsType: String? = nil, readOnly: Bool? = nil, secretRef: SecretReference? = nil) {
        self.volumeID = volumeID
        self.fsType = fsType
        self.readOnly = readOnly
        self.secretRef = secretRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.CinderPersistentVolumeSource" }
}

public struct CephFSPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var monitors: [String]
    public var path: String?
    public var user: String?
    public var secretFile: String?
    public var secretRef: SecretReference?
    public var readOnly: Bool?

    public init(
        monitors: [String], path: String? = nil, user: String? = nil, secretFile: String? = nil,
        secretRef: SecretReference? = nil, readOnly: Bool? = nil
    ) {
        self.monitors = monitors
        self.path = path
        self.user = user
        self.secretFile = secretFile
        self.secretRef = secretRef
        self.readOnly = readOnly
    }
    public static var schemaName: String { "io.k8s.api.core.v1.CephFSPersistentVolumeSource" }
}

public struct FlexPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var driver: String
    public var fsType: String?
    public var secretRef: SecretReference?
    public var readOnly: Bool?
    public var options: [String: String]?

    public init(
        driver: String, fsType: String? = nil, secretRef: SecretReference? = nil, readOnly: Bool? = nil,
        options: [String: String]? = nil
    ) {
        self.driver = driver
        self.fsType = fsType
        self.secretRef = secretRef
        self.readOnly = readOnly
        self.options = options
    }
    public static var schemaName: String { "io.k8s.api.core.v1.FlexPersistentVolumeSource" }
}

public struct AzureFilePersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var secretName: String
    public var shareName: String
    public var readOnly: Bool?
    public var secretNamespace: String?

    public init(secretName: String, shareName: String, readOnly: Bool? = nil, secretNamespace: String? = nil) {
        self.secretName = secretName
        self.shareName = shareName
        self.readOnly = readOnly
        self.secretNamespace = secretNamespace
    }
    public static var schemaName: String { "io.k8s.api.core.v1.AzureFilePersistentVolumeSource" }
}

public struct ScaleIOPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var gateway: String
    public var system: String
    public var secretRef: SecretReference
    public var sslEnabled: Bool?
    public var protectionDomain: String?
    public var storagePool: String?
    public var storageMode: String?
    public var volumeName: String?
    public var fsType: String?
    public var readOnly: Bool?

    public init(
        gateway: String, system: String, secretRef: SecretReference, sslEnabled: Bool? = nil,
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
    public static var schemaName: String { "io.k8s.api.core.v1.ScaleIOPersistentVolumeSource" }
}

public struct StorageOSPersistentVolumeSource: Codable, Sendable, Equatable, SchemaNamed {
    public var volumeName: String?
    public var volumeNamespace: String?
    public var fsType: String?
    public var readOnly: Bool?
    public var secretRef: ObjectReference?

    public init(
        volumeName: String? = nil, volumeNamespace: String? = nil, fsType: String? = nil, readOnly: Bool? = nil,
        secretRef: ObjectReference? = nil
    ) {
        self.volumeName = volumeName
        self.volumeNamespace = volumeNamespace
        self.fsType = fsType
        self.readOnly = readOnly
        self.secretRef = secretRef
    }
    public static var schemaName: String { "io.k8s.api.core.v1.StorageOSPersistentVolumeSource" }
}
