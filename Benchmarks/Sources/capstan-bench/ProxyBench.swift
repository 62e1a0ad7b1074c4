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
            "--cni-bridge", Self.bridge,
        ])
        defer { server.stop() }
        let api = try CapstanTarget(kubeconfig: server.kubeconfig)
        try await Task.sleep(for: .seconds(2))

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

        let monitor = try NFTMonitor()
        defer { monitor.stop() }
        try await Task.sleep(for: .milliseconds(500))

        // Endpoint changes: one endpoint of a random Service replaced by a new address.
        var endpointLatency = Samples()
        for j in 0..<changes {
            let i = Int.random(in: 0..<services)
            let fresh = Self.ip(10, 247, j)
            slices[i][Int.random(in: 0..<endpoints)] = fresh
            let start = ContinuousClock.now
            try await api.patch("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/svc-\(i)",
                                "{\"endpoints\":\(Self.endpointsJSON(slices[i]))}", contentType: "application/merge-patch+json")
            guard let seen = await monitor.wait(for: "dnat to \(fresh):", timeout: .seconds(10)) else {
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
            let start = ContinuousClock.now
            try await api.post("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
                               Self.slice(i, ips: [Self.ip(10, 246, j)]))
            try await api.post("/api/v1/namespaces/default/services", Self.service(i, clusterIP: clusterIP))
            guard let seen = await monitor.wait(for: "\(clusterIP) . tcp . 80", timeout: .seconds(10)) else {
                throw BenchError(description: "service \(clusterIP) never programmed")
            }
            serviceLatency.add(ms(seen - start))
            try await Task.sleep(for: .milliseconds(20))
        }
        print("Service create → rules in effect: \(serviceLatency.summary)")
        monitor.stop()
        try await anchor(slices: slices)
        try await api.shutdown()
    }

    /// The same swap straight through nft, on a copy of the proxy's table.
    func anchor(slices: [[String]]) async throws {
        let copy = "capstan-bench-anchor"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("anchor-\(UUID().uuidString).nft")
        // Through a file, renamed by sed: the listing is large for a pipe.
        try runTool("/bin/sh", ["-c", "\(NFT.path) list table ip \(Self.table) | sed 's/^table ip \(Self.table) /table ip \(copy) /' > \(file.path)"])
        print("[proxy anchor] loading a copy of the table")
        try runTool(NFT.path, ["-f", file.path])
        defer {
            _ = runQuiet(NFT.path, ["delete", "table", "ip", copy])
            try? FileManager.default.removeItem(at: file)
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
        let out = try capture(NFT.path, ["list", "map", "ip", Self.table, "service-ips"])
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

func capture(_ path: String, _ args: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// `nft monitor`, its lines timestamped as they arrive.
final class NFTMonitor: Sendable {
    let process: Process
    let lines = Mutex<[(ContinuousClock.Instant, String)]>([])

    init() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: NFT.path)
        p.arguments = ["monitor"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        let handle = out.fileHandleForReading
        Thread.detachNewThread { [self] in
            var pending = ""
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                let now = ContinuousClock.now
                pending += String(decoding: data, as: UTF8.self)
                var complete = pending.split(separator: "\n", omittingEmptySubsequences: false)
                pending = String(complete.removeLast())
                self.lines.withLock { $0 += complete.map { (now, String($0)) } }
            }
        }
    }

    /// When a line containing `marker` arrived (waiting up to `timeout`).
    func wait(for marker: String, timeout: Duration) async -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let hit = lines.withLock({ $0.first { $0.1.contains(marker) }?.0 }) { return hit }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
