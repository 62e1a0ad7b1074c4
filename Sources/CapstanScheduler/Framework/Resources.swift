import CapstanAPI

/// Well-known resource names.
public enum ResourceName {
    public static let cpu = "cpu"
    public static let memory = "memory"
    public static let ephemeralStorage = "ephemeral-storage"
    public static let pods = "pods"

    /// kube-scheduler's `IsScalarResourceName`: extended resources
    /// (`example.com/foo`), prefixed native ones (`kubernetes.io/...`),
    /// hugepages and attachable volumes. Other unprefixed names are ignored.
    public static func isScalar(_ name: String) -> Bool {
        if name.hasPrefix("hugepages-") || name.hasPrefix("attachable-volumes-") { return true }
        guard name.contains("/") else { return false }
        return !name.hasPrefix("requests.")
    }

    /// An extended resource (`vendor.com/name`, not `kubernetes.io/...`);
    /// only those can be ignored through NodeResourcesFit's args.
    public static func isExtended(_ name: String) -> Bool {
        guard name.contains("/") else { return false }
        return !name.contains("kubernetes.io/") && !name.hasPrefix("requests.")
    }
}

/// Resource amounts in the units kube-scheduler compares: CPU in millicores,
/// memory and ephemeral storage in bytes, pods as a count, scalar (extended,
/// hugepages) resources as integers. Quantities are parsed once into this.
public struct Resources: Sendable, Equatable {
    public var milliCPU: Int64
    public var memory: Int64
    public var ephemeralStorage: Int64
    /// For a pod's request: 1. For a node's allocatable: the pod limit.
    public var pods: Int64
    public var scalar: [String: Int64]

    public init(milliCPU: Int64 = 0, memory: Int64 = 0, ephemeralStorage: Int64 = 0, pods: Int64 = 0,
                scalar: [String: Int64] = [:]) {
        self.milliCPU = milliCPU
        self.memory = memory
        self.ephemeralStorage = ephemeralStorage
        self.pods = pods
        self.scalar = scalar
    }

    public static let zero = Resources()

    /// Parses a resource list; unparsable quantities count as zero, names that
    /// are neither standard nor scalar are ignored (as kube-scheduler does).
    public init(_ list: [String: Quantity]?) {
        self.init()
        guard let list else { return }
        for (name, q) in list { set(name, q) }
    }

    mutating func set(_ name: String, _ q: Quantity) {
        switch name {
        case ResourceName.cpu: milliCPU = q.milliValue
        case ResourceName.memory: memory = q.value
        case ResourceName.ephemeralStorage: ephemeralStorage = q.value
        case ResourceName.pods: pods = q.value
        default: if ResourceName.isScalar(name) { scalar[name] = q.value }
        }
    }

    /// The amount for a resource name (scalar resources by name).
    public func amount(of name: String) -> Int64 {
        switch name {
        case ResourceName.cpu: return milliCPU
        case ResourceName.memory: return memory
        case ResourceName.ephemeralStorage: return ephemeralStorage
        case ResourceName.pods: return pods
        default: return scalar[name] ?? 0
        }
    }

    /// True when no CPU, memory, ephemeral storage or scalar resource is requested.
    public var isEmptyRequest: Bool {
        milliCPU == 0 && memory == 0 && ephemeralStorage == 0 && scalar.isEmpty
    }

    public mutating func add(_ other: Resources) {
        milliCPU += other.milliCPU
        memory += other.memory
        ephemeralStorage += other.ephemeralStorage
        pods += other.pods
        for (k, v) in other.scalar { scalar[k, default: 0] += v }
    }

    public mutating func subtract(_ other: Resources) {
        milliCPU -= other.milliCPU
        memory -= other.memory
        ephemeralStorage -= other.ephemeralStorage
        pods -= other.pods
        for (k, v) in other.scalar {
            let left = (scalar[k] ?? 0) - v
            scalar[k] = left == 0 ? nil : left
        }
    }

    /// Element-wise maximum (how init containers combine).
    public mutating func formMax(_ other: Resources) {
        milliCPU = max(milliCPU, other.milliCPU)
        memory = max(memory, other.memory)
        ephemeralStorage = max(ephemeralStorage, other.ephemeralStorage)
        pods = max(pods, other.pods)
        for (k, v) in other.scalar { scalar[k] = max(scalar[k] ?? 0, v) }
    }
}

/// The pod-level requests kube-scheduler derives from a pod spec
/// (`resourcehelper.PodRequests`).
enum PodRequests {
    /// Defaults for containers without a CPU or memory request, used where
    /// kube-scheduler wants "non-zero" requests (LeastAllocated scoring).
    static let defaultMilliCPU: Int64 = 100
    static let defaultMemory: Int64 = 200 * 1024 * 1024

    enum Basis {
        /// The requests as written.
        case actual
        /// Missing CPU/memory requests replaced by 100m / 200Mi per container.
        case nonZero
    }

    /// Sum of app containers and restartable (sidecar) init containers, at
    /// least the largest init container (plus the sidecars started before
    /// it), plus the pod overhead.
    static func compute(_ spec: PodSpec?, basis: Basis) -> Resources {
        guard let spec else { return Resources(pods: 1) }
        var reqs = Resources()
        for c in spec.containers { reqs.add(containerRequests(c, basis)) }
        var sidecars = Resources()
        var initMax = Resources()
        for c in spec.initContainers ?? [] {
            let r = containerRequests(c, basis)
            if c.restartPolicy == "Always" {
                reqs.add(r)
                sidecars.add(r)
                initMax.formMax(sidecars)
            } else {
                var tmp = r
                tmp.add(sidecars)
                initMax.formMax(tmp)
            }
        }
        reqs.formMax(initMax)
        if let overhead = spec.overhead { reqs.add(Resources(overhead)) }
        reqs.pods = 1
        return reqs
    }

    private static func containerRequests(_ c: Container, _ basis: Basis) -> Resources {
        let list = c.resources?.requests
        var r = Resources(list)
        if basis == .nonZero {
            if list?[ResourceName.cpu] == nil { r.milliCPU = defaultMilliCPU }
            if list?[ResourceName.memory] == nil { r.memory = defaultMemory }
        }
        return r
    }
}
