import CapstanImages
import Foundation
import Logging

/// The node's ImageStore as the pod workers see it: resolve, pull by
/// imagePullPolicy with credentials from imagePullSecrets.
public struct StoreImageService: ImageService {
    let store: ImageStore
    let insecureRegistries: [String]
    let logger: Logger

    public init(store: ImageStore, insecureRegistries: [String] = [], logger: Logger) {
        self.store = store
        self.insecureRegistries = insecureRegistries
        self.logger = logger
    }

    public func ensure(_ image: String, pullPolicy: String, secrets: [PullSecret]) async throws -> ResolvedImage {
        let ref: ImageReference
        do {
            ref = try ImageReference(parsing: image)
        } catch {
            throw ImageError("InvalidImageName", "Failed to apply default image tag \"\(image)\": \(error)")
        }
        var found = try? await store.resolve(image)
        if pullPolicy == "Never", found == nil {
            throw ImageError("ErrImageNeverPull", "Container image \"\(image)\" is not present with pull policy of Never")
        }
        if pullPolicy == "Always" || found == nil {
            var auth: RegistryCredentials? = nil
            for s in secrets {
                if let c = try? DockerConfigCredentials(json: s.dockerConfigJSON).credentials(for: ref) {
                    auth = c
                    break
                }
            }
            do {
                found = try await store.pull(ref.normalized, auth: auth, insecureRegistries: insecureRegistries)
            } catch {
                // Offline nodes (imported images, no registry) keep running what they have.
                guard found != nil else { throw ImageError("ErrImagePull", "\(error)") }
                logger.notice("pull of \(ref.normalized) failed (\(error)); using the image already on the node")
            }
        }
        guard let img = found else { throw ImageError("ErrImagePull", "image \(image) not found") }
        let lowers = try await store.lowerDirs(for: img)
        return ResolvedImage(
            reference: ref.normalized, id: img.id, lowerDirs: lowers, entrypoint: img.config.entrypoint ?? [],
            cmd: img.config.cmd ?? [], env: img.config.env, workingDir: img.config.workingDir ?? "", user: img.config.user ?? "")
    }

    public func nodeImages() async -> [(names: [String], sizeBytes: Int64)] {
        ((try? await store.list()) ?? []).map { (names: $0.repoDigests + $0.repoTags, sizeBytes: $0.sizeBytes) }
    }
}
