import Foundation
import Logging

/// A node's content-addressed image store.
///
/// Layout under `root` (`<data-dir>/agent/images`):
/// - `blobs/sha256/<hex>`: manifests, configs and layer blobs as received;
/// - `layers/<diffID hex>/`: each layer unpacked once, shared by every image
///   that has it, used as an overlayfs lower dir (never written after unpack);
/// - `images.json`: the image records (see `ImageRecordsFile`);
/// - `lock`, `gc.lock`, `tmp/`.
///
/// Several processes may use one store at once (a CLI import while the node
/// agent runs): records change under an exclusive flock on `lock`; every
/// import or pull holds a shared flock on `gc.lock` while its blobs and layers
/// are not yet recorded, and garbage collection runs only when it can take
/// `gc.lock` exclusively (else it is deferred to the next `remove`).
public actor ImageStore {
    public nonisolated let root: URL
    nonisolated let blobs: BlobDirectory
    nonisolated let layersDir: URL
    nonisolated let tmpDir: URL
    private let records: ImageRecordsFile
    private var activeWrites = 0
    private let logger: Logger

    /// `<dataDir>/agent/images`, the store of the node whose data dir is `dataDir`.
    public static func root(dataDir: String) -> URL {
        URL(fileURLWithPath: dataDir, isDirectory: true).appendingPathComponent("agent/images", isDirectory: true)
    }

    /// Opens (creating if needed) the store at `root`.
    ///
    /// Ignores SIGPIPE for the process: layers are streamed into `tar`, which may
    /// close its input early, and that must be an error code, not a process kill.
    public init(root: URL, logger: Logger = Logger(label: "capstan.images")) throws {
        self.root = root.standardizedFileURL
        let blobDir = self.root.appendingPathComponent("blobs/sha256", isDirectory: true)
        layersDir = self.root.appendingPathComponent("layers", isDirectory: true)
        tmpDir = self.root.appendingPathComponent("tmp", isDirectory: true)
        for dir in [blobDir, layersDir, tmpDir] {
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw ImageStoreError.io("cannot create the image store at \(root.path): \(error.localizedDescription)")
            }
        }
        blobs = BlobDirectory(dir: blobDir, scratch: tmpDir)
        records = ImageRecordsFile(root: self.root)
        self.logger = logger
        signal(SIGPIPE, SIG_IGN)
    }

    // MARK: import

    /// Imports every image of an OCI image layout tar or a `docker save` tar
    /// (either optionally gzip-compressed). Tags come from the index's
    /// `org.opencontainers.image.ref.name` (a bare tag like `latest` is put on
    /// `baseName`, else the image is imported untagged) or from `RepoTags`.
    /// A tag already on another image moves to the imported one.
    /// Idempotent: re-importing the same archive changes nothing.
    public func importArchive(
        _ file: URL, baseName: String? = nil, progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> [StoredImage] {
        let lease = try beginWrite()
        defer { endWrite(lease) }
        let work = try makeTempDir("import")
        defer { removeTree(work) }
        progress?("extracting \(file.lastPathComponent)")
        let start = ContinuousClock.now
        try await offload { [tmpDir] in
            try runTool("tar", ["-x", "-f", file.path, "-C", work.path, "--no-same-owner", "--no-same-permissions"], scratch: tmpDir)
        }
        let reader = ArchiveReader(dir: work, blobs: blobs, baseName: baseName, progress: progress)
        let candidates = try await offload { try reader.read() }
        let images = try await install(candidates, progress: progress)
        progress?("imported \(images.count) image(s) in \(Self.format(ContinuousClock.now - start))")
        return images
    }

    // MARK: queries

    /// Every image, sorted by first tag (untagged images last, by ID).
    public func list() throws -> [StoredImage] {
        try records.load().map(\.stored).sorted { ($0.repoTags.first ?? "~" + $0.id) < ($1.repoTags.first ?? "~" + $1.id) }
    }

    /// The image a reference names: `busybox`, `busybox:latest`,
    /// `docker.io/library/busybox:latest`, `name@sha256:…`, or an image ID or
    /// unique ID prefix (at least 4 hex digits, with or without `sha256:`).
    /// - Returns: nil if no image matches. - Throws: `ambiguous` for a prefix matching several.
    public func resolve(_ ref: String) throws -> StoredImage? {
        try match(ref, in: records.load())?.record.stored
    }

    /// The unpacked layer directories of `image`, topmost first (overlayfs `lowerdir` order).
    /// - Throws: `layerMissing` if a layer directory is gone.
    public func lowerDirs(for image: StoredImage) throws -> [String] {
        try image.layerDiffIDs.reversed().map { diffID in
            guard Digest.isValid(diffID) else { throw ImageStoreError.layerMissing(diffID) }
            let path = layersDir.appendingPathComponent(Digest.hex(diffID)).path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
                throw ImageStoreError.layerMissing(diffID)
            }
            return path
        }
    }

    // MARK: removal

    /// Removes a tag (or, given an ID or digest, the whole image); an image left
    /// without tags is deleted, then blobs and layers no image references are
    /// garbage-collected. The caller must not remove images running containers use.
    /// - Throws: `notFound` if nothing matches.
    public func remove(_ ref: String) throws {
        try records.update { all in
            guard let m = try match(ref, in: all) else { throw ImageStoreError.notFound(ref) }
            switch m.by {
            case .tag(let tag):
                all[m.index].repoTags.removeAll { $0 == tag }
                if all[m.index].repoTags.isEmpty { all.remove(at: m.index) }
            case .id, .digest:
                all.remove(at: m.index)
            }
        }
        _ = try collectGarbage()
    }

    /// Deletes blobs and layer directories no record references, and stale
    /// temporary files. Returns false (and does nothing) while an import or pull
    /// is running in this or another process.
    @discardableResult
    public func collectGarbage() throws -> Bool {
        guard activeWrites == 0, let gcLock = try FileLock(root.appendingPathComponent("gc.lock"), exclusive: true, wait: false) else {
            logger.debug("image garbage collection deferred: an import or pull is running")
            return false
        }
        defer { gcLock.release() }
        let all = try records.load()
        let liveBlobs = Set(all.flatMap(\.blobs).map(Digest.hex))
        let liveLayers = Set(all.flatMap { $0.layers.map { Digest.hex($0.diffID) } })
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: blobs.dir.path)) ?? [] where !liveBlobs.contains(name) {
            try? fm.removeItem(at: blobs.dir.appendingPathComponent(name))
        }
        for name in (try? fm.contentsOfDirectory(atPath: layersDir.path)) ?? [] where !liveLayers.contains(name) {
            // Renamed away first, so a half-deleted directory never looks like a complete layer.
            let doomed = tmpDir.appendingPathComponent("delete-\(name)-\(UInt32.random(in: 0...UInt32.max))")
            if rename(layersDir.appendingPathComponent(name).path, doomed.path) == 0 { removeTree(doomed) }
        }
        for name in (try? fm.contentsOfDirectory(atPath: tmpDir.path)) ?? [] {
            removeTree(tmpDir.appendingPathComponent(name))
        }
        return true
    }

    // MARK: internals shared with pull

    struct WriteLease {
        let lock: FileLock
    }

    func beginWrite() throws -> WriteLease {
        guard let lock = try FileLock(root.appendingPathComponent("gc.lock"), exclusive: false, wait: true) else {
            throw ImageStoreError.io("cannot lock the image store")
        }
        activeWrites += 1
        return WriteLease(lock: lock)
    }

    func endWrite(_ lease: WriteLease) {
        activeWrites -= 1
        lease.lock.release()
    }

    /// Unpacks the candidates' layers (each once) and records them.
    func install(_ candidates: [ImageCandidate], progress: (@Sendable (String) -> Void)?) async throws -> [StoredImage] {
        var fresh: [ImageRecord] = []
        for c in candidates {
            let configFile: ImageConfigFile
            do {
                configFile = try JSONDecoder().decode(ImageConfigFile.self, from: try blobs.data(c.configDigest))
            } catch let e as ImageStoreError {
                throw e
            } catch {
                throw ImageStoreError.invalidArchive("image config \(c.configDigest) is not valid: \(error)")
            }
            let diffIDs = configFile.rootfs.diff_ids
            guard diffIDs.count == c.layers.count, diffIDs.allSatisfy(Digest.isValid) else {
                throw ImageStoreError.invalidArchive("config \(c.configDigest) lists \(diffIDs.count) diff_ids for \(c.layers.count) layers")
            }
            var layers: [ImageRecord.Layer] = []
            for (layer, diffID) in zip(c.layers, diffIDs) {
                try await ensureLayer(blob: layer.digest, diffID: diffID, size: layer.size, progress: progress)
                layers.append(.init(diffID: diffID, blobDigest: layer.digest, size: layer.size))
            }
            var record = ImageRecord(
                id: c.configDigest, manifestDigest: c.manifestDigest, layers: layers, config: configFile.imageConfig,
                repoTags: c.repoTags, repoDigests: c.repoDigests)
            record.indexDigest = c.indexDigest
            fresh.append(record)
        }
        let ids = fresh.map(\.id)
        let all = try records.update { all in
            for r in fresh { Self.merge(r, into: &all) }
            return all
        }
        return ids.compactMap { id in all.first { $0.id == id }?.stored }
    }

    private func ensureLayer(blob: String, diffID: String, size: Int64, progress: (@Sendable (String) -> Void)?) async throws {
        let dest = layersDir.appendingPathComponent(Digest.hex(diffID))
        if FileManager.default.fileExists(atPath: dest.path) {
            progress?("layer \(Self.short(diffID)) already unpacked")
            return
        }
        progress?("unpacking layer \(Self.short(diffID)) (\(Self.format(bytes: size)))")
        let work = try makeTempDir("layer")
        defer { removeTree(work) }  // after a failure; after success it was renamed away
        let start = ContinuousClock.now
        try await offload { [blobs, tmpDir] in
            _ = try LayerUnpacker.unpack(blob: blobs.url(blob), into: work, expectedDiffID: diffID, scratch: tmpDir)
            // Another process may have unpacked the same layer meanwhile: keep theirs.
            if rename(work.path, dest.path) != 0 && !FileManager.default.fileExists(atPath: dest.path) {
                throw ImageStoreError.io("cannot move layer into \(dest.path): \(errnoString())")
            }
        }
        progress?("layer \(Self.short(diffID)) unpacked in \(Self.format(ContinuousClock.now - start))")
    }

    /// Adds or merges `r`; its tags move off any other image.
    static func merge(_ r: ImageRecord, into all: inout [ImageRecord]) {
        for i in all.indices where all[i].id != r.id {
            all[i].repoTags.removeAll { r.repoTags.contains($0) }
        }
        if let i = all.firstIndex(where: { $0.id == r.id }) {
            for t in r.repoTags where !all[i].repoTags.contains(t) { all[i].repoTags.append(t) }
            for d in r.repoDigests where !all[i].repoDigests.contains(d) { all[i].repoDigests.append(d) }
            all[i].manifestDigest = all[i].manifestDigest ?? r.manifestDigest
            all[i].indexDigest = all[i].indexDigest ?? r.indexDigest
        } else {
            all.append(r)
        }
    }

    func makeTempDir(_ kind: String) throws -> URL {
        let dir = tmpDir.appendingPathComponent("\(kind)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
        } catch {
            throw ImageStoreError.io("cannot create \(dir.path): \(error.localizedDescription)")
        }
        return dir
    }

    nonisolated func removeTree(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    static func short(_ digest: String) -> String { String(digest.prefix(7 + 12)) }

    static func format(bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes)B" : String(format: value < 10 ? "%.2f%@" : "%.1f%@", value, units[unit])
    }

    static func format(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return ms < 1000 ? String(format: "%.0fms", ms) : String(format: "%.2fs", ms / 1000)
    }
}
