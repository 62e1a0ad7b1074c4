import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the agent reads and cleans up in the cgroup filesystem itself; the
/// OCI runtime creates the cgroups and writes the limits.
public enum CgroupFS {
    public enum Mode: String, Sendable {
        /// Only cgroup v2 at /sys/fs/cgroup.
        case unified
        /// v1 controllers; a cgroup2 mount at /sys/fs/cgroup/unified with no controllers.
        case legacy
        /// v1 controllers and a cgroup2 mount that holds some controllers (crun refuses this).
        case hybrid
    }

    static let base = "/sys/fs/cgroup"

    public static func mode() -> Mode {
        let fm = FileManager.default
        if fm.fileExists(atPath: "\(base)/cgroup.controllers") { return .unified }
        if let c = try? String(contentsOfFile: "\(base)/unified/cgroup.controllers", encoding: .utf8),
           !c.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .hybrid
        }
        return .legacy
    }

    /// Directories of one cgroup path in every hierarchy that exists.
    static func dirs(_ path: String) -> [String] {
        if mode() == .unified { return ["\(base)\(path)"] }
        let controllers = ["memory", "cpu,cpuacct", "cpu", "cpuacct", "pids", "blkio", "devices", "freezer", "cpuset",
                           "net_cls,net_prio", "perf_event", "hugetlb", "systemd", "unified"]
        return controllers.map { "\(base)/\($0)\(path)" }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Whether the kernel OOM killer ended a process in this cgroup.
    static func oomKilled(path: String) -> Bool {
        let file = mode() == .unified ? "\(base)\(path)/memory.events" : "\(base)/memory\(path)/memory.oom_control"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return false }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == "oom_kill", let n = Int(parts[1]), n > 0 { return true }
        }
        return false
    }

    static func remove(path: String) {
        for d in dirs(path) { rmdir(d) }
    }

    static func removePodCgroups(root: String, podUID: String) {
        let pod = "\(root)/pod\(podUID)"
        for d in dirs(pod) {
            for child in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: "\(d)/\(child)", isDirectory: &isDir), isDir.boolValue { rmdir("\(d)/\(child)") }
            }
            rmdir(d)
        }
    }

    /// CPU and memory use of one cgroup (stats), or nil if it does not exist.
    /// Working set as the kubelet (cAdvisor) computes it: usage minus
    /// inactive file pages, which the kernel can drop at once.
    public static func usage(path: String) -> CgroupUsage? {
        func read(_ f: String) -> String? { try? String(contentsOfFile: f, encoding: .utf8) }
        func int(_ f: String) -> Int64? { read(f).flatMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) } }
        func stat(_ text: String?, _ key: String) -> Int64 {
            for line in (text ?? "").split(separator: "\n") {
                let p = line.split(separator: " ")
                if p.count == 2, p[0] == key { return Int64(p[1]) ?? 0 }
            }
            return 0
        }
        if mode() == .unified {
            guard let cur = int("\(base)\(path)/memory.current") else { return nil }
            let mem = read("\(base)\(path)/memory.stat")
            let usec = stat(read("\(base)\(path)/cpu.stat"), "usage_usec")
            return CgroupUsage(
                cpuNanos: UInt64(max(0, usec)) * 1000, usageBytes: cur, workingSetBytes: max(0, cur - stat(mem, "inactive_file")),
                rssBytes: stat(mem, "anon"), pageFaults: stat(mem, "pgfault"), majorPageFaults: stat(mem, "pgmajfault"),
                processes: int("\(base)\(path)/pids.current").map(Int.init))
        }
        guard let cur = int("\(base)/memory\(path)/memory.usage_in_bytes") else { return nil }
        let mem = read("\(base)/memory\(path)/memory.stat")
        let cpu = int("\(base)/cpuacct\(path)/cpuacct.usage") ?? int("\(base)/cpu,cpuacct\(path)/cpuacct.usage") ?? 0
        return CgroupUsage(
            cpuNanos: UInt64(max(0, cpu)), usageBytes: cur, workingSetBytes: max(0, cur - stat(mem, "total_inactive_file")),
            rssBytes: stat(mem, "total_rss"), pageFaults: stat(mem, "total_pgfault"), majorPageFaults: stat(mem, "total_pgmajfault"),
            processes: int("\(base)/pids\(path)/pids.current").map(Int.init))
    }
}

/// One reading of a cgroup's counters (`CgroupFS.usage`).
public struct CgroupUsage: Sendable, Equatable {
    /// Cumulative CPU time of every process that ran in the cgroup.
    public var cpuNanos: UInt64
    public var usageBytes: Int64
    public var workingSetBytes: Int64
    public var rssBytes: Int64
    public var pageFaults: Int64
    public var majorPageFaults: Int64
    /// Processes now in the cgroup (pids controller), nil where unknown.
    public var processes: Int?
    public init(
        cpuNanos: UInt64, usageBytes: Int64, workingSetBytes: Int64, rssBytes: Int64 = 0, pageFaults: Int64 = 0,
        majorPageFaults: Int64 = 0, processes: Int? = nil
    ) {
        self.cpuNanos = cpuNanos
        self.usageBytes = usageBytes
        self.workingSetBytes = workingSetBytes
        self.rssBytes = rssBytes
        self.pageFaults = pageFaults
        self.majorPageFaults = majorPageFaults
        self.processes = processes
    }
}

/// Which OCI runtime binary to drive, chosen for this machine's cgroups.
public struct RuntimeChoice: Sendable {
    public var name: String
    public var path: String
    public var version: String

    /// `preference` is "auto", "runc" or "crun". Auto takes crun (faster to
    /// start and delete) unless the cgroups are hybrid with controllers on
    /// the v2 side, which crun 1.8 refuses; runc works there as is. The
    /// agent does not re-mount the host's cgroups to suit crun.
    public static func select(_ preference: String) throws -> RuntimeChoice {
        let candidates: [(String, [String])] = [
            ("crun", ["/usr/bin/crun", "/usr/local/bin/crun"]),
            ("runc", ["/usr/sbin/runc", "/usr/bin/runc", "/usr/local/bin/runc", "/usr/local/sbin/runc"]),
        ]
        func find(_ n: String) -> String? {
            candidates.first { $0.0 == n }?.1.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        var order: [String]
        switch preference {
        case "runc": order = ["runc"]
        case "crun": order = ["crun"]
        case "auto": order = CgroupFS.mode() == .hybrid ? ["runc", "crun"] : ["crun", "runc"]
        default: throw RuntimeError("InvalidRuntime", "unknown container runtime \(preference): use auto, runc or crun")
        }
        if preference == "crun", CgroupFS.mode() == .hybrid {
            throw RuntimeError("InvalidRuntime", "crun cannot run with hybrid cgroups (controllers on cgroup2 at /sys/fs/cgroup/unified); use --container-runtime runc")
        }
        for n in order {
            if let p = find(n) { return RuntimeChoice(name: n, path: p, version: Self.versionOf(p)) }
        }
        throw RuntimeError("InvalidRuntime", "no OCI runtime found (\(order.joined(separator: ", "))): install runc or crun (scripts/setup.sh does)")
    }

    static func versionOf(_ path: String) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = ["--version"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "unknown" }
        let d = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let first = String(decoding: d, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        // "runc version 1.1.5+ds1" → "1.1.5+ds1"
        return first.split(separator: " ").last.map(String.init) ?? "unknown"
    }
}
