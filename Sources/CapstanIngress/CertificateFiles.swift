import Foundation

/// The certificate files nginx reads, in `PREFIX/certs`: one file per TLS
/// Secret version (chain then key, mode 0600, written atomically), named by
/// `TLSKeyPair.fileName`, plus the default server's self-signed `default.pem`.
struct CertificateFiles {
    let directory: URL
    static let defaultFile = "default.pem"

    /// Writes the files that are not there yet (a name is a content digest,
    /// so an existing file already has the right contents).
    func write(_ certificates: [String: TLSKeyPair]) throws {
        for (name, pair) in certificates where !FileManager.default.fileExists(atPath: path(name)) {
            try Self.writePrivate(pair.fileContents, to: directory.appendingPathComponent(name))
        }
    }

    /// Removes certificate files no longer named (call after nginx loaded the
    /// configuration that stopped naming them).
    func prune(keeping names: Set<String>) {
        let present = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for f in present where f.hasSuffix(".pem") && f != Self.defaultFile && !names.contains(f) {
            try? FileManager.default.removeItem(atPath: path(f))
        }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The default server's certificate, made once with the openssl command
    /// (self-signed P-256, ten years); nil when it cannot be made.
    func ensureDefault() async -> String? {
        let target = directory.appendingPathComponent(Self.defaultFile)
        if FileManager.default.fileExists(atPath: target.path) { return Self.defaultFile }
        let key = directory.appendingPathComponent("default.key.tmp"), cert = directory.appendingPathComponent("default.crt.tmp")
        defer {
            try? FileManager.default.removeItem(at: key)
            try? FileManager.default.removeItem(at: cert)
        }
        let result = await Subprocess.run(
            "/usr/bin/env",
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", key.path, "-out", cert.path, "-days", "3650", "-subj", "/O=Capstan/CN=Capstan Ingress Default Certificate"],
            scratch: directory)
        guard result.status == 0,
            let c = try? String(contentsOf: cert, encoding: .utf8), let k = try? String(contentsOf: key, encoding: .utf8),
            (try? Self.writePrivate(TLSKeyPair(certificatePEM: c, keyPEM: k).fileContents, to: target)) != nil
        else { return nil }
        return Self.defaultFile
    }

    /// Writes through a temporary file created 0600 and renamed into place.
    static func writePrivate(_ text: String, to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8))")
        guard FileManager.default.createFile(atPath: tmp.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw IngressError("cannot write \(tmp.path)")
        }
        guard rename(tmp.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: tmp)
            throw IngressError("cannot rename \(tmp.path) to \(url.path): errno \(errno)")
        }
    }
}

struct IngressError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
