import AsyncHTTPClient
import Foundation
import NIOCore

/// The node agent benchmark (issue 5): pod start-up latency, create →
/// Running as observed through a watch (Kubernetes' SLO definition; the
/// image is already in the node's store), over `pods` pods created one after
/// another and then `pods` at once; the agent's RSS and CPU with `pods`
/// pods running. Anchor in the same run: the same busybox container started
/// directly by the OCI runtime (`runc run -d`, and `crun run -d` where crun
/// works on this host), no API, no CNI.
struct NodeBench {
    let binary: String
    let pods: Int

    func run(dir: URL) async throws {
        let archive = dir.appendingPathComponent("busybox.tar")
        try runTool(scriptPath("busybox-image.sh"), [archive.path])
        try await anchors(dir: dir)
        try await cluster(dir: dir, archive: archive)
    }

    // MARK: anchor

    func anchors(dir: URL) async throws {
        let bundle = dir.appendingPathComponent("bundle")
        try FileManager.default.createDirectory(at: bundle.appendingPathComponent("rootfs"), withIntermediateDirectories: true)
        try runTool("/bin/tar", ["-C", bundle.appendingPathComponent("rootfs").path, "-xf", try busyboxLayer(dir: dir).path])
        try writeSpec(bundle)
        for runtime in ["/usr/sbin/runc", "/usr/bin/crun"] where FileManager.default.isExecutableFile(atPath: runtime) {
            let name = URL(fileURLWithPath: runtime).lastPathComponent
            let root = dir.appendingPathComponent("\(name)-state").path
            var samples = Samples()
            var failure: String?
            for i in 0..<pods {
                let id = "bench-\(name)-\(i)"
                let t0 = ContinuousClock.now
                let (ok, err) = runQuiet(runtime, ["--root", root, "run", "-d", "--bundle", bundle.path, id])
                if !ok { failure = err; break }
                samples.add(ms(ContinuousClock.now - t0))
            }
            for i in 0..<pods { _ = runQuiet(runtime, ["--root", root, "delete", "-f", "bench-\(name)-\(i)"]) }
            if let failure {
                print("[node anchor] \(name) run -d: fails on this host: \(failure.prefix(200))")
            } else {
                print("[node anchor] \(name) run -d (container started, no API, no CNI), \(pods) sequential: \(samples.summary)")
            }
        }
    }

    /// The busybox image's only layer, pulled out of the docker-archive/OCI tar.
    func busyboxLayer(dir: URL) throws -> URL {
        let x = dir.appendingPathComponent("image")
        try FileManager.default.createDirectory(at: x, withIntermediateDirectories: true)
        try runTool("/bin/tar", ["-C", x.path, "-xf", dir.appendingPathComponent("busybox.tar").path])
        let blobs = x.appendingPathComponent("blobs/sha256")
        // The layer is the largest blob (manifest and config are small JSON).
        let files = try FileManager.default.contentsOfDirectory(at: blobs, includingPropertiesForKeys: [.fileSizeKey])
        guard let layer = files.max(by: { size($0) < size($1) }) else { throw BenchError(description: "no layer in busybox.tar") }
        return layer
    }

