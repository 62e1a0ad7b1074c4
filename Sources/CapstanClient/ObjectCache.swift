import CapstanAPI
import Synchronization

/// An informer's local copy of one resource, readable without suspension
/// from any task (controllers read it on every reconcile), with secondary
/// indexes kept in step with every write (client-go's thread-safe indexer).
///
/// Only the owning informer writes it: a controller that put its own
/// writes in would make the informer report the next watch event with an
/// old object that is already the new one, and other subscribers would
/// miss the change. Keys are `namespace/name` (or `name` for cluster-scoped objects).
public final class ObjectCache: Sendable {
    /// Maps an object to the index values it is found under (e.g. its
    /// controller's uid). Several values per object are allowed.
    public typealias IndexFunction = @Sendable (JSONValue) -> [String]

    struct State {
        var objects: [String: JSONValue] = [:]
        /// index name → value → keys
        var indexes: [String: [String: Set<String>]] = [:]
    }

    private let state = Mutex(State())
    private let indexers: [String: IndexFunction]

    /// Every cache has the `namespace` index.
    public static let namespaceIndex = "namespace"

    public init(indexers: [String: IndexFunction] = [:]) {
        var all = indexers
        all[Self.namespaceIndex] = { obj in [obj[path: ["metadata", "namespace"]]?.stringValue ?? ""] }
        self.indexers = all
    }

    public static func key(_ obj: JSONValue) -> String {
        let name = obj[path: ["metadata", "name"]]?.stringValue ?? ""
        guard let ns = obj[path: ["metadata", "namespace"]]?.stringValue, !ns.isEmpty else { return name }
        return ns + "/" + name
    }

    public func get(_ key: String) -> JSONValue? { state.withLock { $0.objects[key] } }
    public func get(namespace: String?, name: String) -> JSONValue? {
        get(namespace.map { $0.isEmpty ? name : "\($0)/\(name)" } ?? name)
    }
    public var items: [JSONValue] { state.withLock { Array($0.objects.values) } }
    public var keys: [String] { state.withLock { Array($0.objects.keys) } }
    public var count: Int { state.withLock { $0.objects.count } }

    /// Objects whose index `name` holds `value`.
    public func byIndex(_ name: String, _ value: String) -> [JSONValue] {
        state.withLock { s in
            guard let keys = s.indexes[name]?[value] else { return [] }
            return keys.compactMap { s.objects[$0] }
        }
    }

    public func list(namespace: String) -> [JSONValue] { byIndex(Self.namespaceIndex, namespace) }

    /// Stores `obj`; returns the previous value.
    @discardableResult
    public func put(_ obj: JSONValue) -> JSONValue? {
        let key = Self.key(obj)
        let values = indexers.mapValues { $0(obj) }
        return state.withLock { s in
            let old = s.objects.updateValue(obj, forKey: key)
            if let old { Self.unindex(&s, key: key, values: indexers.mapValues { $0(old) }) }
            for (index, vs) in values { for v in vs { s.indexes[index, default: [:]][v, default: []].insert(key) } }
            return old
        }
    }

    @discardableResult
    public func remove(_ key: String) -> JSONValue? {
        state.withLock { s in
            guard let old = s.objects.removeValue(forKey: key) else { return nil }
            Self.unindex(&s, key: key, values: indexers.mapValues { $0(old) })
            return old
        }
    }

    /// Replaces the whole content (a re-list, or a test's fixture).
    public func replace(_ objects: [JSONValue]) {
        var fresh = State()
        for obj in objects {
            let key = Self.key(obj)
            fresh.objects[key] = obj
            for (index, fn) in indexers { for v in fn(obj) { fresh.indexes[index, default: [:]][v, default: []].insert(key) } }
        }
        state.withLock { $0 = fresh }
    }

    private static func unindex(_ s: inout State, key: String, values: [String: [String]]) {
        for (index, vs) in values {
            for v in vs {
                s.indexes[index]?[v]?.remove(key)
                if s.indexes[index]?[v]?.isEmpty == true { s.indexes[index]?[v] = nil }
            }
        }
    }
}
