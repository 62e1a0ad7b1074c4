import Foundation
@testable import CapstanImages

/// A temporary directory removed (with anything mounted inside unmounted first) on deinit.
final class TempDir: @unchecked Sendable {  // immutable after init
    let url: URL

    init(_ label: String = "capstan-images-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ rel: String) -> URL { url.appendingPathComponent(rel) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

let isRoot = geteuid() == 0

func hasTool(_ name: String) -> Bool { which(name) != nil }

/// Runs a command, returning stdout; throws with stderr on failure.
@discardableResult
func sh(_ args: [String], cwd: URL? = nil, env: [String: String]? = nil) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: which(args[0]) ?? args[0])
    p.arguments = Array(args.dropFirst())
    if let cwd { p.currentDirectoryURL = cwd }
    if let env { p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw TestError("\(args.joined(separator: " ")) failed (\(p.terminationStatus)): \(String(decoding: errData, as: UTF8.self))")
    }
    return String(decoding: outData, as: UTF8.self)
}

struct TestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The repository root (for scripts/).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Writes tar archives entry by entry (ustar), so tests can make layers with
/// whiteouts, hostile paths and exact owners without touching the filesystem.
struct TarWriter {
    enum Kind: UInt8 {
        case file = 48, hardlink = 49, symlink = 50, directory = 53
    }

    private(set) var bytes: [UInt8] = []

    mutating func add(_ name: String, _ kind: Kind = .file, data: [UInt8] = [], mode: Int = 0o644, uid: Int = 0, gid: Int = 0, link: String = "") {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, at offset: Int, max: Int) {
            for (i, b) in s.utf8.prefix(max).enumerated() { h[offset + i] = b }
        }
        func octal(_ v: Int, at offset: Int, width: Int) {
            put(String(v, radix: 8).leftPad(width - 1), at: offset, max: width - 1)
        }
        put(name, at: 0, max: 100)
        octal(kind == .directory ? (mode == 0o644 ? 0o755 : mode) : mode, at: 100, width: 8)
        octal(uid, at: 108, width: 8)
        octal(gid, at: 116, width: 8)
        octal(kind == .file ? data.count : 0, at: 124, width: 12)
        octal(1_700_000_000, at: 136, width: 12)
        h[156] = kind.rawValue
        put(link, at: 157, max: 100)
        put("ustar\0", at: 257, max: 6)
        put("00", at: 263, max: 2)
        for i in 148..<156 { h[i] = 32 }
        let sum = h.reduce(0) { $0 + Int($1) }
        put(String(sum, radix: 8).leftPad(6) + "\0 ", at: 148, max: 8)
        bytes += h
        if kind == .file {
            bytes += data
            bytes += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
        }
    }

    func finished() -> Data { Data(bytes + [UInt8](repeating: 0, count: 1024)) }
}

extension String {
    func leftPad(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Builds an OCI image layout directory from layer tars and tars it up.
struct OCILayoutBuilder {
    var layers: [(tar: Data, gzip: Bool)] = []
    var cmd: [String] = ["sh"]
    var refName = "docker.io/library/test:latest"

    /// Writes the layout into `dir` and returns the archive path and the diffIDs.
    func write(in dir: URL, name: String = "image.tar") throws -> (archive: URL, diffIDs: [String]) {
        let layout = dir.appendingPathComponent("layout-\(UUID().uuidString)")
        let blobDir = layout.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobDir, withIntermediateDirectories: true)
        func put(_ data: Data) throws -> (digest: String, size: Int) {
            let d = Digest.of(data)
            try data.write(to: blobDir.appendingPathComponent(Digest.hex(d)))
            return (d, data.count)
        }
        var layerDescs: [[String: Any]] = []
        var diffIDs: [String] = []
        for layer in layers {
            diffIDs.append(Digest.of(layer.tar))
            var blob = layer.tar
            if layer.gzip {
                let raw = dir.appendingPathComponent("raw-\(UUID().uuidString).tar")
                try layer.tar.write(to: raw)
                try sh(["gzip", "-n", raw.path])
                blob = try Data(contentsOf: URL(fileURLWithPath: raw.path + ".gz"))
                try FileManager.default.removeItem(atPath: raw.path + ".gz")
            }
            let (d, size) = try put(blob)
            layerDescs.append([
                "mediaType": layer.gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar",
                "digest": d, "size": size,
            ])
        }
        let config: [String: Any] = [
            "architecture": "amd64", "os": "linux",
            "config": ["Cmd": cmd, "Env": ["PATH=/bin"], "WorkingDir": "/work", "User": "65534"],
            "rootfs": ["type": "layers", "diff_ids": diffIDs],
        ]
        let (cd, cs) = try put(try JSONSerialization.data(withJSONObject: config))
        let manifest: [String: Any] = [
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": ["mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs],
            "layers": layerDescs,
        ]
        let (md, ms) = try put(try JSONSerialization.data(withJSONObject: manifest))
        let index: [String: Any] = [
            "schemaVersion": 2,
            "manifests": [["mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": ms,
                           "annotations": ["org.opencontainers.image.ref.name": refName]]],
        ]
        try JSONSerialization.data(withJSONObject: index).write(to: layout.appendingPathComponent("index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: layout.appendingPathComponent("oci-layout"))
        let archive = dir.appendingPathComponent(name)
        try sh(["tar", "-C", layout.path, "-cf", archive.path, "."])
        try FileManager.default.removeItem(at: layout)
        return (archive, diffIDs)
    }
}

/// A free TCP port on 127.0.0.1 (bound and released; racy but fine for tests).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    guard bound else { throw TestError("cannot bind a free port") }
    return Int(UInt16(bigEndian: addr.sin_port))
}

func lstatOf(_ path: String) -> stat? {
    var st = stat()
    return lstat(path, &st) == 0 ? st : nil
}
