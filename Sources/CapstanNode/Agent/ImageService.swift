import Foundation

/// An image ready to be a container's root filesystem.
public struct ResolvedImage: Sendable, Equatable {
    /// As the user wrote it, normalized (docker.io/library/busybox:latest).
    public var reference: String
    /// sha256:<config digest>: reported as the container's imageID.
    public var id: String
    /// Unpacked layers, topmost first.
    public var lowerDirs: [String]
    public var entrypoint: [String]
    public var cmd: [String]
    public var env: [String]
    public var workingDir: String
    public var user: String
    public init(reference: String, id: String, lowerDirs: [String], entrypoint: [String] = [], cmd: [String] = [],
                env: [String] = [], workingDir: String = "", user: String = "") {
        self.reference = reference
        self.id = id
        self.lowerDirs = lowerDirs
        self.entrypoint = entrypoint
        self.cmd = cmd
        self.env = env
        self.workingDir = workingDir
        self.user = user
    }
}

/// Registry credentials from an imagePullSecret (kubernetes.io/dockerconfigjson).
public struct PullSecret: Sendable {
    public var dockerConfigJSON: Data
    public init(dockerConfigJSON: Data) { self.dockerConfigJSON = dockerConfigJSON }
}

/// Why an image is not there; the pod worker turns these into the waiting
/// reasons Kubernetes shows (ErrImagePull, ErrImageNeverPull, InvalidImageName).
public struct ImageError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var message: String
    public init(_ reason: String, _ message: String) {
        self.reason = reason
        self.message = message
    }
    public var description: String { message }
}

/// The node's images, as the pod workers and node status need them.
public protocol ImageService: Sendable {
    /// Returns the image, pulling it first when `pullPolicy` (Always,
    /// IfNotPresent, Never) says so.
    func ensure(_ image: String, pullPolicy: String, secrets: [PullSecret]) async throws -> ResolvedImage
    /// For node.status.images: every name of every image, with its size.
    func nodeImages() async -> [(names: [String], sizeBytes: Int64)]
}
