import AsyncHTTPClient
import Foundation
import NIOCore

/// The scheduler benchmark (issue 3): `nodes` Node objects with realistic
/// allocatable and zone labels, then `pods` pods created through the API
/// by 64 clients; throughput from first create to last binding, per-pod
/// latency from create to the binding seen on a watch, server CPU and RSS.
/// Shapes: plain requests; required zone spread; required hostname
/// anti-affinity within groups of 50 pods (10,000 pods cannot all avoid
/// each other on 5,000 nodes).
struct SchedulerBench {
    let binary: String
    let nodes: Int
    let pods: Int
    let concurrency = 64

    enum Shape: String, CaseIterable { case plain, zoneSpread = "zone-spread", antiAffinity = "anti-affinity" }

    func run(_ shape: Shape, dir: URL) async throws {
        // API server and scheduler only, as upstream's scheduler_perf runs: the
        // controllers (the node lifecycle controller among them) would find
        // 5,000 nodes without kubelets and taint them unreachable after 50 s.
        let server = try CapstanProcess.start(
            binary: binary, dataDir: dir.appendingPathComponent("sched-\(shape.rawValue)"), extraArgs: ["--disable-controller-manager"])
        defer { server.stop() }
        let target = try CapstanTarget(kubeconfig: server.kubeconfig)
        try await parallel(nodes) { i in try await target.post("/api/v1/nodes", Self.node(i)) }
        try await Task.sleep(for: .seconds(1))
        let rvBody = try await target.getBody("/api/v1/namespaces/default/pods?limit=1")
        let rv = ((try? JSONSerialization.jsonObject(with: Data(rvBody))) as? [String: Any]).flatMap { $0["metadata"] as? [String: Any] }?["resourceVersion"] as? String ?? "0"
        let cpu0 = cpuSeconds(pid: server.pid)
        let created = CreateTimes(count: pods)
        let watcher = Task { try await watchBindings(target: target, rv: rv, created: created) }
        let t0 = ContinuousClock.now
        try await parallel(pods) { i in
            created.set(i, ContinuousClock.now)
            try await target.post("/api/v1/namespaces/default/pods", Self.pod(i, shape: shape))
        }
        let (last, latencies) = try await watcher.value
        let secs = ms(last - t0) / 1000
        let cpu = cpuSeconds(pid: server.pid) - cpu0
        print(String(format: "[scheduler %@] %d nodes, %d pods: %.0f pods/s (first create to last binding %.2f s); create→bound %@; server CPU %.1f s; RSS %.0f MiB",
                     shape.rawValue, nodes, pods, Double(pods) / secs, secs, latencies.summary, cpu, rssMiB(pid: server.pid)))
        try await target.shutdown()
    }

    func parallel(_ n: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await ControllerBench.each(n, concurrency: concurrency, body)
    }

