import CCapstanImages
import Crypto
import Foundation

/// Unpacks one layer blob into a directory usable as an overlayfs lower dir.
///
/// The blob (gzip, zstd or plain tar) is decompressed by `gzip`/`zstd`, passed
/// through this process — which hashes it (the diffID) and checks every tar
/// header with `TarScanner` before `tar` sees it — and extracted by GNU `tar`
/// with numeric owners, modes and capability xattrs kept. OCI whiteouts are
/// then turned into overlayfs ones: `.wh.NAME` becomes a 0:0 character device
/// NAME, `.wh..wh..opq` the xattr `trusted.overlay.opaque=y` on its directory.
/// Blocking; run through `offload`.
enum LayerUnpacker {
    enum Compression { case none, gzip, zstd }

    static func compression(of blob: URL) throws -> Compression {
        guard let h = FileHandle(forReadingAtPath: blob.path) else { throw ImageStoreError.io("cannot open \(blob.path)") }
        defer { try? h.close() }
        let magic = [UInt8]((try? h.read(upToCount: 4)) ?? Data())
        if magic.starts(with: [0x1f, 0x8b]) { return .gzip }
        if magic.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return .zstd }
        return .none
    }

    /// Extracts `blob` into `dir` (which must exist and be empty) and returns the diffID.
    /// - Throws: `unsafeLayer` for paths escaping `dir`, `digestMismatch` when
    ///   `expectedDiffID` is given and differs, `tool` when tar fails.
    static func unpack(blob: URL, into dir: URL, expectedDiffID: String?, scratch: URL) throws -> String {
        let tarErr = scratch.appendingPathComponent("tar-\(UInt32.random(in: 0...UInt32.max)).err")
        let zipErr = scratch.appendingPathComponent("unzip-\(UInt32.random(in: 0...UInt32.max)).err")
        defer {
            try? FileManager.default.removeItem(at: tarErr)
            try? FileManager.default.removeItem(at: zipErr)
        }
        var decompressor: Process?
        let source: Int32
        switch try compression(of: blob) {
        case .none:
            source = open(blob.path, O_RDONLY | O_CLOEXEC)
            guard source >= 0 else { throw ImageStoreError.io("cannot open \(blob.path): \(errnoString())") }
        case let c:
            let input = open(blob.path, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw ImageStoreError.io("cannot open \(blob.path): \(errnoString())") }
            defer { close(input) }
            let out = try CloexecPipe()
            do {
                decompressor = try spawn(c == .gzip ? "gzip" : "zstd", ["-dc"], stdin: input, stdout: out.write, stderrFile: zipErr)
            } catch {
                close(out.read); close(out.write)
                throw error
            }
            close(out.write)
            source = out.read
        }
        defer { close(source) }

        let tarIn = try CloexecPipe()
        var args = ["-x", "-f", "-", "-C", dir.path, "--numeric-owner", "--same-permissions",
                    "--xattrs", "--xattrs-include=security.capability", "--xattrs-include=user.*"]
        if geteuid() == 0 { args.append("--same-owner") }
        let tar: Process
        do {
            tar = try spawn("tar", args, stdin: tarIn.read, stdout: nil, stderrFile: tarErr)
        } catch {
            close(tarIn.read); close(tarIn.write)
            decompressor?.terminate()
            throw error
        }
        close(tarIn.read)

        var writeEnd: Int32? = tarIn.write
        func stopTar() {
            if let fd = writeEnd { close(fd); writeEnd = nil }
        }
        var hasher = SHA256()
        var scanner = TarScanner()
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buf.deallocate() }
        do {
            while true {
                let n = read(source, buf.baseAddress, buf.count)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ImageStoreError.io("reading layer \(blob.lastPathComponent): \(errnoString())")
                }
                if n == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buf[0..<n])
                hasher.update(bufferPointer: chunk)
                try scanner.feed(chunk)
                // tar may exit at the end-of-archive blocks; the rest still counts for the diffID.
                if let fd = writeEnd, !writeAll(fd, chunk) { stopTar() }
            }
            try scanner.finish()
        } catch {
            stopTar()
            tar.terminate()
            decompressor?.terminate()
            tar.waitUntilExit()
            decompressor?.waitUntilExit()
            throw error
        }
        stopTar()
        tar.waitUntilExit()
        if let d = decompressor {
            d.waitUntilExit()
            guard d.terminationStatus == 0 else {
                throw ImageStoreError.tool("cannot decompress layer \(blob.lastPathComponent): \(tail(zipErr))")
            }
        }
        guard tar.terminationStatus == 0 else {
            throw ImageStoreError.tool("tar failed on layer \(blob.lastPathComponent) (\(tar.terminationStatus)): \(tail(tarErr))")
        }
        let diffID = Digest.format(hasher.finalize())
        if let expectedDiffID, expectedDiffID != diffID {
            throw ImageStoreError.digestMismatch(what: "layer \(blob.lastPathComponent) (uncompressed)", expected: expectedDiffID, actual: diffID)
        }
        try convertWhiteouts(scanner.whiteouts, in: dir)
        return diffID
    }

    /// Turns OCI whiteout files into overlayfs whiteouts (needs root: mknod and trusted.* xattrs).
    static func convertWhiteouts(_ whiteouts: [String], in dir: URL) throws {
        for rel in whiteouts {
            let path = dir.path + "/" + rel
            let parent = (path as NSString).deletingLastPathComponent
            let base = (rel as NSString).lastPathComponent
            guard unlink(path) == 0 || errno == ENOENT else { throw ImageStoreError.io("cannot remove whiteout \(rel): \(errnoString())") }
            if base == ".wh..wh..opq" {
                let value: [UInt8] = [UInt8(ascii: "y")]
                guard capstan_lsetxattr(parent, "trusted.overlay.opaque", value, 1) == 0 else {
                    throw ImageStoreError.io("cannot mark \(parent) opaque (trusted.overlay.opaque needs root): \(errnoString())")
                }
            } else if base.hasPrefix(".wh..wh.") {
                continue  // AUFS bookkeeping (.wh..wh.plnk etc.): nothing to hide
            } else {
                let target = parent + "/" + base.dropFirst(4)
                var st = stat()
                if lstat(target, &st) == 0 { continue }  // the same layer re-created it
                guard mknod(target, S_IFCHR, 0) == 0 else {
                    throw ImageStoreError.io("cannot create whiteout device \(target) (needs root): \(errnoString())")
                }
            }
        }
    }

    /// Writes all of `chunk`; false if the reader went away (EPIPE).
    private static func writeAll(_ fd: Int32, _ chunk: UnsafeRawBufferPointer) -> Bool {
        var off = 0
        while off < chunk.count {
            let n = write(fd, chunk.baseAddress! + off, chunk.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            off += n
        }
        return true
    }
}
