import Foundation
import Synchronization

/// The service proxy benchmark (issue 6): network programming latency, as
/// clusterloader2 defines it — from an EndpointSlice (or Service) change
/// written to the API to the node's nftables rules carrying it — with
/// `services` Services of `endpoints` endpoints each. "In effect" is seen by
/// `nft monitor`, which prints each committed rule and element as the
/// kernel accepts it. Anchor in the same run: the same endpoint swap as one
/// `nft -f` transaction on a copy of the table (the data plane's own cost,
/// no API, no watch, no proxy).
struct ProxyBench {
    let binary: String
    let services: Int
    let endpoints: Int
    let changes: Int

    static let bridge = "cstbench"
    static var table: String { "capstan-proxy-\(bridge)" }

    func run(dir: URL) async throws {
        print("# proxy: \(services) services × \(endpoints) endpoints, \(changes) endpoint changes, \(changes / 4) new services")
        let server = try CapstanProcess.start(binary: binary, dataDir: dir.appendingPathComponent("data"), extraArgs: [
            "--service-cidr", "10.250.0.0/16", "--cluster-dns", "10.250.0.10", "--cluster-cidr", "10.249.0.0/16",
            "--cni-bridge", Self.bridge, "--log-level", ProcessInfo.processInfo.environment["CAPSTAN_BENCH_LOG"] ?? "error",
        ], agent: true)
        let listing = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-\(UUID().uuidString).nft")
        let slices: [[String]]
        do {
            slices = try await measure(server: server, listing: listing)
        } catch {
            server.stop()
            throw error
        }
        // The anchor on the copy alone, the proxy's table gone with its server (nft reads the whole ruleset on every call).
        server.stop()
        try await anchor(slices: slices, listing: listing)
    }

    func measure(server: CapstanProcess, listing: URL) async throws -> [[String]] {
        let api = try CapstanTarget(kubeconfig: server.kubeconfig)
        try await Task.sleep(for: .seconds(2))

        // Started on a small ruleset: nft monitor started next to a large, busy table here printed nothing.
        let monitor = try NFTMonitor()
        defer { monitor.stop() }
        try await Task.sleep(for: .milliseconds(500))

        // Setup: selectorless Services with hand-written slices (fake endpoint addresses, never contacted).
        var slices: [[String]] = []
        let t0 = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<16 {
                group.addTask {
                    var i = w
                    while i < services {
                        try await api.post("/api/v1/namespaces/default/services", Self.service(i, clusterIP: nil))
                        try await api.post("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
                                           Self.slice(i, ips: (0..<endpoints).map { Self.ip(10, 248, i * endpoints + $0) }))
                        i += 16
                    }
                }
            }
            try await group.waitForAll()
        }
        for i in 0..<services { slices.append((0..<endpoints).map { Self.ip(10, 248, i * endpoints + $0) }) }
        let created = ContinuousClock.now - t0
        while try countServicePorts() < services {
            try await Task.sleep(for: .milliseconds(50))
            if ContinuousClock.now - t0 > .seconds(600) { throw BenchError(description: "services not programmed within 600 s") }
        }
        print(String(format: "created %d services + slices in %.1f s; all programmed %.1f s after the first create",
                     services, ms(created) / 1000, ms(ContinuousClock.now - t0) / 1000))
        print(String(format: "server RSS (with agent and proxy): %.1f MiB", rssMiB(pid: server.pid)))

        // One change not counted, waited for: the monitor is up to date.
        slices[0][0] = "10.247.250.250"
        try await api.patch("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/svc-0",
                            "{\"endpoints\":\(Self.endpointsJSON(slices[0]))}", contentType: "application/merge-patch+json")
        guard await monitor.wait(for: "dnat to 10.247.250.250:", from: 0, timeout: .seconds(60)) != nil else {
            let seen = monitor.lines.withLock { $0.suffix(5).map(\.1) }
            throw BenchError(description: "nft monitor saw no change within 60 s; its last lines: \(seen)")
        }

        // Endpoint changes: one endpoint of a random Service replaced by a new address.
        var endpointLatency = Samples()
        for j in 0..<changes {
            let i = Int.random(in: 0..<services)
            let fresh = Self.ip(10, 247, j)
            slices[i][Int.random(in: 0..<endpoints)] = fresh
            let start = ContinuousClock.now, cursor = monitor.count
            try await api.patch("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/svc-\(i)",
                                "{\"endpoints\":\(Self.endpointsJSON(slices[i]))}", contentType: "application/merge-patch+json")
            guard let seen = await monitor.wait(for: "dnat to \(fresh):", from: cursor, timeout: .seconds(10)) else {
                throw BenchError(description: "endpoint \(fresh) never programmed")
            }
            endpointLatency.add(ms(seen - start))
            try await Task.sleep(for: .milliseconds(20))
        }
        print("EndpointSlice change → rules in effect: \(endpointLatency.summary)")