    func size(_ u: URL) -> Int { (try? u.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0 }

    func writeSpec(_ bundle: URL) throws {
        try runTool("/usr/sbin/runc", ["spec", "--bundle", bundle.path])
        let url = bundle.appendingPathComponent("config.json")
        var spec = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var process = spec["process"] as! [String: Any]
        process["terminal"] = false
        process["args"] = ["sleep", "3600"]
        spec["process"] = process
        spec["root"] = ["path": "rootfs", "readonly": false]
        try JSONSerialization.data(withJSONObject: spec).write(to: url)
    }

    // MARK: capstan

    func cluster(dir: URL, archive: URL) async throws {
        // The control plane without a node, and the node agent as its own
        // process (`capstan agent`), so the agent's RSS and CPU are its own.
        let data = dir.appendingPathComponent("data")
        let agentDir = dir.appendingPathComponent("agent")
        try runTool(binary, ["images", "import", "--data-dir", agentDir.path, archive.path])
        let bridge = "cbench\(Int.random(in: 100...999))"
        let server = try CapstanProcess.start(binary: binary, dataDir: data, extraArgs: [
            "--disable-agent", "--cluster-cidr", "10.\(Int.random(in: 200...250)).0.0/16",
        ])
        let target = try CapstanTarget(kubeconfig: server.kubeconfig)
        let agent = Process()
        agent.executableURL = URL(fileURLWithPath: binary)
        agent.arguments = [
            "agent", "--server", target.base, "--token-file", data.appendingPathComponent("node-token").path,
            "--data-dir", agentDir.path, "--node-name", "bench-node", "--node-ip", "127.0.0.1",
            "--kubelet-port", String(Int.random(in: 20000...29999)), "--cni-bridge", bridge, "--log-level", "error",
            "--disable-service-proxy",
            "--disable-cluster-dns",
        ]
        agent.standardOutput = FileHandle.nullDevice
        try agent.run()
        defer {
            agent.terminate()
            agent.waitUntilExit()
            server.stop()
            _ = runQuiet("/sbin/ip", ["link", "delete", bridge])
        }
        defer { Task { try? await target.shutdown() } }
        do {
            try await measure(target: target, agentPID: agent.processIdentifier, serverPID: server.pid)
        } catch {
            // Leave no containers behind, then report.
            try? await deleteAll(target)
            throw error
        }
    }

    func measure(target: CapstanTarget, agentPID: Int32, serverPID: Int32) async throws {
        try await waitForNodeReady(target)
        try await target.post("/api/v1/namespaces", #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}}"#)
        let watch = RunningWatch(target: target)
        let watching = Task { try await watch.run() }
        defer { watching.cancel() }
        try await Task.sleep(for: .milliseconds(500))

        // Warm-up pod (first CNI call, first overlay mount), not counted.
        try await target.post("/api/v1/namespaces/bench/pods", Self.pod("warmup"))
        _ = try await watch.waitRunning("warmup", limit: .seconds(120))

        var sequential = Samples()
        for i in 0..<pods {
            let t0 = ContinuousClock.now
            try await target.post("/api/v1/namespaces/bench/pods", Self.pod("seq-\(i)"))
            sequential.add(ms(try await watch.waitRunning("seq-\(i)", limit: .seconds(120)) - t0))
        }
        print("[node] pod start-up, create → Running observed by watch, \(pods) sequential: \(sequential.summary)")

        // Steady state with pods+1 pods running: the agent process, the server, and the conmon monitors.
        try await Task.sleep(for: .seconds(5))
        let agentCPU0 = cpuSeconds(pid: agentPID), serverCPU0 = cpuSeconds(pid: serverPID)
        let idle = 30.0
        try await Task.sleep(for: .seconds(idle))
        let agentCPU = (cpuSeconds(pid: agentPID) - agentCPU0) / idle * 100
        let serverCPU = (cpuSeconds(pid: serverPID) - serverCPU0) / idle * 100
        let conmons = processes(named: "conmon")
        print(String(format: "[node] %d pods running, %.0f s steady: agent RSS %.1f MiB, CPU %.1f %% of one core; server (API, store, scheduler, controllers) RSS %.0f MiB, CPU %.1f %%; %d conmon monitors, %.1f MiB RSS in all",
                     pods + 1, idle, rssMiB(pid: agentPID), agentCPU, rssMiB(pid: serverPID), serverCPU,
                     conmons.count, conmons.reduce(0) { $0 + rssMiB(pid: $1) }))

        try await deleteAll(target)
        var burst = Samples()
        let t0 = ContinuousClock.now
        try await ControllerBench.each(pods, concurrency: pods) { i in
            try await target.post("/api/v1/namespaces/bench/pods", Self.pod("par-\(i)"))
        }
        for i in 0..<pods { burst.add(ms(try await watch.waitRunning("par-\(i)", limit: .seconds(180)) - t0)) }
        print("[node] pod start-up, \(pods) created at once (latency from the first create): \(burst.summary)")
        try await deleteAll(target)
        }

    static func pod(_ name: String) -> String {
        #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)"},"spec":{"terminationGracePeriodSeconds":0,"#
            + #""containers":[{"name":"c","image":"busybox:latest","imagePullPolicy":"IfNotPresent","command":["sleep","3600"]}]}}"#
    }

    func waitForNodeReady(_ target: CapstanTarget) async throws {
        for _ in 0..<600 {
            if let body = try? await target.getBody("/api/v1/nodes/bench-node"),
               String(decoding: body, as: UTF8.self).contains(#""reason":"KubeletReady","status":"True""#)
                || String(decoding: body, as: UTF8.self).range(of: #""status":"True","type":"Ready""#) != nil
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError(description: "node bench-node never became Ready")
    }

    func deleteAll(_ target: CapstanTarget) async throws {
        try await target.delete("/api/v1/namespaces/bench/pods")
        for _ in 0..<1200 {
            let body = try await target.getBody("/api/v1/namespaces/bench/pods")
            if !String(decoding: body, as: UTF8.self).contains(#""kind":"Pod""#) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        // Containers are gone from the API before conmon exits; let the node settle.
        for _ in 0..<120 where !processes(named: "conmon").isEmpty { try await Task.sleep(for: .milliseconds(250)) }
    }

    func scriptPath(_ name: String) -> String {
        URL(fileURLWithPath: binary).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/\(name)").path
    }
}

/// One watch on the bench namespace's pods: when each pod was first seen Running.
actor RunningWatch {
    let target: CapstanTarget
    private var seen: [String: ContinuousClock.Instant] = [:]

    init(target: CapstanTarget) { self.target = target }

    func run() async throws {
        let resp = try await target.client.execute(
            HTTPClientRequest(url: target.base + "/api/v1/namespaces/bench/pods?watch=1&allowWatchBookmarks=false"), timeout: .hours(2))
        var pending: [UInt8] = []
        for try await chunk in resp.body {
            pending += chunk.readableBytesView
            while let nl = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<nl])
                pending.removeFirst(nl + 1)
                observe(line)
            }
        }
    }

    private func observe(_ line: [UInt8]) {
        let now = ContinuousClock.now
        guard let event = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let object = event["object"] as? [String: Any],
              let name = (object["metadata"] as? [String: Any])?["name"] as? String,
              (object["status"] as? [String: Any])?["phase"] as? String == "Running",
              seen[name] == nil
        else { return }
        seen[name] = now
    }


    /// When `name` was first seen Running (the watch's time, not this
    /// poll's); throws after `limit` (a pod the node never started).
    func waitRunning(_ name: String, limit: Duration) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let t = seen[name] { return t }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError(description: "pod \(name) was not Running after \(limit)")
    }
}

/// PIDs of processes whose command name is `name`.
func processes(named name: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter {
        (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == name
    }
}

func runTool(_ path: String, _ args: [String]) throws {
    let (ok, err) = runQuiet(path, args)
    guard ok else { throw BenchError(description: "\(path) \(args.joined(separator: " ")): \(err)") }
}

/// Runs a program to completion; stdout discarded, stderr returned.
func runQuiet(_ path: String, _ args: [String]) -> (Bool, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = FileHandle.nullDevice
    // A file, not a pipe: `runc run -d` hands its stdio to the container, which would hold a pipe open.
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("bench-stderr-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    guard let err = try? FileHandle(forWritingTo: errURL) else { return (false, "cannot create \(errURL.path)") }
    p.standardError = err
    do { try p.run() } catch { return (false, "\(error)") }
    p.waitUntilExit()
    try? err.close()
    let text = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return (p.terminationStatus == 0, text)
}
