import Foundation

/// Media types the store reads, OCI and Docker v2 alike.
enum MediaType {
    static let ociIndex = "application/vnd.oci.image.index.v1+json"
    static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    static let dockerList = "application/vnd.docker.distribution.manifest.list.v2+json"
    static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    static let ociConfig = "application/vnd.oci.image.config.v1+json"

    static let manifestAccept = [ociIndex, ociManifest, dockerList, dockerManifest]

    static func isIndex(_ t: String?) -> Bool { t == ociIndex || t == dockerList }
}

struct Platform: Codable, Hashable {
    var architecture: String
    var os: String
    var variant: String?

    /// The platform this node runs images for.
    static var current: Platform {
        #if arch(arm64)
        Platform(architecture: "arm64", os: "linux", variant: nil)
        #else
        Platform(architecture: "amd64", os: "linux", variant: nil)
        #endif
    }
}

struct Descriptor: Codable, Hashable {
    var mediaType: String?
    var digest: String
    var size: Int64
    var annotations: [String: String]?
    var platform: Platform?
}

/// An OCI image index or a Docker manifest list.
struct ImageIndex: Codable {
    var schemaVersion: Int?
    var mediaType: String?
    var manifests: [Descriptor]

    /// The entry for `platform`, or the only entry when there is one without a platform.
    func pick(_ platform: Platform) -> Descriptor? {
        if let exact = manifests.first(where: { $0.platform?.os == platform.os && $0.platform?.architecture == platform.architecture }) {
            return exact
        }
        let unplatformed = manifests.filter { $0.platform == nil && $0.annotations?["vnd.docker.reference.type"] == nil }
        return unplatformed.count == 1 ? unplatformed[0] : nil
    }
}

/// An OCI image manifest or a Docker v2 schema 2 manifest.
struct ImageManifest: Codable {
    var schemaVersion: Int?
    var mediaType: String?
    var config: Descriptor
    var layers: [Descriptor]
}

/// The parts of an image config file the store reads.
struct ImageConfigFile: Codable {
    struct Config: Codable {
        var Entrypoint: [String]?
        var Cmd: [String]?
        var Env: [String]?
        var WorkingDir: String?
        var User: String?
    }
    struct RootFS: Codable {
        var type: String
        var diff_ids: [String]
    }
    var architecture: String?
    var os: String?
    var config: Config?
    var rootfs: RootFS

    var imageConfig: ImageConfig {
        ImageConfig(
            entrypoint: config?.Entrypoint, cmd: config?.Cmd, env: config?.Env ?? [],
            workingDir: config?.WorkingDir.flatMap { $0.isEmpty ? nil : $0 },
            user: config?.User.flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// One entry of a docker-archive's `manifest.json`.
struct DockerArchiveEntry: Codable {
    var Config: String
    var RepoTags: [String]?
    var Layers: [String]
}

enum Annotation {
    static let refName = "org.opencontainers.image.ref.name"
    static let containerdName = "io.containerd.image.name"
}
