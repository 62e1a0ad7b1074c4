import CapstanAPI
import CapstanStore
import Foundation
import Logging

/// Empties Terminating namespaces and then removes them, so a deleted
/// namespace stays Terminating exactly until its content is gone (the
/// namespace controller's job; it runs in the API server until the
/// controller manager exists).
public struct NamespaceFinalizer: Sendable {
    let core: APIServerCore

    public init(core: APIServerCore) { self.core = core }

    public func run() async {
        guard let nsDef = core.registry.lookup(group: "", version: "v1", plural: "namespaces"),
            let cache = await core.hub.cache(for: nsDef)
        else { return }
        guard let sub = try? await cache.subscribeWithInitial(prefix: nsDef.keyPrefix, filter: { _ in true }) else { return }
        var pending = Set<String>()
        await withTaskGroup(of: Void.self) { group in
            for await e in sub.stream {
                guard e.type != .deleted else { continue }
                let obj = e.object.object()
                guard obj[path: ["status", "phase"]]?.stringValue == "Terminating", !pending.contains(e.object.name) else { continue }
                pending.insert(e.object.name)
                let name = e.object.name
                group.addTask { await self.finalize(name) }
            }
        }
    }

    /// Deletes everything in the namespace, waiting for finalizers, then the namespace.
    func finalize(_ ns: String) async {
        var delay: Duration = .milliseconds(100)
        while !Task.isCancelled {
            var left = 0
            for def in core.registry.all where def.namespaced {
                guard let cache = await core.hub.cache(for: def) else { continue }
                _ = try? await core.hub.sync()
                let items = await cache.list(prefix: def.keyPrefix(namespace: ns), filter: { _ in true }).items
                left += items.count
                let rs = core.resourceStore(def)
                for o in items where o.object()[path: ["metadata", "deletionTimestamp"]] == nil {
                    var opts = DeleteOptions()
                    opts.propagationPolicy = "Background"
                    _ = try? await rs.delete(namespace: ns, name: o.name, options: opts)
                }
            }
            if left == 0 {
                let key = "/registry/core/namespaces/\(ns)"
                if let kv = try? await core.store.get(key, revision: nil) {
                    _ = try? await core.store.delete(key, expectedRevision: kv.modRevision)
                }
                return
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(2))
        }
    }
}
