import CapstanAPI

/// ControllerRevision names as Kubernetes spells them: OWNER-HASH, where
/// HASH is a 32-bit FNV-1 hash of the revision's data and the owner's
/// collisionCount, its decimal digits mapped through SafeEncodeString's
/// alphabet (no vowels, so no accidental words in object names).
///
/// The data is hashed as our canonical JSON (`serialized()` sorts keys),
/// so equal templates always give equal names.
public enum RevisionHash {
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

    public static func hash(data: JSONValue, collisionCount: Int64) -> String {
        var h: UInt32 = 2_166_136_261
        func write(_ bytes: some Sequence<UInt8>) {
            for b in bytes {
                h = h &* 16_777_619
                h ^= UInt32(b)
            }
        }
        write(data.serialized())
        write(String(collisionCount).utf8)
        return safeEncode(String(h))
    }

    /// Kubernetes' rand.SafeEncodeString: each character to alphabet[code % 27].
    public static func safeEncode(_ s: String) -> String {
        String(decoding: s.unicodeScalars.map { alphabet[Int($0.value) % alphabet.count] }, as: UTF8.self)
    }

    /// OWNER-HASH; a long owner name is cut (as Kubernetes does at 223
    /// characters) so the result stays a valid object name.
    public static func name(owner: String, hash: String) -> String {
        String(owner.prefix(223)) + "-" + hash
    }
}
