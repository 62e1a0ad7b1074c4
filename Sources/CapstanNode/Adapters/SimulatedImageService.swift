import CapstanImages
import Foundation

/// The images of a hollow node: every well-formed name resolves, at once and
/// whatever the pull policy, to an image with no layers whose command is a
/// placeholder (so pods without a command still "start" on the
/// `SimulatedRuntime`). Its id is derived from the normalized name, so one
/// image keeps one imageID. The node reports no images.
public struct SimulatedImageService: ImageService {
    public init() {}

    public func ensure(_ image: String, pullPolicy: String, secrets: [PullSecret]) async throws -> ResolvedImage {
        let ref: ImageReference
        do {
            ref = try ImageReference(parsing: image)
        } catch {
            throw ImageError("InvalidImageName", "Failed to apply default image tag \"\(image)\": \(error)")
        }
        return ResolvedImage(
            reference: ref.normalized, id: "sha256:" + Self.fakeDigest(ref.normalized), lowerDirs: [],
            cmd: ["/simulated"])
    }

    public func nodeImages() async -> [(names: [String], sizeBytes: Int64)] { [] }

    /// 64 hex digits from four FNV-1a hashes of the name (not a real digest; stable across runs).
    static func fakeDigest(_ name: String) -> String {
        (0..<4).map { seed -> String in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(seed)
            for b in name.utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            let hex = String(h, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
