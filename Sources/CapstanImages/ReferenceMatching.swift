extension ImageStore {
    enum MatchedBy: Equatable {
        case tag(String)
        case digest
        case id
    }

    struct Match {
        var index: Int
        var record: ImageRecord
        var by: MatchedBy
    }

    /// Finds the record `ref` names: by tag, then by `name@digest`, then by ID or ID prefix.
    func match(_ ref: String, in all: [ImageRecord]) throws -> Match? {
        if let parsed = try? ImageReference(parsing: ref) {
            if let digest = parsed.digest {
                let repoDigest = "\(parsed.name)@\(digest)"
                if let i = all.firstIndex(where: { $0.repoDigests.contains(repoDigest) || $0.manifestDigest == digest || $0.indexDigest == digest || $0.id == digest }) {
                    return Match(index: i, record: all[i], by: .digest)
                }
            } else if let tag = parsed.tagged, let i = all.firstIndex(where: { $0.repoTags.contains(tag) }) {
                return Match(index: i, record: all[i], by: .tag(tag))
            }
        }
        var hex = Substring(ref.lowercased())
        if hex.hasPrefix("sha256:") { hex = hex.dropFirst(7) }
        guard hex.count >= 4, hex.count <= 64, hex.allSatisfy(\.isHexDigit) else { return nil }
        let hits = all.indices.filter { Digest.hex(all[$0].id).hasPrefix(hex) }
        if hits.count > 1 { throw ImageStoreError.ambiguous(ref, hits.map { all[$0].id }) }
        return hits.first.map { Match(index: $0, record: all[$0], by: .id) }
    }
}
