import Crypto
import Foundation

/// `sha256:<hex>` digests: validation and hashing of files and byte streams.
enum Digest {
    static func isValid(_ d: String) -> Bool {
        guard d.hasPrefix("sha256:") else { return false }
        let hex = d.utf8.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// The hex part of a valid digest (callers validate first).
    static func hex(_ d: String) -> String { String(d.dropFirst(7)) }

    static func of(_ data: some DataProtocol) -> String { format(SHA256.hash(data: data)) }

    static func format(_ digest: SHA256.Digest) -> String {
        "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Hashes a file in 1 MiB reads. Blocking.
    static func ofFile(_ url: URL) throws -> (digest: String, size: Int64) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw ImageStoreError.io("cannot open \(url.path): \(errnoString())") }
        defer { close(fd) }
        var hasher = SHA256()
        var size: Int64 = 0
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buf.deallocate() }
        while true {
            let n = read(fd, buf.baseAddress, buf.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw ImageStoreError.io("cannot read \(url.path): \(errnoString())")
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buf[0..<n]))
            size += Int64(n)
        }
        return (format(hasher.finalize()), size)
    }
}

func errnoString(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
