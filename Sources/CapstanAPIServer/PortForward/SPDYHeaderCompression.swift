import CCapstanZlib

/// SPDY/3 header compression: every header block a peer sends in a session
/// continues one zlib stream (never reset), primed with the protocol's
/// dictionary and sync-flushed at the end of each block. So each direction
/// has exactly one compressor or decompressor, used in frame order.
enum SPDYDictionary {
    /// The SPDY/3 dictionary (draft 3, section 2.6.10.1): header names and
    /// common values, each with a 32-bit length, then a run of plain text.
    /// Its Adler-32 (0xE3C6A7C2) is in every header block's zlib header, so
    /// it must be byte-exact.
    static let bytes: [UInt8] = {
        let tokens = [
            "options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding",
            "accept-language", "accept-ranges", "age", "allow", "authorization", "cache-control", "connection",
            "content-base", "content-encoding", "content-language", "content-length", "content-location",
            "content-md5", "content-range", "content-type", "date", "etag", "expect", "expires", "from", "host",
            "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified",
            "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization", "range", "referer",
            "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "vary", "via",
            "warning", "www-authenticate", "method", "get", "status", "200 OK", "version", "HTTP/1.1", "url",
            "public", "set-cookie", "keep-alive", "origin",
        ]
        let text =
            "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
            + "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
            + "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
            + "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
            + "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
            + "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0."
        var out: [UInt8] = []
        for t in tokens {
            out += SPDYWire.u32(UInt32(t.utf8.count))
            out += Array(t.utf8)
        }
        return out + Array(text.utf8)
    }()
}

struct SPDYCompressionError: Error, CustomStringConvertible {
    var description: String
}

/// The sending side's header compressor. Not thread-safe: one per session,
/// used only by the task that writes frames (in the order they go out).
final class SPDYHeaderDeflater {
    private let stream: OpaquePointer

    init() {
        // Best compression, as spdystream; header blocks are small.
        guard let s = SPDYDictionary.bytes.withUnsafeBufferPointer({ capstan_deflater_new(9, $0.baseAddress, $0.count) }) else {
            fatalError("zlib refused to initialise a deflate stream")
        }
        stream = s
    }
    deinit { capstan_zstream_free(stream) }

    /// One header block, compressed and flushed so the peer can decode it
    /// without anything that follows.
    func compress(_ block: [UInt8]) -> [UInt8] {
        // deflate on a stream zlib initialised only fails for misuse (Z_STREAM_ERROR), never for data.
        (try? ZStep.run(stream, block)) ?? []
    }
}

/// The receiving side's header decompressor (one per session, used in frame order).
final class SPDYHeaderInflater {
    private let stream: OpaquePointer

    init() {
        guard let s = SPDYDictionary.bytes.withUnsafeBufferPointer({ capstan_inflater_new($0.baseAddress, $0.count) }) else {
            fatalError("zlib refused to initialise an inflate stream")
        }
        stream = s
    }
    deinit { capstan_zstream_free(stream) }

    func decompress(_ block: [UInt8]) throws -> [UInt8] {
        try ZStep.run(stream, block)
    }
}

private enum ZStep {
    /// Feeds all of `input` through the stream and collects everything it
    /// yields (calling again while the output buffer came back full).
    static func run(_ stream: OpaquePointer, _ input: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var offset = 0
        while true {
            var used = 0, produced = 0
            let rc = input.withUnsafeBufferPointer { inBuf in
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    capstan_zstream_step(
                        stream, inBuf.baseAddress.map { $0 + offset }, inBuf.count - offset, outBuf.baseAddress, outBuf.count,
                        &used, &produced)
                }
            }
            // Z_OK 0, Z_STREAM_END 1, Z_BUF_ERROR -5 (nothing to do); anything else is corrupt input.
            guard rc == 0 || rc == 1 || rc == -5 else {
                throw SPDYCompressionError(description: "invalid compressed header block (zlib error \(rc))")
            }
            offset += used
            out += chunk[0..<produced]
            if produced < chunk.count && (offset == input.count || rc != 0) { return out }
            if used == 0 && produced == 0 { return out }
        }
    }
}
