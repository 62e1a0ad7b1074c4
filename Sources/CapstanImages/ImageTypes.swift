import Foundation

/// What a container needs from an image's config (`config` in the OCI image config).
public struct ImageConfig: Sendable, Hashable, Codable {
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var env: [String]
    public var workingDir: String?
    public var user: String?

    public init(entrypoint: [String]? = nil, cmd: [String]? = nil, env: [String] = [], workingDir: String? = nil, user: String? = nil) {
        self.entrypoint = entrypoint
        self.cmd = cmd
        self.env = env
        self.workingDir = workingDir
        self.user = user
    }
}

/// One image in a node's store.
public struct StoredImage: Sendable, Hashable {
    /// `sha256:<config digest hex>`, as `docker images --no-trunc` and the CRI show it.
    public var id: String
    /// Normalized `registry/repository:tag` names, e.g. `docker.io/library/busybox:latest`.
    public var repoTags: [String]
    /// `registry/repository@sha256:…` of the manifest (or index) a pull resolved.
    public var repoDigests: [String]
    /// Sum of the layer blobs as stored (compressed when they came compressed).
    public var sizeBytes: Int64
    public var config: ImageConfig
    /// `sha256:…` of each uncompressed layer, bottom layer first.
    public var layerDiffIDs: [String]

    public init(id: String, repoTags: [String], repoDigests: [String], sizeBytes: Int64, config: ImageConfig, layerDiffIDs: [String]) {
        self.id = id
        self.repoTags = repoTags
        self.repoDigests = repoDigests
        self.sizeBytes = sizeBytes
        self.config = config
        self.layerDiffIDs = layerDiffIDs
    }
}

/// Registry login, e.g. from a `kubernetes.io/dockerconfigjson` Secret.
public struct RegistryCredentials: Sendable, Hashable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// Errors of the image store. Messages say what to do.
public enum ImageStoreError: Error, Equatable, CustomStringConvertible {
    case invalidReference(String, String)
    case notFound(String)
    case ambiguous(String, [String])
    case invalidArchive(String)
    case digestMismatch(what: String, expected: String, actual: String)
    case unsafeLayer(String)
    case layerMissing(String)
    case registry(String)
    case unauthorized(String)
    case io(String)
    case tool(String)

    public var description: String {
        switch self {
        case .invalidReference(let ref, let why): "invalid image reference \"\(ref)\": \(why)"
        case .notFound(let ref): "image \"\(ref)\" not found in the node's image store (see `capstan images ls`)"
        case .ambiguous(let ref, let ids): "image reference \"\(ref)\" is ambiguous: it matches \(ids.joined(separator: ", ")); use more of the ID"
        case .invalidArchive(let why): "not an OCI image layout or docker-archive tar: \(why)"
        case .digestMismatch(let what, let expected, let actual): "\(what) is corrupt: expected digest \(expected), got \(actual)"
        case .unsafeLayer(let why): "refusing layer: \(why)"
        case .layerMissing(let diffID): "unpacked layer \(diffID) is missing from the store; remove and import or pull the image again"
        case .registry(let why): "registry: \(why)"
        case .unauthorized(let why): "registry refused the credentials: \(why)"
        case .io(let why): why
        case .tool(let why): why
        }
    }
}
