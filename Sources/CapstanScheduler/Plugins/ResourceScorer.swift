/// kube-scheduler's `resourceAllocationScorer`: scores a node from the
/// requested/allocatable ratio of a weighted list of resources, shared by
/// NodeResourcesFit (LeastAllocated, MostAllocated, RequestedToCapacityRatio)
/// and NodeResourcesBalancedAllocation.
struct ResourceScorer: Sendable {
    enum Resource: Sendable, Equatable {
        case cpu, memory, ephemeralStorage
        case scalar(String)
        /// Not a scorable resource (e.g. `pods`); always skipped.
        case ignored
    }

    struct Entry: Sendable {
        var resource: Resource
        var weight: Int64
    }

    /// Which node totals the pod's request is added to.
    enum Basis: Sendable {
        /// `nonZeroRequested` for CPU and memory (Fit's strategies).
        case nonZero
        /// `requested` (BalancedAllocation).
        case actual
    }

    enum Strategy: Sendable {
        case leastAllocated
        case mostAllocated
        /// Piecewise-linear function of utilization (0...100) to score (0...100).
        case requestedToCapacityRatio([(utilization: Int64, score: Int64)])
        case balanced
    }

    let entries: [Entry]
    let basis: Basis
    let strategy: Strategy

    init(resources: [ResourceSpec], basis: Basis, strategy: Strategy) {
        entries = resources.map { spec in
            let r: Resource
            switch spec.name {
            case ResourceName.cpu: r = .cpu
            case ResourceName.memory: r = .memory
            case ResourceName.ephemeralStorage: r = .ephemeralStorage
            default: r = ResourceName.isScalar(spec.name) ? .scalar(spec.name) : .ignored
            }
            return Entry(resource: r, weight: spec.weight)
        }
        self.basis = basis
        self.strategy = strategy
    }

    /// The pod's request of each entry, in entry order.
    func podRequests(_ pod: PodInfo) -> [Int64] {
        let r = basis == .nonZero ? pod.nonZeroRequests : pod.requests
        return entries.map { e in
            switch e.resource {
            case .cpu: return r.milliCPU
            case .memory: return r.memory
            case .ephemeralStorage: return r.ephemeralStorage
            case .scalar(let name): return r.scalar[name] ?? 0
            case .ignored: return 0
            }
        }
    }

    /// (allocatable, requested including the pod) of entry `i`; allocatable 0
    /// means the resource is left out (absent on the node, or a scalar the pod
    /// does not request).
    @inline(__always)
    func allocatableAndRequested(_ i: Int, node: NodeInfo, podRequest: Int64) -> (Int64, Int64) {
        let alloc = node.allocatable
        switch entries[i].resource {
        case .cpu:
            let used = basis == .nonZero ? node.nonZeroRequested.milliCPU : node.requested.milliCPU
            return (alloc.milliCPU, used + podRequest)
        case .memory:
            let used = basis == .nonZero ? node.nonZeroRequested.memory : node.requested.memory
            return (alloc.memory, used + podRequest)
        case .ephemeralStorage:
            return (alloc.ephemeralStorage, node.requested.ephemeralStorage + podRequest)
        case .scalar(let name):
            guard podRequest != 0, let a = alloc.scalar[name] else { return (0, 0) }
            return (a, (node.requested.scalar[name] ?? 0) + podRequest)
        case .ignored:
            return (0, 0)
        }
    }

    /// The node's score in 0...100 for a pod requesting `podRequests`.
    func score(_ podRequests: [Int64], node: NodeInfo) -> Int64 {
        if case .balanced = strategy { return balancedScore(podRequests, node: node) }
        var nodeScore: Int64 = 0
        var weightSum: Int64 = 0
        for i in entries.indices {
            let (allocatable, requested) = allocatableAndRequested(i, node: node, podRequest: podRequests[i])
            if allocatable == 0 { continue }
            let weight = entries[i].weight
            switch strategy {
            case .leastAllocated:
                let s = requested > allocatable ? 0 : (allocatable - requested) * maxNodeScore / allocatable
                nodeScore += s * weight
                weightSum += weight
            case .mostAllocated:
                let s = min(requested, allocatable) * maxNodeScore / allocatable
                nodeScore += s * weight
                weightSum += weight
            case .requestedToCapacityRatio(let shape):
                let utilization = requested > allocatable ? 100 : requested * 100 / allocatable
                let s = Self.brokenLinear(shape, utilization)
                if s > 0 {
                    nodeScore += s * weight
                    weightSum += weight
                }
            case .balanced:
                break
            }
        }
        if weightSum == 0 { return 0 }
        if case .requestedToCapacityRatio = strategy {
            return Int64((Double(nodeScore) / Double(weightSum)).rounded())
        }
        return nodeScore / weightSum
    }

    /// kube-scheduler 1.32's balanced allocation: 100 × (1 − standard
    /// deviation of the requested/allocatable fractions), each capped at 1.
    private func balancedScore(_ podRequests: [Int64], node: NodeInfo) -> Int64 {
        func fraction(_ i: Int) -> Double? {
            let (allocatable, requested) = allocatableAndRequested(i, node: node, podRequest: podRequests[i])
            if allocatable == 0 { return nil }
            return min(Double(requested) / Double(allocatable), 1)
        }
        var count = 0
        var total = 0.0
        var first = 0.0
        var second = 0.0
        for i in entries.indices {
            guard let f = fraction(i) else { continue }
            if count == 0 { first = f } else if count == 1 { second = f }
            total += f
            count += 1
        }
        var std = 0.0
        if count == 2 {
            std = abs((first - second) / 2)
        } else if count > 2 {
            let mean = total / Double(count)
            var sum = 0.0
            for i in entries.indices {
                guard let f = fraction(i) else { continue }
                sum += (f - mean) * (f - mean)
            }
            std = (sum / Double(count)).squareRoot()
        }
        return Int64((1 - std) * Double(maxNodeScore))
    }

    /// kube-scheduler's `BuildBrokenLinearFunction`.
    static func brokenLinear(_ shape: [(utilization: Int64, score: Int64)], _ p: Int64) -> Int64 {
        for i in shape.indices where p <= shape[i].utilization {
            if i == 0 { return shape[0].score }
            let (u0, s0) = shape[i - 1]
            let (u1, s1) = shape[i]
            return s0 + (s1 - s0) * (p - u0) / (u1 - u0)
        }
        return shape.last?.score ?? 0
    }
}
