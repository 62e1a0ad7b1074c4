import Foundation
import Testing

/// The agent's stats (the kubelet's summary API and resource metrics) read
/// from real containers' cgroups, fetched as kubectl users do:
/// `kubectl get --raw /api/v1/nodes/NODE/proxy/stats/summary`.
@Suite(.serialized, .enabled(if: AgentHost.canRunContainers, "needs root, crun or runc, conmon, umoci and /bin/busybox"))
struct NodeStatsTests {
    static func pod(_ name: String, container: String, script: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name)}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: \(container)
            image: busybox
            imagePullPolicy: IfNotPresent
            command: ["sh", "-c", "\(script)"]
        """
    }

    /// Finds one pod's entry in a summary.
    static func podStats(_ summary: [String: Any], _ name: String) -> [String: Any]? {
        (summary["pods"] as? [[String: Any]])?.first { ($0["podRef"] as? [String: Any])?["name"] as? String == name }
    }

    @Test func summaryReportsCPUAndMemoryOfRealContainers() throws {
        let c = try TestCluster(extraArgs: ["--node-name", "stats-node"], agent: true)
        // Marked, then removed by the agent once the containers stopped: none outlives the test server.
        defer { _ = try? c.kubectl("delete", "pod", "burn", "mem", "--grace-period=1", "--wait=true", "--timeout=60s", timeout: 70) }
        #expect(try c.runPod(Self.pod("burn", container: "spin", script: "while :; do :; done"), name: "burn"))
        // 24 MiB written to the container's /dev/shm (tmpfs) is charged to its memory cgroup.
        #expect(try c.runPod(Self.pod("mem", container: "hold", script: "dd if=/dev/zero of=/dev/shm/x bs=1M count=24 && sleep 3600"), name: "mem"))

        var burnCores = 0.0, memWorkingSet = 0, last: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(40)
        while Date() < deadline {
            let raw = try c.ok("get", "--raw", "/api/v1/nodes/stats-node/proxy/stats/summary")
            last = (try? JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any]) ?? [:]
            let spin = (Self.podStats(last, "burn")?["containers"] as? [[String: Any]])?.first { $0["name"] as? String == "spin" }
            burnCores = Double((spin?["cpu"] as? [String: Any])?["usageNanoCores"] as? Int ?? 0) / 1e9
            memWorkingSet = (Self.podStats(last, "mem")?["memory"] as? [String: Any])?["workingSetBytes"] as? Int ?? 0
            if burnCores > 0.3, memWorkingSet >= 24 << 20 { break }
            Thread.sleep(forTimeInterval: 1.5)
        }
        // A busy loop on a 2-core machine shared with the test run: well above idle.
        #expect(burnCores > 0.3, "usageNanoCores of the spinning container: \(burnCores) cores; summary: \(last)")
        #expect(memWorkingSet >= 24 << 20, "working set of the pod holding 24 MiB: \(memWorkingSet)")
        let node = last["node"] as? [String: Any]
        #expect(node?["nodeName"] as? String == "stats-node")
        #expect(((node?["memory"] as? [String: Any])?["availableBytes"] as? Int ?? 0) > 0)
        let burn = Self.podStats(last, "burn")
        #expect(((burn?["podRef"] as? [String: Any])?["namespace"] as? String) == "default")
        #expect(((burn?["cpu"] as? [String: Any])?["usageCoreNanoSeconds"] as? Int ?? 0) > 0)
        #expect(((burn?["process_stats"] as? [String: Any])?["process_count"] as? Int ?? 0) >= 1)

        let metrics = try c.ok("get", "--raw", "/api/v1/nodes/stats-node/proxy/metrics/resource")
        #expect(metrics.contains(#"container_cpu_usage_seconds_total{container="spin",namespace="default",pod="burn"}"#), "\(metrics)")
        #expect(metrics.contains(#"pod_memory_working_set_bytes{namespace="default",pod="mem"}"#))
        #expect(try c.ok("get", "--raw", "/api/v1/nodes/stats-node/proxy/healthz") == "ok")
        #expect(try c.fails("get", "--raw", "/api/v1/nodes/stats-node/proxy/no-such-path").contains("NotFound"))
        #expect(try c.fails("get", "--raw", "/api/v1/nodes/missing/proxy/stats/summary").contains(#"nodes "missing" not found"#))
    }
}
