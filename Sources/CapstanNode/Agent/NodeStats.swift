import CapstanAPI
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Turns cumulative CPU counters into rates. cgroups only count CPU time;
/// `usageNanoCores` is the rate between two readings, as cAdvisor reports
/// it, so the agent samples every cgroup on a timer (`StatsSampler.interval`)
/// and a summary answers with the rate over the latest window.
actor CPURates {
    private struct Reading {
        var nanos: UInt64
        var at: ContinuousClock.Instant
    }
    private var last: [String: Reading] = [:]
    private var rates: [String: UInt64] = [:]

    /// Records a reading and returns the rate over the window it closes (at
    /// least one second long), or the previous window's rate for a reading
    /// taken sooner; nil before a key has two readings.
    func rate(_ key: String, nanos: UInt64, now: ContinuousClock.Instant = .now) -> UInt64? {
        guard let prev = last[key] else {
            last[key] = Reading(nanos: nanos, at: now)
            return nil
        }
        let dt = now - prev.at
        guard dt >= .seconds(1) else { return rates[key] }
        let seconds = Double(dt.components.seconds) + Double(dt.components.attoseconds) / 1e18
        let used = nanos >= prev.nanos ? Double(nanos - prev.nanos) : 0
        let r = UInt64(used / seconds)
        rates[key] = r
        last[key] = Reading(nanos: nanos, at: now)
        return r
    }

    /// Forgets keys that were not read since the previous prune (pods and containers gone).
    func keep(_ keys: Set<String>) {
        last = last.filter { keys.contains($0.key) }
        rates = rates.filter { keys.contains($0.key) }
    }
}

extension NodeAgent {
    /// The kubelet's `/stats/summary`: the node from /proc, each pod and
    /// running container from its cgroup.
    public func statsSummary() async -> StatsSummary.Summary {
        let now = Time(Date()).rfc3339
        var keys: Set<String> = ["node"]
        let fs = MachineInfo.filesystem(config.dataDir.path)
        let fsStats = StatsSummary.FsStats(
            time: now, availableBytes: UInt64(max(0, fs.free)), capacityBytes: UInt64(max(0, fs.total)), usedBytes: UInt64(max(0, fs.total - fs.free)))

        let nodeCPU = MachineInfo.cpuNanos()
        let total = MachineInfo.memoryBytes(), available = MachineInfo.memoryAvailable()
        let node = StatsSummary.NodeStats(
            nodeName: config.nodeName, startTime: Time(startedAt).rfc3339,
            cpu: .init(time: now, usageNanoCores: await cpuRates.rate("node", nanos: nodeCPU), usageCoreNanoSeconds: nodeCPU),
            memory: .init(
                time: now, availableBytes: UInt64(max(0, available)), usageBytes: UInt64(max(0, total - (MachineInfo.meminfo("MemFree") ?? 0))),
                workingSetBytes: UInt64(max(0, total - available))),
            fs: fsStats, runtime: .init(imageFs: fsStats),
            rlimit: .init(time: now, maxpid: MachineInfo.maxPID(), curproc: MachineInfo.processCount()))

        var pods: [StatsSummary.PodStats] = []
        for sandbox in ((try? await runtime.listSandboxes()) ?? []).sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            let usage = await runtime.usage(podUID: sandbox.podUID)
            let running = ((try? await runtime.listContainers(podUID: sandbox.podUID)) ?? []).filter { $0.state == .running }
            var containers: [StatsSummary.ContainerStats] = []
            for c in running.sorted(by: { $0.name < $1.name }) {
                let u = usage?.containers[c.id]
                keys.insert(c.id)
                let logBytes = (try? FileManager.default.attributesOfItem(atPath: c.logPath)[.size] as? NSNumber)?.uint64Value
                containers.append(.init(
                    name: c.name, startTime: Time(c.startedAt ?? c.createdAt).rfc3339,
                    cpu: await cpu(c.id, u, now: now),
                    memory: u.map { Self.memory($0, now: now) },
                    logs: .init(time: now, availableBytes: fsStats.availableBytes, capacityBytes: fsStats.capacityBytes, usedBytes: logBytes)))
            }
            keys.insert("pod/" + sandbox.podUID)
            let p = usage?.pod
            pods.append(.init(
                podRef: .init(name: sandbox.name, namespace: sandbox.namespace, uid: sandbox.podUID),
                startTime: Time(sandbox.createdAt).rfc3339, containers: containers,
                cpu: await cpu("pod/" + sandbox.podUID, p, now: now),
                memory: p.map { Self.memory($0, now: now) },
                processStats: p?.processes.map { .init(processCount: $0) }))
        }
        await cpuRates.keep(keys)
        return StatsSummary.Summary(node: node, pods: pods)
    }

    func cpu(_ key: String, _ u: CgroupUsage?, now: String) async -> StatsSummary.CPUStats? {
        guard let u else { return nil }
        return .init(time: now, usageNanoCores: await cpuRates.rate(key, nanos: u.cpuNanos), usageCoreNanoSeconds: u.cpuNanos)
    }

    static func memory(_ u: CgroupUsage, now: String) -> StatsSummary.MemoryStats {
        .init(
            time: now, usageBytes: UInt64(max(0, u.usageBytes)), workingSetBytes: UInt64(max(0, u.workingSetBytes)),
            rssBytes: UInt64(max(0, u.rssBytes)), pageFaults: UInt64(max(0, u.pageFaults)), majorPageFaults: UInt64(max(0, u.majorPageFaults)))
    }

    /// Samples every 10 s so that a summary asked for at any time has CPU
    /// rates, and rotates container logs as often (the kubelet checks every 10 s).
    func statsLoop() async {
        while !Task.isCancelled {
            _ = await statsSummary()
            await runtime.rotateLogs(config.logRotation)
            try? await Task.sleep(for: .seconds(10))
        }
    }
}


extension MachineInfo {
    /// CPU time the whole machine spent outside idle and iowait (/proc/stat), in nanoseconds.
    static func cpuNanos() -> UInt64 {
        guard let line = read("/proc/stat").split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return 0 }
        let f = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard f.count >= 8 else { return 0 }
        // user nice system idle iowait irq softirq steal
        let busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7]
        let hz = UInt64(max(1, sysconf(Int32(_SC_CLK_TCK))))
        return busy * (1_000_000_000 / hz)
    }

    static func maxPID() -> Int? { Int(read("/proc/sys/kernel/pid_max")) }

    static func processCount() -> Int? {
        // procs_running is only the runnable ones; count /proc's numeric entries.
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        return entries.reduce(0) { $0 + ($1.first?.isNumber == true ? 1 : 0) }
    }
}
