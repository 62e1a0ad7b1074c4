import Foundation
import Testing

/// The scheduler inside `capstan server`, against Node objects the test
/// creates (no node agent): placement by resources, taints, affinity,
/// spread and anti-affinity; unschedulable pods that become schedulable;
/// preemption; eviction against a disruption budget.
@Suite(.serialized) struct SchedulerTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }

    func node(_ name: String, zone: String, cpu: String = "2", taint: String? = nil, labels: [String: String] = [:]) throws {
        var l = ["kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone]
        for (k, v) in labels { l[k] = v }
        let labelJSON = l.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        let taints = taint.map { #","spec":{"taints":[{"key":"dedicated","value":"\#($0)","effect":"NoSchedule"}]}"# } ?? ""
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"\(name)","labels":{\(labelJSON)}}\(taints),
             "status":{"capacity":{"cpu":"\(cpu)","memory":"8Gi","pods":"110"},"allocatable":{"cpu":"\(cpu)","memory":"8Gi","pods":"110"},
                       "conditions":[{"type":"Ready","status":"True"}]}}
            """)
    }

    func pod(_ name: String, cpu: String = "100m", labels: String = "{}", extraSpec: String = "") throws {
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\(name)","labels":\(labels)},
             "spec":{\(extraSpec)"containers":[{"name":"c","image":"busybox:1.36","resources":{"requests":{"cpu":"\(cpu)"}}}]}}
            """)
    }

    /// Waits up to 10 s for the pod's spec.nodeName; "" if still unbound.
    func nodeOf(_ pod: String, wait: Bool = true) throws -> String {
        let deadline = Date().addingTimeInterval(wait ? 10 : 0)
        repeat {
            let n = try c.ok("get", "pod", pod, "-o", "jsonpath={.spec.nodeName}")
            if !n.isEmpty { return n }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        return ""
    }

    @Test func placementFollowsResourcesTaintsAndAffinity() throws {
        try node("small", zone: "a", cpu: "1")
        try node("large", zone: "b", cpu: "4")
        try node("gpu", zone: "c", cpu: "8", taint: "gpu", labels: ["accel": "gpu"])
        // Only "large" has 3 free CPUs without a taint.
        try pod("needs-3", cpu: "3")
        #expect(try nodeOf("needs-3") == "large")
        // Tolerating the taint and requiring the label: only "gpu".
        try pod("wants-gpu", extraSpec: #""tolerations":[{"key":"dedicated","operator":"Equal","value":"gpu","effect":"NoSchedule"}],"nodeSelector":{"accel":"gpu"},"#)
        #expect(try nodeOf("wants-gpu") == "gpu")
        // Node affinity with NotIn.
        try pod("not-b", extraSpec: #""affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"topology.kubernetes.io/zone","operator":"NotIn","values":["b"]}]}]}}},"#)
        #expect(try nodeOf("not-b") == "small")
        let events = try c.ok("get", "events", "--field-selector", "reason=Scheduled", "-o", "jsonpath={.items[*].message}")
        #expect(events.contains("Successfully assigned default/needs-3 to large"))
    }

    @Test func unschedulableUntilANodeFits() throws {
        try node("tiny", zone: "a", cpu: "1")
        try pod("huge", cpu: "6")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try nodeOf("huge", wait: false) == "")
        let cond = try c.ok("get", "pod", "huge", "-o", #"jsonpath={.status.conditions[?(@.type=="PodScheduled")].reason}"#)
        #expect(cond == "Unschedulable")
        let describe = try c.ok("describe", "pod", "huge")
        #expect(describe.contains("FailedScheduling") && describe.contains("0/1 nodes are available: 1 Insufficient cpu"))
        try node("roomy", zone: "b", cpu: "8")
        #expect(try nodeOf("huge") == "roomy")
    }

    @Test func spreadAndAntiAffinity() throws {
        for (n, z) in [("s1", "a"), ("s2", "a"), ("s3", "b"), ("s4", "b")] { try node(n, zone: z, cpu: "8") }
        let spread = #""topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"app":"spread"}}}],"#
        for i in 0..<6 { try pod("spread-\(i)", labels: #"{"app":"spread"}"#, extraSpec: spread) }
        var zones: [String: Int] = [:]
        for i in 0..<6 {
            let n = try nodeOf("spread-\(i)")
            zones[(n == "s1" || n == "s2") ? "a" : "b", default: 0] += 1
        }
        #expect(zones["a"] == 3 && zones["b"] == 3, "\(zones)")
        let anti = #""affinity":{"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"app":"solo"}},"topologyKey":"kubernetes.io/hostname"}]}},"#
        for i in 0..<5 { try pod("solo-\(i)", labels: #"{"app":"solo"}"#, extraSpec: anti) }
        var hosts = Set<String>()
        for i in 0..<4 { hosts.insert(try nodeOf("solo-\(i)")) }
        #expect(hosts == ["s1", "s2", "s3", "s4"])
        // A fifth has no host left.
        Thread.sleep(forTimeInterval: 1)
        #expect(try nodeOf("solo-4", wait: false) == "")
    }

    @Test func preemptionAndEviction() throws {
        try node("only", zone: "a", cpu: "2")
        try c.ok("create", "-f", "-", stdin: #"{"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high"},"value":1000}"#)
        try pod("low", cpu: "1500m", labels: #"{"app":"low"}"#)
        #expect(try nodeOf("low") == "only")
        #expect(try c.ok("get", "pod", "low", "-o", "jsonpath={.spec.priority}") == "0")
        try pod("vip", cpu: "1500m", extraSpec: #""priorityClassName":"high","#)
        #expect(try c.ok("get", "pod", "vip", "-o", "jsonpath={.spec.priority}") == "1000")
        // The low-priority pod is deleted gracefully (it is on a node: marked, not removed; no agent here).
        let deadline = Date().addingTimeInterval(10)
        var marked = ""
        while Date() < deadline && marked.isEmpty {
            marked = try c.ok("get", "pod", "low", "-o", "jsonpath={.metadata.deletionTimestamp}", "--ignore-not-found")
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(!marked.isEmpty)
        #expect(try c.ok("get", "pod", "vip", "-o", "jsonpath={.status.nominatedNodeName}") == "only")
        // Play the node agent: the victim's containers stopped.
        try c.ok("delete", "pod", "low", "--force", "--grace-period=0")
        #expect(try nodeOf("vip") == "only")
        // A missing PriorityClass is refused at admission.
        let err = try c.fails("create", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nope"},"spec":{"priorityClassName":"missing","containers":[{"name":"c","image":"x"}]}}"#)
        #expect(err.contains("no PriorityClass with name missing was found"))
    }

    @Test func evictionRespectsDisruptionBudgets() throws {
        try node("e1", zone: "a", cpu: "8")
        for i in 0..<2 { try pod("guarded-\(i)", labels: #"{"app":"guarded"}"#) }
        for i in 0..<2 {
            #expect(try nodeOf("guarded-\(i)") == "e1")
            try c.ok("patch", "pod", "guarded-\(i)", "--subresource=status", "--type=merge", "-p",
                     #"{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"#)
        }
        try c.ok("create", "-f", "-", stdin: #"{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"keep-two"},"spec":{"minAvailable":2,"selector":{"matchLabels":{"app":"guarded"}}}}"#)
        let evict = #"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"guarded-0","namespace":"default"}}"#
        let refused = try c.kubectl("create", "--raw", "/api/v1/namespaces/default/pods/guarded-0/eviction", "-f", "-", stdin: evict)
        #expect(!refused.ok && (refused.stderr.contains("disruption budget") || refused.stderr.contains("TooManyRequests")), "\(refused.stderr)")
        try c.ok("patch", "pdb", "keep-two", "--type=merge", "-p", #"{"spec":{"minAvailable":1}}"#)
        try c.ok("create", "--raw", "/api/v1/namespaces/default/pods/guarded-0/eviction", "-f", "-", stdin: evict)
        #expect(!(try c.ok("get", "pod", "guarded-0", "-o", "jsonpath={.metadata.deletionTimestamp}", "--ignore-not-found")).isEmpty)
    }

    @Test func secondProfileFromConfigFile() throws {
        // A fresh server with two profiles: the default, and one that packs (MostAllocated).
        let config = c.home.appendingPathComponent("sched.yaml")
        try """
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            profiles:
            - schedulerName: default-scheduler
            - schedulerName: packer
              pluginConfig:
              - name: NodeResourcesFit
                args:
                  scoringStrategy:
                    type: MostAllocated
            """.write(to: config, atomically: true, encoding: .utf8)
        let packed = try TestCluster(extraArgs: ["--scheduler-config", config.path])
        for n in ["p1", "p2"] {
            try packed.ok("create", "-f", "-", stdin: """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"\(n)","labels":{"kubernetes.io/hostname":"\(n)"}},
                 "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True"}]}}
                """)
        }
        var nodes: [String] = []
        for i in 0..<3 {
            try packed.ok("create", "-f", "-", stdin: """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pk-\(i)"},"spec":{"schedulerName":"packer",
                 "containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":"1"}}}]}}
                """)
            let deadline = Date().addingTimeInterval(10)
            var n = ""
            while n.isEmpty && Date() < deadline {
                n = try packed.ok("get", "pod", "pk-\(i)", "-o", "jsonpath={.spec.nodeName}")
                if n.isEmpty { Thread.sleep(forTimeInterval: 0.1) }
            }
            nodes.append(n)
        }
        // MostAllocated puts every pod on the node already in use.
        #expect(Set(nodes).count == 1 && !nodes[0].isEmpty, "\(nodes)")
        // A pod for a scheduler nobody runs stays pending.
        try packed.ok("create", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"orphan"},"spec":{"schedulerName":"nobody","containers":[{"name":"c","image":"x"}]}}"#)
        Thread.sleep(forTimeInterval: 1)
        #expect(try packed.ok("get", "pod", "orphan", "-o", "jsonpath={.spec.nodeName}") == "")
        // A bad configuration is refused at start with a clear error.
        try "profiles: [{schedulerName: x, plugins: {score: {enabled: [{name: NoSuchPlugin}]}}}]".write(to: config, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { _ = try TestCluster(extraArgs: ["--scheduler-config", config.path]) }
    }
}
