import Foundation

/// `blobs/sha256/<hex>`: content-addressed blobs as received. A blob file is
/// only ever created by rename from a verified temporary file, so a present
/// blob is complete and matches its name. Blocking; thread-safe (filesystem only).
struct BlobDirectory: Sendable {
    let dir: URL
    let scratch: URL

    func url(_ digest: String) -> URL { dir.appendingPathComponent(Digest.hex(digest)) }

    func contains(_ digest: String) -> Bool { FileManager.default.fileExists(atPath: url(digest).path) }

    func size(_ digest: String) throws -> Int64 {
        let attrs = try FileManager.default.attributesOfItem(atPath: url(digest).path)
        return (attrs[.size] as? NSNumber)?.int64Value ?? 0
    }

    func data(_ digest: String) throws -> Data {
        do {
            return try Data(contentsOf: url(digest))
        } catch {
            throw ImageStoreError.io("blob \(digest) is missing from the store: remove and re-import the image")
        }
    }

    /// Stores verified bytes under `digest` (no-op if present).
    func store(_ data: Data, digest: String) throws {
        if contains(digest) { return }
        try writeAtomically(data, to: url(digest))
    }

    /// Moves a verified file on the same filesystem into the store.
    func adopt(_ file: URL, digest: String) throws {
        if contains(digest) { return }
        guard rename(file.path, url(digest).path) == 0 else {
            throw ImageStoreError.io("cannot move \(file.path) into the blob store: \(errnoString())")
        }
    }

    /// Links or copies a verified file into the store, leaving the source in place.
    func copy(_ file: URL, digest: String) throws {
        if contains(digest) { return }
        let tmp = scratch.appendingPathComponent("blob-\(UInt64.random(in: 0...UInt64.max))")
        if link(file.path, tmp.path) == 0 { return try adopt(tmp, digest: digest) }  // same filesystem: no copy
        do {
            try FileManager.default.copyItem(at: file, to: tmp)
        } catch {
            throw ImageStoreError.io("cannot copy \(file.path) into the blob store: \(error.localizedDescription)")
        }
        try adopt(tmp, digest: digest)
    }
}
