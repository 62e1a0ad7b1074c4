import AsyncHTTPClient
import Foundation
import NIOCore

/// The controller benchmark (issue 4): `nodes` Node objects whose pods a
/// simulated node loop (in this process, through the API) marks Running
/// and Ready once bound, and whose terminating pods it removes; then
/// `deployments` × `replicas` created at once — time until every pod is
/// Running and every Deployment Available — and a rolling update of all of
/// them at once — time until `kubectl rollout status` would pass for every
/// one. Anchor, same run: the same number of pods created directly through
/// the API with the controllers off (API writes, scheduler and node loop
/// alone: the floor under the controllers' figure).
struct ControllerBench {
    let binary: String
    let nodes: Int
    let deployments: Int
    let replicas: Int
    let concurrency = 64

    var pods: Int { deployments * replicas }

    func run(dir: URL) async throws {
        try await runDeployments(dir: dir)
        try await runAnchor(dir: dir)
    }

    func runDeployments(dir: URL) async throws {
        let (server, target, node, loop) = try await startCluster(dir.appendingPathComponent("ctrl"))
        defer { server.stop() }
        let cpu0 = cpuSeconds(pid: server.pid)
        let t0 = ContinuousClock.now
        try await parallel(deployments) { i in try await target.post("/apis/apps/v1/namespaces/default/deployments", Self.deployment(i, image: "app:1.0")) }
        let created = ContinuousClock.now - t0
        try await waitForDeployments(target, image: "app:1.0")
        let up = ContinuousClock.now - t0
        let running = await node.runningCount
        let cpuUp = cpuSeconds(pid: server.pid) - cpu0
        print(String(format: "[controllers] %d deployments × %d replicas on %d nodes: creates sent in %.2f s; all %d pods Running and every Deployment Available after %.2f s; server CPU %.1f s; RSS %.0f MiB",
                     deployments, replicas, nodes, ms(created) / 1000, running, ms(up) / 1000, cpuUp, rssMiB(pid: server.pid)))

        let cpu1 = cpuSeconds(pid: server.pid)
        let t1 = ContinuousClock.now
        try await parallel(deployments) { i in
            try await target.patch("/apis/apps/v1/namespaces/default/deployments/d-\(i)",
                                   #"{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2.0"}]}}}}"#)
        }
        try await waitForDeployments(target, image: "app:2.0")
        let rolled = ContinuousClock.now - t1
        print(String(format: "[controllers] rolling update of all %d deployments: complete after %.2f s; server CPU %.1f s; RSS %.0f MiB (peak %.0f MiB)",
                     deployments, ms(rolled) / 1000, cpuSeconds(pid: server.pid) - cpu1, rssMiB(pid: server.pid), peakRSSMiB(pid: server.pid)))
        // For profiling: keep the server up (pid printed) so its memory can be inspected.
        if let hold = ProcessInfo.processInfo.environment["CAPSTAN_BENCH_HOLD"].flatMap(Int.init) {
            print("[controllers] holding server pid \(server.pid) for \(hold) s")
            try await Task.sleep(for: .seconds(hold))
        }
        loop.cancel()
        _ = try? await loop.value
        try await target.shutdown()
    }

    /// The same pods without controllers: created by this process, bound by the scheduler, run by the node loop.
    func runAnchor(dir: URL) async throws {
        let (server, target, node, loop) = try await startCluster(dir.appendingPathComponent("anchor"), extraArgs: ["--disable-controller-manager"])
        defer { server.stop() }
        let cpu0 = cpuSeconds(pid: server.pid)
        let t0 = ContinuousClock.now
        try await parallel(pods) { i in
            try await target.post("/api/v1/namespaces/default/pods", Self.pod(i))
        }
        while await node.runningCount < pods { try await Task.sleep(for: .milliseconds(100)) }
        let secs = ms(ContinuousClock.now - t0) / 1000
        print(String(format: "[anchor: no controllers] %d pods created directly: all Running after %.2f s; server CPU %.1f s; RSS %.0f MiB",
                     pods, secs, cpuSeconds(pid: server.pid) - cpu0, rssMiB(pid: server.pid)))
        loop.cancel()
        _ = try? await loop.value
        try await target.shutdown()
    }

    /// A server with `nodes` Node objects and the simulated node loop running.
    func startCluster(_ dataDir: URL, extraArgs: [String] = []) async throws
        -> (CapstanProcess, CapstanTarget, SimulatedNodes, Task<Void, any Error>)
    {
        let server = try CapstanProcess.start(binary: binary, dataDir: dataDir, extraArgs: extraArgs)
        let target = try CapstanTarget(kubeconfig: server.kubeconfig)
        try await parallel(nodes) { i in try await target.post("/api/v1/nodes", SchedulerBench.node(i)) }
        try await Task.sleep(for: .seconds(1))
        let node = SimulatedNodes(target: target, nodes: nodes)
        return (server, target, node, Task { try await node.run() })
    }

    /// Polls the Deployment list until every one is complete at `image`
    /// (kubectl rollout status' test: observed generation, all replicas
    /// updated, no old ones left, all available).
    func waitForDeployments(_ target: CapstanTarget, image: String) async throws {
        while true {
            let body = try await target.getBody("/apis/apps/v1/namespaces/default/deployments")
            let list = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            let items = list?["items"] as? [[String: Any]] ?? []
            let done = items.filter { d in
                let meta = d["metadata"] as? [String: Any] ?? [:]
                let spec = d["spec"] as? [String: Any] ?? [:]
                let status = d["status"] as? [String: Any] ?? [:]
                let containers = ((spec["template"] as? [String: Any])?["spec"] as? [String: Any])?["containers"] as? [[String: Any]]
                let want = spec["replicas"] as? Int ?? 1
                return containers?.first?["image"] as? String == image
                    && (status["observedGeneration"] as? Int ?? 0) >= (meta["generation"] as? Int ?? 1)
                    && status["updatedReplicas"] as? Int == want && status["replicas"] as? Int == want
                    && status["availableReplicas"] as? Int == want
            }.count
            if done == deployments { return }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    func parallel(_ n: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await Self.each(n, concurrency: concurrency, body)
    }

    /// Runs `body(0..<n)` on `concurrency` tasks, each taking every concurrency-th index.
    static func each(_ n: Int, concurrency: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<min(concurrency, n) {
                group.addTask {
                    var i = w
                    while i < n {
                        try await body(i)
                        i += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    static let container = #"{"name":"app","image":"IMAGE","resources":{"requests":{"cpu":"100m","memory":"128Mi"}}}"#

    static func deployment(_ i: Int, image: String) -> String {
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d-\#(i)"},"spec":{"replicas":100,"selector":{"matchLabels":{"app":"d-\#(i)"}},"template":{"metadata":{"labels":{"app":"d-\#(i)"}},"spec":{"containers":[\#(container.replacingOccurrences(of: "IMAGE", with: image))]}}}}"#
    }

    static func pod(_ i: Int) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p-\#(i)","labels":{"app":"anchor"}},"spec":{"containers":[\#(container.replacingOccurrences(of: "IMAGE", with: "app:1.0"))]}}"#
    }
}

/// Plays the kubelets of every node: renews each node's Lease in
/// kube-node-lease every 10 s (as kubelets do; without it the node
/// lifecycle controller marks the nodes unreachable after 50 s and evicts
/// everything), follows the pod watch, marks each
/// newly bound pod Running and Ready (status subresource), and removes
/// pods marked for deletion (grace 0), as a kubelet does once containers
/// have stopped. Work goes to 32 workers; each pod is acted on once per state.
actor SimulatedNodes {
    let target: CapstanTarget
    let nodes: Int
    private(set) var runningCount = 0
    private var started = Set<String>()
    private var removed = Set<String>()
    private var work: AsyncStream<Action>.Continuation?

    enum Action: Sendable { case run(ns: String, name: String), remove(ns: String, name: String) }

    init(target: CapstanTarget, nodes: Int) {
        self.target = target
        self.nodes = nodes
    }

    /// Creates the node Leases, then renews them every 10 s until cancelled.
    nonisolated func heartbeats() async throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var first = true
        while !Task.isCancelled {
            let now = formatter.string(from: Date())
            let create = first
            try await ControllerBench.each(nodes, concurrency: 16) { [target] i in
                let spec = #""spec":{"holderIdentity":"node-\#(i)","leaseDurationSeconds":40,"renewTime":"\#(now)"}"#
                if create {
                    try? await target.post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                                           #"{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-\#(i)"},\#(spec)}"#)
                } else {
                    try? await target.patch("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-\(i)", "{\(spec)}",
                                            contentType: "application/merge-patch+json")
                }
            }
            first = false
            try await Task.sleep(for: .seconds(10))
        }
    }

    func run() async throws {
        let (stream, continuation) = AsyncStream<Action>.makeStream()
        work = continuation
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<32 {
                group.addTask { [target] in
                    for await action in stream {
                        switch action {
                        case .run(let ns, let name):
                            try? await target.patch(
                                "/api/v1/namespaces/\(ns)/pods/\(name)/status",
                                #"{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"}]}}"#,
                                contentType: "application/merge-patch+json")
                            await self.markedRunning()
                        case .remove(let ns, let name):
                            try? await target.delete("/api/v1/namespaces/\(ns)/pods/\(name)?gracePeriodSeconds=0")
                        }
                    }
                }
            }
            group.addTask { try await self.follow() }
            group.addTask { try await self.heartbeats() }
            try await group.next()
            continuation.finish()
            group.cancelAll()
        }
    }

    private func markedRunning() { runningCount += 1 }

    /// Resumable short watches over all pods (ends when cancelled); a
    /// watch that fell out of the server's history (an ERROR event, 410
    /// Gone) is followed by a fresh list, as an informer does.
    private func follow() async throws {
        var rv: String? = "0"
        while !Task.isCancelled {
            if rv == nil {
                let body = try await target.getBody("/api/v1/pods")
                let list = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
                for pod in list?["items"] as? [[String: Any]] ?? [] { consider(pod, deleted: false) }
                rv = (list?["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "0"
            }
            let resp = try await target.client.execute(
                HTTPClientRequest(url: target.base + "/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=\(rv ?? "0")&timeoutSeconds=5"),
                timeout: .seconds(30))
            var pending: [UInt8] = []
            for try await chunk in resp.body {
                pending += chunk.readableBytesView
                while let nl = pending.firstIndex(of: 0x0A) {
                    let line = Data(pending[..<nl])
                    pending.removeSubrange(...nl)
                    guard let event = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                        let pod = event["object"] as? [String: Any]
                    else { continue }
                    if event["type"] as? String == "ERROR" {
                        rv = nil
                        continue
                    }
                    if let v = (pod["metadata"] as? [String: Any])?["resourceVersion"] as? String { rv = v }
                    consider(pod, deleted: event["type"] as? String == "DELETED")
                }
            }
        }
    }

    /// Queues what a kubelet would do for `pod`, once per pod and state.
    private func consider(_ pod: [String: Any], deleted: Bool) {
        guard !deleted, let meta = pod["metadata"] as? [String: Any], let name = meta["name"] as? String,
            let ns = meta["namespace"] as? String,
            (pod["spec"] as? [String: Any])?["nodeName"] as? String != nil
        else { return }
        let key = ns + "/" + name
        if meta["deletionTimestamp"] != nil {
            if removed.insert(key).inserted { work?.yield(.remove(ns: ns, name: name)) }
        } else if (pod["status"] as? [String: Any])?["phase"] as? String != "Running", started.insert(key).inserted {
            work?.yield(.run(ns: ns, name: name))
        }
    }
}

/// VmHWM (peak resident set) of a process in MiB.
func peakRSSMiB(pid: Int32) -> Double {
    guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return .nan }
    return kb / 1024
}
