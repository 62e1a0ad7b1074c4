import Foundation

extension ImageStore {
    /// Pulls `ref` from its registry (OCI distribution v2 API) for this node's
    /// platform and stores it; blobs already in the store are not downloaded
    /// again, every blob is verified against its digest.
    ///
    /// - Parameters:
    ///   - auth: credentials for the image's registry (e.g. from
    ///     `DockerConfigCredentials`), used for Basic auth or to get a Bearer token.
    ///   - insecureRegistries: `host` or `host:port` names reached over plain
    ///     http; loopback registries always are.
    /// - Returns: the image, tagged with the reference's tag and carrying the
    ///   `name@digest` of the manifest (or index) the registry served.
    public func pull(
        _ ref: String, auth: RegistryCredentials?, insecureRegistries: [String] = [],
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> StoredImage {
        let reference = try ImageReference(parsing: ref)
        let lease = try beginWrite()
        defer { endWrite(lease) }
        let start = ContinuousClock.now
        let client = RegistryClient(registry: reference.registry, credentials: auth, insecureRegistries: insecureRegistries)
        let repo = reference.repository
        progress?("pulling \(reference.normalized) from \(client.baseURL.absoluteString)")

        let top = try await client.manifest(repository: repo, reference: reference.digest ?? reference.tag ?? "latest")
        try blobs.store(top.data, digest: top.digest)
        var manifest = top
        var indexDigest: String?
        if MediaType.isIndex(top.mediaType) || Self.looksLikeIndex(top.data) {
            let index = try Self.decode(ImageIndex.self, top.data, what: "index \(top.digest)")
            guard let picked = index.pick(.current) else {
                throw ImageStoreError.registry("\(reference.normalized) has no \(Platform.current.os)/\(Platform.current.architecture) image")
            }
            manifest = try await client.manifest(repository: repo, reference: picked.digest)
            try blobs.store(manifest.data, digest: manifest.digest)
            indexDigest = top.digest
        }
        let parsed = try Self.decode(ImageManifest.self, manifest.data, what: "manifest \(manifest.digest)")
        if !blobs.contains(parsed.config.digest) {
            let config = try await client.blob(repository: repo, digest: parsed.config.digest)
            try blobs.store(config, digest: parsed.config.digest)
        }
        var layers: [(digest: String, size: Int64)] = []
        for layer in parsed.layers {
            guard Digest.isValid(layer.digest) else { throw ImageStoreError.registry("unsupported layer digest \(layer.digest)") }
            if blobs.contains(layer.digest) {
                progress?("layer \(Self.short(layer.digest)) already present")
            } else {
                progress?("downloading layer \(Self.short(layer.digest)) (\(Self.format(bytes: layer.size)))")
                let t0 = ContinuousClock.now
                let tmp = tmpDir.appendingPathComponent("download-\(UInt64.random(in: 0...UInt64.max))")
                try await client.download(repository: repo, digest: layer.digest, to: tmp)
                try blobs.adopt(tmp, digest: layer.digest)
                progress?("downloaded layer \(Self.short(layer.digest)) in \(Self.format(ContinuousClock.now - t0))")
            }
            layers.append((layer.digest, layer.size))
        }
        let candidate = ImageCandidate(
            configDigest: parsed.config.digest, manifestDigest: manifest.digest, indexDigest: indexDigest, layers: layers,
            repoTags: reference.tagged.map { [$0] } ?? [], repoDigests: ["\(reference.name)@\(top.digest)"])
        guard let image = try await install([candidate], progress: progress).first else {
            throw ImageStoreError.io("pulled \(reference.normalized) but could not record it")
        }
        progress?("pulled \(reference.normalized) (\(image.id.prefix(19))) in \(Self.format(ContinuousClock.now - start))")
        return image
    }

    /// Registries sometimes omit Content-Type; an index has `manifests`, a manifest `layers`.
    static func looksLikeIndex(_ data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["manifests"] != nil && object["layers"] == nil
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ImageStoreError.registry("\(what) is not valid: \(error)")
        }
    }
}
