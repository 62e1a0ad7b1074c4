/// Runs a profile's PreFilter and Filter plugins; handed to PostFilter
/// plugins (preemption) so they can re-run filters on what-if node states
/// (kube-scheduler's framework handle, reduced to what is needed).
public struct PluginRunner: Sendable {
    let preFilterPlugins: [any PreFilterPlugin]
    let filterPlugins: [any FilterPlugin]

    /// What PreFilter produced for one cycle.
    public struct PreFilterOutput: Sendable {
        public var state: CycleState
        /// Plugins whose Filter is skipped this cycle.
        public var skipped: Set<String>
        /// Success, or the first rejection (UnschedulableAndUnresolvable
        /// stops at once; Unschedulable lets the other PreFilters run).
        public var status: PluginStatus
        /// The only nodes worth filtering, if a plugin narrowed them.
        public var nodeNames: Set<String>?
        /// Plugins that narrowed `nodeNames`.
        public var narrowingPlugins: [String]
    }

    /// Runs every PreFilter plugin in order (kube-scheduler's `RunPreFilterPlugins`).
    public func runPreFilter(_ pod: PodInfo, in snapshot: ClusterSnapshot) -> PreFilterOutput {
        var out = PreFilterOutput(state: CycleState(), skipped: [], status: .success, nodeNames: nil,
                                  narrowingPlugins: [])
        for plugin in preFilterPlugins {
            let result = plugin.preFilter(pod, in: snapshot, state: &out.state)
            switch result.status.code {
            case .skip:
                out.skipped.insert(plugin.name)
                continue
            case .success:
                break
            case .unschedulableAndUnresolvable, .error:
                out.status = result.status.with(plugin: plugin.name)
                return out
            case .unschedulable:
                if out.status.isSuccess { out.status = result.status.with(plugin: plugin.name) }
                continue
            }
            guard let names = result.nodeNames else { continue }
            out.narrowingPlugins.append(plugin.name)
            out.nodeNames = out.nodeNames.map { $0.intersection(names) } ?? names
            if out.nodeNames!.isEmpty {
                let list = out.narrowingPlugins
                let reason = list.count == 1
                    ? "node(s) didn't satisfy plugin \(list[0])"
                    : "node(s) didn't satisfy plugin(s) [\(list.joined(separator: " "))] simultaneously"
                out.status = PluginStatus(.unschedulableAndUnresolvable, reasons: [reason], plugin: plugin.name)
                return out
            }
        }
        return out
    }

    /// The Filter plugins bound to one cycle's state, ready to run per node.
    public struct BoundFilters: Sendable {
        fileprivate let filters: [any AnyBoundFilter]

        /// Runs the filters in order and returns the first failure (with the
        /// plugin name set) or success.
        @inline(__always)
        public func run(_ pod: PodInfo, on node: NodeInfo) -> PluginStatus {
            for f in filters {
                let s = f.filter(pod, node: node)
                if s.code != .success { return s.with(plugin: f.name) }
            }
            return .success
        }

        /// True when every filter passes (`run` without building the failure).
        @inline(__always)
        public func passes(_ pod: PodInfo, on node: NodeInfo) -> Bool {
            for f in filters where f.filter(pod, node: node).code != .success { return false }
            return true
        }
    }

    /// Reads each non-skipped Filter plugin's state once. Fails with an error
    /// status naming the plugin whose state is missing.
    public func bindFilters(state: CycleState, skipping skipped: Set<String>) -> Result<BoundFilters, SchedulingError> {
        var bound: [any AnyBoundFilter] = []
        for plugin in filterPlugins where !skipped.contains(plugin.name) {
            guard let f = bindFilter(plugin, state) else {
                return .failure(SchedulingError("plugin \(plugin.name): filter state missing (was its PreFilter disabled?)"))
            }
            bound.append(f)
        }
        return .success(BoundFilters(filters: bound))
    }

    /// Tells PreFilterExtensions plugins that `added` is now on `node` (what-if).
    public func addPod(_ added: PodInfo, to node: NodeInfo, scheduling pod: PodInfo, in snapshot: ClusterSnapshot,
                       skipping skipped: Set<String>, state: inout CycleState) {
        for case let p as any PreFilterExtensions in preFilterPlugins where !skipped.contains(p.name) {
            p.addPod(added, to: node, scheduling: pod, in: snapshot, state: &state)
        }
    }

    /// Tells PreFilterExtensions plugins that `removed` left `node` (what-if).
    public func removePod(_ removed: PodInfo, from node: NodeInfo, scheduling pod: PodInfo,
                          in snapshot: ClusterSnapshot, skipping skipped: Set<String>, state: inout CycleState) {
        for case let p as any PreFilterExtensions in preFilterPlugins where !skipped.contains(p.name) {
            p.removePod(removed, from: node, scheduling: pod, in: snapshot, state: &state)
        }
    }
}

/// An internal failure of a scheduling cycle (not a "does not fit").
public struct SchedulingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A Filter plugin together with its state for the current cycle.
protocol AnyBoundFilter: Sendable {
    var name: String { get }
    func filter(_ pod: PodInfo, node: NodeInfo) -> PluginStatus
}

/// A class so that iterating the bound filters per node copies a pointer,
/// not the plugin state.
private final class BoundFilter<P: FilterPlugin>: AnyBoundFilter {
    let plugin: P
    let state: P.FilterState
    let name: String

    init(plugin: P, state: P.FilterState) {
        self.plugin = plugin
        self.state = state
        self.name = plugin.name
    }

    @inline(__always)
    func filter(_ pod: PodInfo, node: NodeInfo) -> PluginStatus {
        plugin.filter(pod, node: node, state: state)
    }
}

private func bindFilter<P: FilterPlugin>(_ plugin: P, _ state: CycleState) -> (any AnyBoundFilter)? {
    plugin.filterState(from: state).map { BoundFilter(plugin: plugin, state: $0) }
}
