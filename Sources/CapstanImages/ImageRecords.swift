import Foundation

/// One image as `images.json` keeps it.
struct ImageRecord: Codable, Hashable {
    struct Layer: Codable, Hashable {
        /// sha256 of the uncompressed tar: names the unpacked directory.
        var diffID: String
        /// The blob as received (compressed or not).
        var blobDigest: String
        var size: Int64
    }
    /// Config digest: the image ID.
    var id: String
    /// The platform manifest, when the image came with one (OCI layouts, pulls).
    var manifestDigest: String?
    var layers: [Layer]
    var config: ImageConfig
    var repoTags: [String]
    var repoDigests: [String]

    var stored: StoredImage {
        StoredImage(
            id: id, repoTags: repoTags, repoDigests: repoDigests, sizeBytes: layers.reduce(0) { $0 + $1.size },
            config: config, layerDiffIDs: layers.map(\.diffID))
    }

    /// Blob digests this image keeps alive.
    var blobs: [String] { [id] + [manifestDigest, indexDigest].compactMap { $0 } + layers.map(\.blobDigest) }
    /// The index or manifest list a pull resolved the manifest through.
    var indexDigest: String?
}

/// `images.json`: the tag → image records of one store, shared by every process
/// using the store (a CLI import while the node agent runs).
///
/// Writers take an exclusive `flock` on `lock`, re-read the file, change it and
/// replace it by rename, so readers never see a partial file and need no lock.
/// Readers re-parse only when the file's inode, size or mtime changed.
/// Not thread-safe: owned by the `ImageStore` actor.
final class ImageRecordsFile {
    private struct Contents: Codable {
        var version = 1
        var images: [ImageRecord] = []
    }

    let url: URL
    let lockURL: URL
    private var cache: (stamp: [Int], records: [ImageRecord])?

    init(root: URL) {
        url = root.appendingPathComponent("images.json")
        lockURL = root.appendingPathComponent("lock")
    }

    /// The records as currently on disk.
    func load() throws -> [ImageRecord] {
        var st = stat()
        guard stat(url.path, &st) == 0 else {
            if errno == ENOENT { return [] }
            throw ImageStoreError.io("cannot stat \(url.path): \(errnoString())")
        }
        let stamp = [Int(st.st_ino), Int(st.st_size), Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec)]
        if let cache, cache.stamp == stamp { return cache.records }
        let data = try Data(contentsOf: url)
        let records: [ImageRecord]
        do {
            records = try JSONDecoder().decode(Contents.self, from: data).images
        } catch {
            throw ImageStoreError.io("\(url.path) is not a valid image list (\(error)); move it away to start an empty store")
        }
        cache = (stamp, records)
        return records
    }

    /// Runs `body` on the current records under the store's exclusive lock and
    /// writes the result back atomically. Blocks while another process writes.
    @discardableResult
    func update<T>(_ body: (inout [ImageRecord]) throws -> T) throws -> T {
        try withLock(lockURL, exclusive: true) {
            cache = nil
            var records = try load()
            let result = try body(&records)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try writeAtomically(try encoder.encode(Contents(images: records)), to: url)
            return result
        }
    }
}

/// Runs `body` holding `flock` on `url` (created if missing).
func withLock<T>(_ url: URL, exclusive: Bool, _ body: () throws -> T) throws -> T {
    let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ImageStoreError.io("cannot open lock \(url.path): \(errnoString())") }
    defer { close(fd) }
    while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
        guard errno == EINTR else { throw ImageStoreError.io("cannot lock \(url.path): \(errnoString())") }
    }
    return try body()
}

/// Writes to a temporary file beside `url`, fsyncs it and renames it over `url`.
func writeAtomically(_ data: Data, to url: URL) throws {
    let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ImageStoreError.io("cannot create \(tmp.path): \(errnoString())") }
    var ok = false
    defer {
        if !ok { unlink(tmp.path) }
    }
    do {
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ImageStoreError.io("cannot write \(tmp.path): \(errnoString())")
                }
                off += n
            }
        }
        guard fsync(fd) == 0 else { throw ImageStoreError.io("cannot fsync \(tmp.path): \(errnoString())") }
    }
    guard rename(tmp.path, url.path) == 0 else { throw ImageStoreError.io("cannot rename to \(url.path): \(errnoString())") }
    ok = true
}
