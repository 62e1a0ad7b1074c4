import CapstanAPI

/// The pod-template-hash that names a Deployment's ReplicaSets and labels
/// their pods (Kubernetes' controller.ComputeHash): FNV-32a over the
/// template, plus the collision count when there is one, written in decimal
/// and mapped through apimachinery's SafeEncodeString alphabet (no vowels,
/// so no words; no 0/1/3 lookalikes).
///
/// Kubernetes hashes Go's dump of the typed template; we hash our canonical
/// JSON (sorted keys, see `canonical`), so the names differ from a real
/// cluster's but are just as stable.
enum DeploymentPodTemplateHash {
    static let label = "pod-template-hash"
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func compute(_ template: JSONValue, collisionCount: Int64?) -> String {
        var hash: UInt32 = 2_166_136_261
        func add(_ byte: UInt8) {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        for byte in canonical(template).serialized() { add(byte) }
        if let collisionCount {
            // Go writes the uint32 little-endian into an 8-byte buffer.
            let v = UInt32(truncatingIfNeeded: collisionCount)
            for i in 0..<8 { add(i < 4 ? UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) : 0) }
        }
        return safeEncode(String(hash))
    }

    static func safeEncode(_ s: String) -> String {
        String(s.utf8.map { alphabet[Int($0) % alphabet.count] })
    }

    /// Kubernetes' EqualIgnoreHash: two pod templates are the same
    /// revision when they differ at most in the pod-template-hash label.
    static func equalIgnoringHash(_ a: JSONValue, _ b: JSONValue) -> Bool {
        canonical(withoutHash(a)) == canonical(withoutHash(b))
    }

    static func withoutHash(_ template: JSONValue) -> JSONValue {
        var t = template
        t[path: ["metadata", "labels", label]] = nil
        return t
    }

    /// The template as a typed Go object would see it: null members and
    /// empty objects and arrays dropped (kubectl's round trip through Go
    /// types adds `creationTimestamp: null` and `resources: {}`, which must
    /// not make a rolled-back template look new).
    static func canonical(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, child) in o {
                let c = canonical(child)
                if isEmpty(c) { continue }
                out[k] = c
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(canonical))
        default:
            return v
        }
    }

    private static func isEmpty(_ v: JSONValue) -> Bool {
        switch v {
        case .null: return true
        case .object(let o): return o.isEmpty
        case .array(let a): return a.isEmpty
        default: return false
        }
    }
}
