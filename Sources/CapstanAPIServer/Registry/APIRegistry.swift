import CapstanAPI
import Synchronization

/// The resources the server serves, by group/version/plural. Built-in ones
/// are registered at start; CRDs come and go at run time, so lookups go
/// through a lock.
public final class APIRegistry: Sendable {
    private struct State {
        var byPath: [String: ResourceDefinition] = [:]
        /// Group order as discovery lists it; versions preferred-first.
        var groups: [(name: String, versions: [String])] = []
        var generation = 0
    }
    private let state = Mutex(State())

    public init(_ definitions: [ResourceDefinition] = []) {
        for d in definitions { register(d) }
    }

    private static func pathKey(_ group: String, _ version: String, _ plural: String) -> String {
        "\(group)/\(version)/\(plural)"
    }

    public func register(_ d: ResourceDefinition) {
        state.withLock { s in
            s.byPath[Self.pathKey(d.group, d.version, d.plural)] = d
            if let i = s.groups.firstIndex(where: { $0.name == d.group }) {
                if !s.groups[i].versions.contains(d.version) { s.groups[i].versions.append(d.version) }
            } else {
                s.groups.append((d.group, [d.version]))
            }
            s.generation += 1
        }
    }

    public func unregister(group: String, version: String, plural: String) {
        state.withLock { s in
            s.byPath[Self.pathKey(group, version, plural)] = nil
            let left = s.byPath.values.contains { $0.group == group && $0.version == version }
            if !left, let i = s.groups.firstIndex(where: { $0.name == group }) {
                s.groups[i].versions.removeAll { $0 == version }
                if s.groups[i].versions.isEmpty { s.groups.remove(at: i) }
            }
            s.generation += 1
        }
    }

    public func lookup(group: String, version: String, plural: String) -> ResourceDefinition? {
        state.withLock { $0.byPath[Self.pathKey(group, version, plural)] }
    }

    /// By kind (first served version wins), for callers holding a GVK.
    public func lookup(gvk: GroupVersionKind) -> ResourceDefinition? {
        state.withLock { s in
            s.byPath.values.first { $0.group == gvk.group && $0.version == gvk.version && $0.kind == gvk.kind }
        }
    }

    public var all: [ResourceDefinition] {
        state.withLock { s in s.byPath.values.sorted { ($0.group, $0.version, $0.plural) < ($1.group, $1.version, $1.plural) } }
    }

    public func resources(group: String, version: String) -> [ResourceDefinition] {
        state.withLock { s in
            s.byPath.values.filter { $0.group == group && $0.version == version }.sorted { $0.plural < $1.plural }
        }
    }

    /// Groups in registration order, each with its versions (first preferred).
    public var groups: [(name: String, versions: [String])] { state.withLock { $0.groups } }

    /// Bumped on every change; caches of derived documents key on it.
    public var generation: Int { state.withLock { $0.generation } }
}
