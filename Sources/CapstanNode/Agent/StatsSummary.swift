import Foundation

/// The kubelet's summary API (`/stats/summary`, stats/v1alpha1), the part
/// Capstan fills: node and per-pod/per-container CPU and memory from
/// cgroups, process counts, and filesystem figures for the node, the
/// containers' logs and the pods' ephemeral storage. metrics-server and the
/// HPA read CPU (`usageNanoCores`, `usageCoreNanoSeconds`) and memory
/// (`workingSetBytes`). Absent fields are omitted, as the kubelet does.
public enum StatsSummary {
    public struct Summary: Codable, Sendable, Equatable {
        public var node: NodeStats
        public var pods: [PodStats]
    }

    public struct NodeStats: Codable, Sendable, Equatable {
        public var nodeName: String
        public var startTime: String
        public var cpu: CPUStats?
        public var memory: MemoryStats?
        public var fs: FsStats?
        public var runtime: RuntimeStats?
        public var rlimit: RlimitStats?
    }

    public struct RuntimeStats: Codable, Sendable, Equatable {
        public var imageFs: FsStats?
    }

    public struct RlimitStats: Codable, Sendable, Equatable {
        public var time: String
        public var maxpid: Int?
        public var curproc: Int?
    }

    public struct PodReference: Codable, Sendable, Equatable {
        public var name: String
        public var namespace: String
        public var uid: String
    }

    public struct PodStats: Codable, Sendable, Equatable {
        public var podRef: PodReference
        public var startTime: String
        public var containers: [ContainerStats]
        public var cpu: CPUStats?
        public var memory: MemoryStats?
        public var ephemeralStorage: FsStats?
        public var processStats: ProcessStats?

        enum CodingKeys: String, CodingKey {
            case podRef, startTime, containers, cpu, memory
            case ephemeralStorage = "ephemeral-storage"
            case processStats = "process_stats"
        }
    }

    public struct ProcessStats: Codable, Sendable, Equatable {
        public var processCount: Int
        enum CodingKeys: String, CodingKey { case processCount = "process_count" }
    }

    public struct ContainerStats: Codable, Sendable, Equatable {
        public var name: String
        public var startTime: String
        public var cpu: CPUStats?
        public var memory: MemoryStats?
        public var logs: FsStats?
    }

    public struct CPUStats: Codable, Sendable, Equatable {
        public var time: String
        /// Average over the last sampling window; absent until two samples exist.
        public var usageNanoCores: UInt64?
        public var usageCoreNanoSeconds: UInt64
    }

    public struct MemoryStats: Codable, Sendable, Equatable {
        public var time: String
        public var availableBytes: UInt64?
        public var usageBytes: UInt64
        public var workingSetBytes: UInt64
        public var rssBytes: UInt64?
        public var pageFaults: UInt64?
        public var majorPageFaults: UInt64?
    }

    public struct FsStats: Codable, Sendable, Equatable {
        public var time: String
        public var availableBytes: UInt64?
        public var capacityBytes: UInt64?
        public var usedBytes: UInt64?
    }
}
