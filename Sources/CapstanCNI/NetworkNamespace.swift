import Foundation

/// A named network namespace, bind-mounted at `/run/netns/NAME` as
/// `ip netns` does, so it outlives every process in it: a pod sandbox
/// creates one, its containers join it by path, and a restarting container
/// finds the same interfaces and IP. Created and removed with iproute2's
/// `ip netns` (which handles the shared-propagation mount of /run/netns
/// that makes the bind mount visible to other mount namespaces).
public struct NetworkNamespace: Sendable, Hashable {
    /// Where named namespaces live (iproute2's NETNS_RUN_DIR).
    public static let runDirectory = "/run/netns"

    public let name: String
    /// The path given to CNI plugins as CNI_NETNS and to the OCI runtime as the network namespace.
    public var path: String { Self.runDirectory + "/" + name }

    public init(name: String) { self.name = name }

    /// The namespace a pod sandbox uses: `capstan-` and the first 40
    /// characters of its sandbox id (names are file names; keep them short).
    public static func forSandbox(_ sandboxID: String) -> NetworkNamespace {
        let safe = sandboxID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" }
        return NetworkNamespace(name: "capstan-" + String(safe.prefix(40)))
    }

    /// True when the path exists and is a mounted namespace (not a leftover empty file).
    public var exists: Bool { Self.isMounted(path) }

    /// Creates the namespace, or keeps it if it already exists (idempotent).
    /// A leftover file that is not a mounted namespace is removed first.
    @discardableResult
    public static func create(name: String) async throws -> NetworkNamespace {
        let ns = NetworkNamespace(name: name)
        if ns.exists { return ns }
        if FileManager.default.fileExists(atPath: ns.path) { try? FileManager.default.removeItem(atPath: ns.path) }
        let out = try await ip(["netns", "add", name])
        if out.status != 0, !ns.exists {
            throw CNIError(.namespace, "ip netns add \(name) failed (exit \(out.status)): \(out.stderrText)")
        }
        // The namespace's own loopback starts down; the CNI loopback plugin brings it up.
        return ns
    }

    /// Removes the namespace (unmounts and deletes its file). Removing one
    /// that does not exist succeeds (idempotent). Processes still inside
    /// keep it alive until they exit.
    public func delete() async throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let out = try await Self.ip(["netns", "delete", name])
        if out.status != 0, FileManager.default.fileExists(atPath: path) {
            throw CNIError(.namespace, "ip netns delete \(name) failed (exit \(out.status)): \(out.stderrText)")
        }
    }

    /// Runs a program inside the namespace (`ip netns exec`), for tests and diagnostics.
    public func run(_ arguments: [String], stdin: Data = Data()) async throws -> (status: Int32, output: String) {
        let out = try await Self.ip(["netns", "exec", name] + arguments, stdin: stdin)
        return (out.status, String(decoding: out.stdout, as: UTF8.self) + String(decoding: out.stderr, as: UTF8.self))
    }

    /// Every named namespace under /run/netns whose name starts with `prefix`.
    public static func list(prefix: String = "") -> [NetworkNamespace] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runDirectory)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map(NetworkNamespace.init(name:))
    }

    static func ip(_ arguments: [String], stdin: Data = Data()) async throws -> ProcessRunner.Output {
        guard let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw CNIError(.namespace, "iproute2's ip command not found; install iproute2")
        }
        return try await ProcessRunner.run(ip, arguments, stdin: stdin)
    }

    /// A bind-mounted namespace file is on nsfs, a different device from its directory.
    static func isMounted(_ path: String) -> Bool {
        var file = stat(), dir = stat()
        guard stat(path, &file) == 0, stat((path as NSString).deletingLastPathComponent, &dir) == 0 else { return false }
        return file.st_dev != dir.st_dev
    }
}
