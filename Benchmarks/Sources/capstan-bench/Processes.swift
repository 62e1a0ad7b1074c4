import NIOCore
import AsyncHTTPClient
import Foundation

/// A `capstan server` started for the benchmark.
struct CapstanProcess {
    let process: Process
    let kubeconfig: URL
    let startMillis: Double
    var pid: Int32 { process.processIdentifier }

    /// Without `clusterDNS` the server serves no node-local DNS (the suites
    /// measuring other things leave the host's addresses alone). Without
    /// `agent` it runs no embedded node agent: the API, scheduler and
    /// controller suites measure the control plane against Node objects of
    /// their own, and a real node among them would take pods and run
    /// sandboxes on this machine.
    static func start(binary: String, dataDir: URL, extraArgs: [String] = [], clusterDNS: Bool = false, agent: Bool = false) throws -> CapstanProcess {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        // No Ingress controller (nginx on ports 80/443) unless a benchmark asks for it with its own ports.
        let ingress = extraArgs.contains("--ingress-http-port") ? [] : ["--disable-ingress"]
        p.arguments = ["server", "--data-dir", dataDir.path, "--port", "0", "--log-level", "error"] + ingress
            + (clusterDNS ? [] : ["--disable-cluster-dns"]) + (agent || extraArgs.contains("--disable-agent") ? [] : ["--disable-agent"]) + extraArgs
        let t0 = Date()
        try p.run()
        let kc = dataDir.appendingPathComponent("kubeconfig.yaml")
        while !FileManager.default.fileExists(atPath: kc.path) {
            guard p.isRunning else { throw BenchError(description: "capstan exited") }
            Thread.sleep(forTimeInterval: 0.001)
        }
        // The kubeconfig is written once the listener is up and caches are loaded: ready.
        return CapstanProcess(process: p, kubeconfig: kc, startMillis: Date().timeIntervalSince(t0) * 1000)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// A single-member etcd on loopback (Debian's etcd-server).
struct EtcdProcess {
    let process: Process
    let url: String
    let startMillis: Double
    var pid: Int32 { process.processIdentifier }

    static func start(dataDir: URL) async throws -> EtcdProcess {
        let client = 23790 + Int.random(in: 0..<100)
        let peer = client + 1000
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/etcd")
        p.arguments = ["--name", "bench", "--data-dir", dataDir.path,
                       "--listen-client-urls", "http://127.0.0.1:\(client)", "--advertise-client-urls", "http://127.0.0.1:\(client)",
                       "--listen-peer-urls", "http://127.0.0.1:\(peer)", "--initial-advertise-peer-urls", "http://127.0.0.1:\(peer)",
                       "--initial-cluster", "bench=http://127.0.0.1:\(peer)", "--log-level", "error"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let t0 = Date()
        try p.run()
        let url = "http://127.0.0.1:\(client)"
        // Foundation's Data(contentsOf:) hangs on http URLs here; ask with AsyncHTTPClient.
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        while true {
            if let resp = try? await http.execute(HTTPClientRequest(url: url + "/health"), timeout: .seconds(1)),
                let body = try? await resp.body.collect(upTo: 1 << 16), String(buffer: body).contains("true")
            {
                break
            }
            guard p.isRunning else {
                try await http.shutdown()
                throw BenchError(description: "etcd exited")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        try await http.shutdown()
        return EtcdProcess(process: p, url: url, startMillis: Date().timeIntervalSince(t0) * 1000)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