        // New Services (with their slice): until the ClusterIP's map element is in.
        var serviceLatency = Samples()
        for j in 0..<(changes / 4) {
            let i = services + j
            let clusterIP = Self.ip(10, 250, 40_000 + j)
            let start = ContinuousClock.now, cursor = monitor.count
            try await api.post("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
                               Self.slice(i, ips: [Self.ip(10, 246, j)]))
            try await api.post("/api/v1/namespaces/default/services", Self.service(i, clusterIP: clusterIP))
            guard let seen = await monitor.wait(for: "\(clusterIP) . tcp . 80", from: cursor, timeout: .seconds(10)) else {
                throw BenchError(description: "service \(clusterIP) never programmed")
            }
            serviceLatency.add(ms(seen - start))
            try await Task.sleep(for: .milliseconds(20))
        }
        print("Service create → rules in effect: \(serviceLatency.summary)")
        monitor.stop()
        try runTool("/bin/sh", ["-c", "\(NFT.path) list table ip \(Self.table) | sed 's/^table ip \(Self.table) /table ip capstan-bench-anchor /' > \(listing.path)"])
        try await api.shutdown()
        return slices
    }

    /// The same swap straight through nft, on a copy of the proxy's table.
    func anchor(slices: [[String]], listing: URL) async throws {
        let copy = "capstan-bench-anchor"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-\(UUID().uuidString).nft")
        try runTool(NFT.path, ["-f", listing.path])
        defer {
            _ = runQuiet(NFT.path, ["delete", "table", "ip", copy])
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: listing)
        }
        var samples = Samples()
        // The endpoint chains each Service chain leads to, as the proxy left them.
        var chains = slices.enumerated().map { i, ips in ips.map { "ep-default/svc-\(i)/tcp/http/\($0)/8080" } }
        for j in 0..<changes {
            let i = Int.random(in: 0..<services), k = Int.random(in: 0..<endpoints)
            let svc = "svc-default/svc-\(i)/tcp/http", ep = "ep-anchor/\(j)", old = chains[i][k]
            chains[i][k] = ep
            let branches = chains[i].enumerated().map { "\($0.offset) : goto \($0.element)" }.joined(separator: ", ")
            let tx = """
                add chain ip \(copy) \(ep)
                add rule ip \(copy) \(ep) meta mark set meta mark | 0x4000 meta l4proto tcp dnat to \(Self.ip(10, 245, j)):8080
                flush chain ip \(copy) \(svc)
                add rule ip \(copy) \(svc) numgen random mod \(endpoints) vmap { \(branches) }
                delete chain ip \(copy) \(old)

                """
            try tx.write(to: file, atomically: true, encoding: .utf8)
            let start = ContinuousClock.now
            try runTool(NFT.path, ["-f", file.path])
            samples.add(ms(ContinuousClock.now - start))
        }
        print("[proxy anchor] the same change as one nft -f transaction on a table of this size: \(samples.summary)")
    }

    func countServicePorts() throws -> Int {
        let (_, out) = capture(NFT.path, ["list", "map", "ip", Self.table, "service-ips"])
        return out.components(separatedBy: "tcp . 80 : goto svc-default/svc-").count - 1
    }

    static func ip(_ a: Int, _ b: Int, _ n: Int) -> String { "\(a).\(b).\(n / 250).\(n % 250 + 1)" }

    static func service(_ i: Int, clusterIP: String?) -> String {
        let ip = clusterIP.map { ",\"clusterIP\":\"\($0)\"" } ?? ""
        return #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"svc-\#(i)"},"spec":{"ports":[{"name":"http","port":80,"targetPort":8080}]\#(ip)}}"#
    }

    static func endpointsJSON(_ ips: [String]) -> String {
        "[" + ips.map { #"{"addresses":["\#($0)"],"conditions":{"ready":true}}"# }.joined(separator: ",") + "]"
    }

    static func slice(_ i: Int, ips: [String]) -> String {
        #"{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"svc-\#(i)","labels":{"kubernetes.io/service-name":"svc-\#(i)"}},"addressType":"IPv4","ports":[{"name":"http","port":8080,"protocol":"TCP"}],"endpoints":\#(endpointsJSON(ips))}"#
    }
}

enum NFT {
    static let path = ["/usr/sbin/nft", "/sbin/nft"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/nft"
}

/// `nft monitor`, its lines timestamped as they arrive. Its output goes to
/// a file polled every millisecond (a pipe read through Foundation here
/// sometimes delivered nothing at all).
final class NFTMonitor: Sendable {
    let process: Process
    let lines = Mutex<[(ContinuousClock.Instant, String)]>([])
    let stopped = Atomic<Bool>(false)

    init() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nft-monitor-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: NFT.path)
        p.arguments = ["monitor"]
        let out = try FileHandle(forWritingTo: file)
        p.standardOutput = out
        p.standardError = out
        try p.run()
        try out.close()
        process = p
        let fd = open(file.path, O_RDONLY)
        guard fd >= 0 else { throw BenchError(description: "cannot read \(file.path)") }
        Thread.detachNewThread { [self] in
            defer {
                close(fd)
                try? FileManager.default.removeItem(at: file)
            }
            var pending = ""
            var buf = [UInt8](repeating: 0, count: 1 << 16)
            while !stopped.load(ordering: .relaxed) {
                let n = read(fd, &buf, buf.count)
                guard n > 0 else {
                    usleep(1000)
                    continue
                }
                let now = ContinuousClock.now
                pending += String(decoding: buf[0..<n], as: UTF8.self)
                var complete = pending.split(separator: "\n", omittingEmptySubsequences: false)
                pending = String(complete.removeLast())
                self.lines.withLock { $0 += complete.map { (now, String($0)) } }
            }
        }
    }

    /// When a line containing `marker` arrived (waiting up to `timeout`).
    func wait(for marker: String, from cursor: Int, timeout: Duration) async -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + timeout
        var next = cursor
        while ContinuousClock.now < deadline {
            let hit: ContinuousClock.Instant? = lines.withLock { all in
                defer { next = all.count }
                return all[min(next, all.count)...].first { $0.1.contains(marker) }?.0
            }
            if let hit { return hit }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }

    /// Lines seen so far.
    var count: Int { lines.withLock { $0.count } }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
