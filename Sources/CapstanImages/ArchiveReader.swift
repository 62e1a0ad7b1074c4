import Foundation

/// An image whose manifest, config and layer blobs are in the store's `blobs/`,
/// ready to have its layers unpacked and its record committed.
struct ImageCandidate: Sendable {
    var configDigest: String
    var manifestDigest: String?
    var indexDigest: String?
    var layers: [(digest: String, size: Int64)]
    var repoTags: [String]
    var repoDigests: [String]
}

/// Reads an extracted OCI image layout or docker-archive (`docker save`) and
/// moves its blobs, verified, into the store. Blocking.
struct ArchiveReader {
    let dir: URL
    let blobs: BlobDirectory
    /// Repository for OCI entries whose ref.name is only a tag (`latest`).
    let baseName: String?
    let progress: (@Sendable (String) -> Void)?

    func read() throws -> [ImageCandidate] {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir.appendingPathComponent("manifest.json").path) { return try readDockerArchive() }
        if fm.fileExists(atPath: dir.appendingPathComponent("index.json").path) { return try readOCILayout() }
        throw ImageStoreError.invalidArchive("it has neither index.json (OCI image layout) nor manifest.json (docker save)")
    }

    // MARK: OCI image layout

    private func readOCILayout() throws -> [ImageCandidate] {
        let index = try decode(ImageIndex.self, at: "index.json")
        var byManifest: [String: ImageCandidate] = [:]
        var order: [String] = []
        for entry in index.manifests {
            var desc = entry
            var indexDigest: String?
            if MediaType.isIndex(entry.mediaType) {
                let inner = try decode(ImageIndex.self, data: try ingest(entry))
                guard let picked = inner.pick(.current) else {
                    progress?("skipping \(entry.digest): no \(Platform.current.os)/\(Platform.current.architecture) image in its index")
                    continue
                }
                desc = picked
                indexDigest = entry.digest
            } else if let p = entry.platform, p.os != Platform.current.os || p.architecture != Platform.current.architecture {
                continue
            }
            let manifest = try decode(ImageManifest.self, data: try ingest(desc))
            let tag = Self.tag(annotations: entry.annotations, baseName: baseName)
            if tag == nil { progress?("note: \(desc.digest) has no usable \(Annotation.refName); imported untagged (by ID)") }
            if var existing = byManifest[desc.digest] {
                if let tag, !existing.repoTags.contains(tag) { existing.repoTags.append(tag) }
                byManifest[desc.digest] = existing
                continue
            }
            _ = try ingest(manifest.config)
            var layers: [(String, Int64)] = []
            for layer in manifest.layers {
                try ingestFile(layer)
                layers.append((layer.digest, layer.size))
            }
            order.append(desc.digest)
            byManifest[desc.digest] = ImageCandidate(
                configDigest: manifest.config.digest, manifestDigest: desc.digest, indexDigest: indexDigest,
                layers: layers, repoTags: tag.map { [$0] } ?? [], repoDigests: [])
        }
        guard !order.isEmpty else { throw ImageStoreError.invalidArchive("index.json lists no image for this platform") }
        return order.compactMap { byManifest[$0] }
    }

    /// The normalized tag an index entry's annotations name, if any.
    static func tag(annotations: [String: String]?, baseName: String?) -> String? {
        if let full = annotations?[Annotation.containerdName], let ref = try? ImageReference(parsing: full), let t = ref.tagged {
            return t
        }
        guard let name = annotations?[Annotation.refName], !name.isEmpty else { return nil }
        if name.contains("/") || name.contains(":") {
            return (try? ImageReference(parsing: name))?.tagged
        }
        guard let baseName, ImageReference.isValidTag(name) else { return nil }
        return (try? ImageReference(parsing: "\(baseName):\(name)"))?.tagged
    }

    private func blobPath(_ digest: String) throws -> URL {
        guard Digest.isValid(digest) else { throw ImageStoreError.invalidArchive("unsupported digest \(digest)") }
        return try contained("blobs/sha256/" + Digest.hex(digest))
    }

    /// Verifies a small blob (manifest, index, config), stores it and returns its bytes.
    private func ingest(_ desc: Descriptor) throws -> Data {
        let url = try blobPath(desc.digest)
        let data = try Data(contentsOf: url)
        let actual = Digest.of(data)
        guard actual == desc.digest else { throw ImageStoreError.digestMismatch(what: "blob in archive", expected: desc.digest, actual: actual) }
        try blobs.store(data, digest: desc.digest)
        return data
    }

    /// Verifies a layer blob by streaming it and moves it into the store.
    private func ingestFile(_ desc: Descriptor) throws {
        if blobs.contains(desc.digest) { return }
        let url = try blobPath(desc.digest)
        let (actual, _) = try Digest.ofFile(url)
        guard actual == desc.digest else { throw ImageStoreError.digestMismatch(what: "layer in archive", expected: desc.digest, actual: actual) }
        try blobs.adopt(url, digest: desc.digest)
    }

    // MARK: docker-archive

    private func readDockerArchive() throws -> [ImageCandidate] {
        let entries = try decode([DockerArchiveEntry].self, at: "manifest.json")
        guard !entries.isEmpty else { throw ImageStoreError.invalidArchive("manifest.json lists no image") }
        var known: [String: String] = [:]  // archive path → digest, as layers are often shared
        var out: [ImageCandidate] = []
        for entry in entries {
            let configData = try Data(contentsOf: try contained(entry.Config))
            let configDigest = Digest.of(configData)
            try blobs.store(configData, digest: configDigest)
            var layers: [(String, Int64)] = []
            for path in entry.Layers {
                let url = try contained(path)
                let digest: String
                if let d = known[path] {
                    digest = d
                } else {
                    digest = try Digest.ofFile(url).digest
                    known[path] = digest
                    if !blobs.contains(digest) { try blobs.copy(url, digest: digest) }
                }
                layers.append((digest, try blobs.size(digest)))
            }
            var tags: [String] = []
            for t in entry.RepoTags ?? [] {
                guard let ref = try? ImageReference(parsing: t), let tagged = ref.tagged else {
                    progress?("note: ignoring invalid RepoTag \(t)")
                    continue
                }
                tags.append(tagged)
            }
            out.append(ImageCandidate(configDigest: configDigest, manifestDigest: nil, indexDigest: nil, layers: layers, repoTags: tags, repoDigests: []))
        }
        return out
    }

    // MARK: helpers

    /// The regular file `rel` inside the archive, refusing symlinks that lead out of it (and devices, FIFOs).
    private func contained(_ rel: String) throws -> URL {
        let url = dir.appendingPathComponent(rel)
        let resolved = url.resolvingSymlinksInPath().path
        let base = dir.resolvingSymlinksInPath().path
        guard resolved.hasPrefix(base + "/") else { throw ImageStoreError.invalidArchive("\(rel) points outside the archive") }
        var st = stat()
        guard lstat(resolved, &st) == 0 else { throw ImageStoreError.invalidArchive("\(rel) is missing") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw ImageStoreError.invalidArchive("\(rel) is not a regular file") }
        return URL(fileURLWithPath: resolved)
    }

    private func decode<T: Decodable>(_ type: T.Type, at rel: String) throws -> T {
        try decode(type, data: try Data(contentsOf: try contained(rel)), what: rel)
    }

    private func decode<T: Decodable>(_ type: T.Type, data: Data, what: String = "manifest") throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ImageStoreError.invalidArchive("\(what) is not valid: \(error)")
        }
    }
}
