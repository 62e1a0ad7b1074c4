/// Reads the headers of a tar stream as it passes through, without extracting:
/// refuses entries that would land outside the extraction directory and
/// collects the OCI whiteouts to convert after extraction.
///
/// Handles ustar, GNU long names/links and PAX `path`/`linkpath`/`size`.
/// Feed it every byte of the uncompressed layer in order; it throws before the
/// chunk holding an unsafe header is handed to `tar`.
struct TarScanner {
    /// Normalized relative paths (no leading `./`) of `.wh.*` entries, in archive order.
    private(set) var whiteouts: [String] = []
    private(set) var entries = 0
    private(set) var ended = false

    private var header: [UInt8] = []
    private var skip: Int64 = 0
    private var collecting: (type: UInt8, remaining: Int, padding: Int64)?
    private var collected: [UInt8] = []
    private var paxPath: String?
    private var paxLinkPath: String?
    private var paxSize: Int64?
    private var longName: String?
    private var longLink: String?
    private var symlinks: Set<String> = []

    private static let maxMetadata = 1 << 20

    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws {
        var i = 0
        while i < chunk.count && !ended {
            let avail = chunk.count - i
            if skip > 0 {
                let n = Int(min(skip, Int64(avail)))
                skip -= Int64(n)
                i += n
            } else if let c = collecting {
                let n = min(c.remaining, avail)
                collected.append(contentsOf: chunk[i..<i + n])
                i += n
                collecting!.remaining -= n
                if collecting!.remaining == 0 {
                    collecting = nil
                    skip = c.padding
                    try finishMetadata(type: c.type)
                }
            } else {
                let n = min(512 - header.count, avail)
                header.append(contentsOf: chunk[i..<i + n])
                i += n
                if header.count == 512 {
                    try processHeader()
                    header.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    /// Checks the stream ended on a block boundary (a truncated layer is refused).
    func finish() throws {
        guard ended || (header.isEmpty && skip == 0 && collecting == nil) else {
            throw ImageStoreError.unsafeLayer("the layer tar is truncated")
        }
    }

    private mutating func processHeader() throws {
        let h = header
        if h.allSatisfy({ $0 == 0 }) {
            ended = true
            return
        }
        guard checksumOK(h) else { throw ImageStoreError.unsafeLayer("not a tar stream (bad header checksum after \(entries) entries)") }
        let type = h[156]
        guard var size = Self.number(h[124..<136]) else { throw ImageStoreError.unsafeLayer("bad size field in a tar header") }
        if let paxSize, type != UInt8(ascii: "x"), type != UInt8(ascii: "g") { size = paxSize }
        let padding = (512 - size % 512) % 512
        switch type {
        case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            guard size <= Self.maxMetadata else { throw ImageStoreError.unsafeLayer("tar metadata entry of \(size) bytes") }
            collected.removeAll(keepingCapacity: true)
            if size == 0 {
                skip = 0
                try finishMetadata(type: type)
            } else {
                collecting = (type, Int(size), padding)
            }
            return
        default:
            break
        }
        var name = longName ?? paxPath ?? Self.string(h[0..<100])
        let magic = Array(h[257..<263])
        if longName == nil && paxPath == nil && magic == Array("ustar\0".utf8) {
            let prefix = Self.string(h[345..<500])
            if !prefix.isEmpty { name = prefix + "/" + name }
        }
        let link = longLink ?? paxLinkPath ?? Self.string(h[157..<257])
        longName = nil; longLink = nil; paxPath = nil; paxLinkPath = nil; paxSize = nil
        entries += 1
        // Directories, links, devices and FIFOs carry no data; everything else has `size` bytes.
        let hasData = !(type == UInt8(ascii: "1") || type == UInt8(ascii: "2") || type == UInt8(ascii: "3")
            || type == UInt8(ascii: "4") || type == UInt8(ascii: "5") || type == UInt8(ascii: "6"))
        skip = hasData ? size + padding : 0
        try check(name: name, type: type, link: link)
    }

    private mutating func check(name: String, type: UInt8, link: String) throws {
        guard let path = Self.normalize(name) else { throw ImageStoreError.unsafeLayer("entry \"\(name)\" points outside the layer") }
        if path.isEmpty { return }  // "./" itself
        try refuseThroughSymlink(path, entry: name)
        switch type {
        case UInt8(ascii: "2"):
            symlinks.insert(path)
        case UInt8(ascii: "1"):
            guard let target = Self.normalize(link), !target.isEmpty else {
                throw ImageStoreError.unsafeLayer("hard link \"\(name)\" -> \"\(link)\" points outside the layer")
            }
            try refuseThroughSymlink(target, entry: name)
        default:
            break
        }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        if base.hasPrefix(".wh.") { whiteouts.append(path) }
    }

    private func refuseThroughSymlink(_ path: String, entry: String) throws {
        var prefix = ""
        let parts = path.split(separator: "/")
        for part in parts.dropLast() {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            if symlinks.contains(prefix) {
                throw ImageStoreError.unsafeLayer("entry \"\(entry)\" would be written through the symlink \"\(prefix)\"")
            }
        }
    }

    private mutating func finishMetadata(type: UInt8) throws {
        switch type {
        case UInt8(ascii: "L"): longName = Self.string(collected[...])
        case UInt8(ascii: "K"): longLink = Self.string(collected[...])
        case UInt8(ascii: "x"):
            for (key, value) in try Self.paxRecords(collected) {
                switch key {
                case "path": paxPath = value
                case "linkpath": paxLinkPath = value
                case "size":
                    guard let s = Int64(value), s >= 0 else { throw ImageStoreError.unsafeLayer("bad PAX size \(value)") }
                    paxSize = s
                default: break
                }
            }
        default: break  // global PAX headers: nothing we need
        }
    }

    /// Strips leading `/` and `./`, drops `.` components; nil if any component is `..`.
    static func normalize(_ name: String) -> String? {
        var parts: [Substring] = []
        for part in name.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    static func paxRecords(_ bytes: [UInt8]) throws -> [(String, String)] {
        var out: [(String, String)] = []
        var i = 0
        while i < bytes.count {
            guard let space = bytes[i...].firstIndex(of: UInt8(ascii: " ")),
                let len = Int(String(decoding: bytes[i..<space], as: UTF8.self)), len > 0, i + len <= bytes.count
            else { throw ImageStoreError.unsafeLayer("malformed PAX header") }
            let record = bytes[(space + 1)..<(i + len - 1)]  // drop trailing newline
            if let eq = record.firstIndex(of: UInt8(ascii: "=")) {
                out.append((String(decoding: record[..<eq], as: UTF8.self), String(decoding: record[(eq + 1)...], as: UTF8.self)))
            }
            i += len
        }
        return out
    }

    static func string(_ field: ArraySlice<UInt8>) -> String {
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[..<end], as: UTF8.self)
    }

    /// Octal ASCII, or GNU base-256 when the high bit of the first byte is set.
    static func number(_ field: ArraySlice<UInt8>) -> Int64? {
        if let first = field.first, first & 0x80 != 0 {
            var v: Int64 = Int64(first & 0x7f)
            for b in field.dropFirst() {
                guard v < (Int64.max >> 8) else { return nil }
                v = v << 8 | Int64(b)
            }
            return v
        }
        var v: Int64 = 0
        var seen = false
        for b in field {
            if b == 0 || b == UInt8(ascii: " ") {
                if seen { break } else { continue }
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "7") else { return nil }
            v = v * 8 + Int64(b - UInt8(ascii: "0"))
            seen = true
        }
        return v
    }

    private func checksumOK(_ h: [UInt8]) -> Bool {
        guard let stored = Self.number(h[148..<156]) else { return false }
        var sum: Int64 = 0
        for (i, b) in h.enumerated() { sum += (148..<156).contains(i) ? 32 : Int64(b) }
        return sum == stored
    }
}
