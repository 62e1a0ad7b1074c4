import CapstanNode
import Foundation

/// Cluster DNS (issue 6, item 4): queries/s and latency of the node-local
/// DNS of `capstan server` (a hollow embedded node, DNS on a loopback
/// address) answering names of `services` Services, measured with dnsperf;
/// the anchor is dnsmasq answering the same names from a hosts file,
/// measured the same way in the same run.
struct DNSBench {
    let binary: String
    let services: Int
    let seconds: Int
    /// The paced run's rate (the target: at least 20,000 queries/s).
    let rate = 20_000

    /// Prints a line at once (stdout may be a pipe, fully buffered).
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func run(dir: URL) async throws {
        say("# capstan-bench dns: \(services) Services, dnsperf \(seconds) s per run, paced run at \(rate)/s")
        let address = "127.53.0.10"
        let server = try CapstanProcess.start(binary: binary, dataDir: dir.appendingPathComponent("data"), extraArgs: [
            "--container-runtime", "simulated", "--cluster-dns", address, "--cluster-dns-port", "53",
        ], clusterDNS: true, agent: true)
        defer { server.stop() }
        let target = try CapstanTarget(kubeconfig: server.kubeconfig)
        defer { Task { try? await target.shutdown() } }
        var names: [String] = []
        var hosts = ""
        for i in 0..<services {
            try await target.post("/api/v1/namespaces/default/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc-\(i)"},
                 "spec":{"ports":[{"name":"http","port":80}],"selector":{"app":"svc-\(i)"}}}
                """)
            names.append("svc-\(i).default.svc.cluster.local")
        }
        // Wait until the last one answers (the zone is rebuilt on each change).
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, dig(address, names.last!).isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        for n in names { hosts += "\(dig(address, n)) \(n)\n" }
        let queries = dir.appendingPathComponent("queries.txt")
        try names.map { "\($0) A" }.joined(separator: "\n").write(to: queries, atomically: true, encoding: .utf8)
        let hostsFile = dir.appendingPathComponent("hosts")
        try hosts.write(to: hostsFile, atomically: true, encoding: .utf8)

        try measure(name: "capstan", address: address, queries: queries)
        say(String(format: "capstan RSS after run: %.1f MiB", rssMiB(pid: server.pid)))

        let anchor = "127.53.0.11"
        // posix_spawn with an empty signal mask, not Foundation's Process: the
        // threads here block SIGTERM (dnsmasq would inherit that and never
        // stop), and with dnsmasq started through Process, later children's
        // exits went unnoticed.
        let dnsmasq = try spawn("/usr/sbin/dnsmasq", [
            "--keep-in-foreground", "--no-resolv", "--no-hosts", "--addn-hosts=\(hostsFile.path)", "--listen-address=\(anchor)",
            "--bind-interfaces", "--port=53", "--local=/cluster.local/", "--cache-size=10000", "--pid-file=", "--user=root",
            "--log-facility=/dev/null",
        ])
        defer {
            kill(dnsmasq, SIGTERM)
            var status: Int32 = 0
            waitpid(dnsmasq, &status, 0)
        }
        let ready = Date().addingTimeInterval(10)
        while Date() < ready, dig(anchor, names[0]).isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        try measure(name: "dnsmasq", address: anchor, queries: queries)
    }

    /// Flat out (dnsperf's default 100 queries in flight), then paced at `rate` with per-query latencies.
    func measure(name: String, address: String, queries: URL) throws {
        let flat = try dnsperf(["-s", address, "-d", queries.path, "-l", String(seconds), "-c", "4", "-T", "2"])
        say("\(name) max: \(field(flat, "Queries per second:")) queries/s, lost \(field(flat, "Queries lost:")), average latency \(field(flat, "Average Latency (s):")) s")
        let paced = try dnsperf(["-s", address, "-d", queries.path, "-l", String(seconds), "-c", "4", "-T", "2", "-Q", String(rate), "-v"])
        var samples = Samples()
        var failures = 0
        for line in paced.split(separator: "\n") where line.hasPrefix("> ") {
            let f = line.split(separator: " ")
            if f.count > 2, f[1] != "NOERROR" { failures += 1 }
            if let s = f.last.flatMap({ Double($0) }) { samples.add(s * 1000) }
        }
        say("\(name) paced \(rate)/s: \(field(paced, "Queries per second:")) queries/s, lost \(field(paced, "Queries lost:")), non-NOERROR \(failures); \(samples.summary)")
    }

    /// Starts a program with stdio on /dev/null (the agent's spawn: nothing
    /// else inherited, no signals blocked).
    func spawn(_ path: String, _ args: [String]) throws -> pid_t {
        try ExecSpawn.spawn([path] + args) { actions in
            for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
        }
    }

    func dnsperf(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/dnsperf")
        p.arguments = args
        p.standardInput = FileHandle.nullDevice
        let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("dnsperf-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let h = try FileHandle(forWritingTo: out)
        p.standardOutput = h
        p.standardError = h
        try p.run()
        p.waitUntilExit()
        try h.close()
        return try String(contentsOf: out, encoding: .utf8)
    }

    func field(_ text: String, _ label: String) -> String {
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(label) { return t.dropFirst(label.count).trimmingCharacters(in: .whitespaces) }
        }
        return "?"
    }

    /// The first A record dig gets for `name`, "" when none. Output through
    /// a file: a pipe's end inherited by a process started meanwhile would
    /// keep the read from ever ending.
    func dig(_ server: String, _ name: String) -> String {
        let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("dig-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        guard let h = try? FileHandle(forWritingTo: out) else { return "" }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/dig")
        p.arguments = ["@\(server)", "+short", "+time=1", "+tries=1", name]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = h
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return "" }
        p.waitUntilExit()
        try? h.close()
        let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first.map(String.init) ?? ""
    }
}
