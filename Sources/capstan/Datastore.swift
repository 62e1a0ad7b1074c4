import CapstanEtcdStore
import CapstanStore
import Foundation
import Logging

/// Which `Store` `capstan server` runs on: the embedded SQLite file in the
/// data dir, or an external etcd given by `--datastore-endpoint` (k3s' flag).
enum Datastore {
    /// How long one call of the start-up probe may wait for etcd. The
    /// server's own store waits longer (30 s, what a loaded etcd may need);
    /// at start a silent address (blackholed, or an etcd without quorum)
    /// should fail in seconds. A refused connection fails at once.
    static let probeTimeout: Duration = .seconds(4)

    /// Opens the store. With endpoints, checks that etcd answers before
    /// returning, so a wrong URL is one clear error at start instead of a
    /// server that hangs in its first list.
    static func open(endpoints flag: String?, dataDir: URL, logger: Logger) async throws -> any Store {
        guard let flag else {
            try FileManager.default.createDirectory(at: dataDir.appendingPathComponent("db"), withIntermediateDirectories: true)
            return try await SQLiteStore(path: dataDir.appendingPathComponent("db/state.db").path)
        }
        let endpoints = flag.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let store: EtcdStore
        do {
            // No key prefix: objects live under /registry/..., where
            // kube-apiserver keeps them, so etcd tools see the usual layout.
            store = try EtcdStore(endpoints: endpoints, logger: logger)
        } catch {
            throw StartupError("invalid --datastore-endpoint \"\(flag)\": \(describe(error))")
        }
        // The same endpoints parsed above, so this cannot fail to construct.
        let probe = try EtcdStore(endpoints: endpoints, requestTimeout: probeTimeout, logger: logger)
        do {
            let revision = try await probe.currentRevision()
            await probe.close()
            logger.info("using etcd at \(endpoints.joined(separator: ", ")) (revision \(revision))")
        } catch {
            await probe.close()
            await store.close()
            throw StartupError(
                "\(describe(error))\n--datastore-endpoint \(flag) must name running etcd members "
                    + "(http://host:port client URLs, comma-separated); without the flag the server uses its embedded SQLite datastore.")
        }
        return store
    }

    private static func describe(_ error: any Error) -> String {
        if case StoreError.backend(let message)? = error as? StoreError { return message }
        return "\(error)"
    }
}

/// A start-up failure whose message says what to do; printed as is.
struct StartupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
