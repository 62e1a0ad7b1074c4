/// Data plugins compute once per scheduling cycle (in PreFilter or PreScore)
/// and read back in Filter or Score, stored under the plugin's name as in
/// kube-scheduler. One value per (plugin, type): a plugin that keeps both a
/// filter state and a score state stores two different types.
///
/// A value type: copying it (preemption does, once per candidate node) gives
/// an independent state. Reading costs a dictionary lookup and a dynamic
/// cast, so the framework reads each plugin's state once per cycle, never per
/// node (see `FilterPlugin.filterState(from:)`).
public struct CycleState: Sendable {
    struct Key: Hashable, Sendable {
        var plugin: String
        var type: ObjectIdentifier
    }

    private var entries: [Key: any Sendable] = [:]

    public init() {}

    /// Stores `value` for `plugin`, replacing an earlier value of the same type.
    public mutating func write<T: Sendable>(_ value: T, for plugin: String) {
        entries[Key(plugin: plugin, type: ObjectIdentifier(T.self))] = value
    }

    /// The value of type `T` stored for `plugin`, if any.
    public func read<T: Sendable>(_ type: T.Type, for plugin: String) -> T? {
        entries[Key(plugin: plugin, type: ObjectIdentifier(T.self))] as? T
    }

    /// Applies `body` to the stored value in place; no-op if none is stored.
    public mutating func modify<T: Sendable>(_ type: T.Type, for plugin: String, _ body: (inout T) -> Void) {
        let key = Key(plugin: plugin, type: ObjectIdentifier(T.self))
        guard var value = entries[key] as? T else { return }
        entries[key] = nil  // keep the value uniquely referenced while mutating
        body(&value)
        entries[key] = value
    }
}