    /// Reads the pod watch until every pod is bound; returns the last binding time and per-pod latencies.
    func watchBindings(target: CapstanTarget, rv: String, created: CreateTimes) async throws -> (ContinuousClock.Instant, Samples) {
        var samples = Samples()
        var bound = Set<Int>()
        var last = ContinuousClock.now
        var rv = rv
        func record(_ i: Int) {
            guard !bound.contains(i) else { return }
            let now = ContinuousClock.now
            bound.insert(i)
            last = now
            samples.add(ms(now - created.get(i)))
        }
        // Short watches, resumed from the last revision seen: when the run is
        // over, the last one ends within seconds and the client can shut down.
        // A watch that fell out of the server's history (ERROR, 410 Gone) is
        // followed by a list, as an informer does; the pods bound meanwhile
        // count as bound when the list is read (their latency is an
        // overestimate, and the run says so).
        var relists = 0
        defer { if relists > 0 { print("[scheduler] the binding watch re-listed \(relists) time(s) after 410 Gone") } }
        while bound.count < pods {
            if rv.isEmpty {
                relists += 1
                let body = try await target.getBody("/api/v1/namespaces/default/pods")
                let list = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
                for pod in list?["items"] as? [[String: Any]] ?? [] {
                    guard (pod["spec"] as? [String: Any])?["nodeName"] is String,
                          let name = (pod["metadata"] as? [String: Any])?["name"] as? String,
                          name.hasPrefix("pod-"), let i = Int(name.dropFirst(4)) else { continue }
                    record(i)
                }
                rv = (list?["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "0"
            }
            let resp = try await target.client.execute(
                HTTPClientRequest(url: target.base + "/api/v1/namespaces/default/pods?watch=1&resourceVersion=\(rv)&timeoutSeconds=3"),
                timeout: .seconds(30))
            var pending: [UInt8] = []
            for try await chunk in resp.body {
                pending += chunk.readableBytesView
                while let nl = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<nl], as: UTF8.self)
                    pending.removeSubrange(...nl)
                    if line.hasPrefix("{\"type\":\"ERROR\"") {
                        rv = ""
                        break
                    }
                    if let r = line.range(of: "\"resourceVersion\":\"") {
                        rv = String(line[r.upperBound...].prefix { $0 != "\"" })
                    }
                    guard line.contains("\"nodeName\":\""), let r = line.range(of: "\"name\":\"pod-") else { continue }
                    let digits = line[r.upperBound...].prefix { $0.isNumber }
                    if let i = Int(digits) { record(i) }
                }
            }
        }
        return (last, samples)
    }

    static let zones = 10

    static func node(_ i: Int) -> String {
        let name = "node-\(i)"
        return """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"\(name)","labels":{"kubernetes.io/hostname":"\(name)","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","topology.kubernetes.io/zone":"zone-\(i % zones)","node.kubernetes.io/instance-type":"m5.8xlarge"}},
             "status":{"capacity":{"cpu":"32","memory":"128Gi","pods":"110","ephemeral-storage":"500Gi"},"allocatable":{"cpu":"31850m","memory":"125Gi","pods":"110","ephemeral-storage":"450Gi"},
               "conditions":[{"type":"Ready","status":"True"}],
               "images":[{"names":["registry.example/app:1.0"],"sizeBytes":150000000}]}}
            """
    }

    static func pod(_ i: Int, shape: Shape) -> String {
        let container = #""containers":[{"name":"app","image":"registry.example/app:1.0","resources":{"requests":{"cpu":"100m","memory":"200Mi"}}}]"#
        switch shape {
        case .plain:
            return #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-\#(i)","labels":{"app":"plain"}},"spec":{\#(container)}}"#
        case .zoneSpread:
            return #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-\#(i)","labels":{"app":"spread"}},"spec":{"topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"app":"spread"}}}],\#(container)}}"#
        case .antiAffinity:
            let g = i / 50
            return #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-\#(i)","labels":{"group":"g\#(g)"}},"spec":{"affinity":{"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[{"labelSelector":{"matchLabels":{"group":"g\#(g)"}},"topologyKey":"kubernetes.io/hostname"}]}},\#(container)}}"#
        }
    }
}

/// Create start times by pod index (written by creators, read by the watcher).
final class CreateTimes: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private var times: [ContinuousClock.Instant]
    private let lock = NSLock()
    init(count: Int) { times = Array(repeating: .now, count: count) }
    func set(_ i: Int, _ t: ContinuousClock.Instant) { lock.withLock { times[i] = t } }
    func get(_ i: Int) -> ContinuousClock.Instant { lock.withLock { times[i] } }
}

/// utime + stime of a process in seconds, from /proc.
func cpuSeconds(pid: Int32) -> Double {
    guard let s = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = s.lastIndex(of: ")") else { return .nan }
    let fields = s[s.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let u = Double(fields[11]), let k = Double(fields[12]) else { return .nan }
    return (u + k) / 100
}
