import Foundation
import Testing

/// `capstan server --datastore-endpoint`: two real servers (separate data
/// dirs and PKIs) on one real etcd share the cluster through their watch
/// caches, elect one leader for the scheduler and the controller manager,
/// and the survivor takes over and keeps working when the leader is killed.
@Suite(.serialized) struct EtcdDatastoreTests {
    /// The Lease duration of LeaderElector's default config.
    static let leaseDuration: TimeInterval = 15

    @Test func unreachableEtcdIsAClearErrorAtStart() throws {
        let url = "http://127.0.0.1:\(try freePort())"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-it-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = TestCluster.binary()
        p.arguments = ["server", "--data-dir", dir.path, "--port", "0", "--datastore-endpoint", url]
        let err = Pipe()
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        let started = Date()
        try p.run()
        try Watchdog.start(killing: p.processIdentifier)
        let stderr = ReadAll(err.fileHandleForReading)
        let exited = poll(timeout: 20) { !p.isRunning }
        if !exited { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        #expect(exited, "capstan server still running \(Date().timeIntervalSince(started)) s after start on an unreachable etcd")
        #expect(p.terminationStatus != 0)
        #expect(stderr.value.contains("etcd at \(url) is unreachable"), "\(stderr.value)")
        #expect(stderr.value.contains("--datastore-endpoint"), "\(stderr.value)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("db").path), "no SQLite store is created")
    }

    @Test func twoServersShareOneEtcdAndFailOver() throws {
        let etcd = try EtcdProcess()
        // Compaction every 2 s, so both servers compact the same etcd
        // concurrently throughout the test.
        let args = ["--datastore-endpoint", etcd.url, "--log-level", "info", "--compaction-interval", "2"]
        let a = try TestCluster(extraArgs: args)
        let b = try TestCluster(extraArgs: args)

        // (a) Writes through one server are read through the other; lists
        // without a limit (chunk size 0) come from the reader's watch cache.
        try a.ok("create", "configmap", "from-a", "--from-literal=k=a")
        try b.ok("create", "configmap", "from-b", "--from-literal=k=b")
        #expect(try b.ok("get", "configmap", "from-a", "-o", "jsonpath={.data.k}") == "a")
        #expect(try a.ok("get", "configmap", "from-b", "-o", "jsonpath={.data.k}") == "b")
        for (reader, name) in [(a, "from-b"), (b, "from-a")] {
            let names = try reader.ok("get", "configmaps", "--chunk-size=0", "-o", "name")
            #expect(names.contains("configmap/\(name)"), "\(names)")
        }

        // (a2) A ClusterIP or NodePort taken through one server is taken for the other too.
        try a.ok("create", "service", "nodeport", "via-a", "--tcp=80", "--node-port=30111")
        let ip = try a.get("svc", "via-a", "-o", "jsonpath={.spec.clusterIP}")
        let sameIP = try b.fails("create", "service", "clusterip", "via-b", "--tcp=80", "--clusterip=\(ip)")
        #expect(sameIP.contains("provided IP is already allocated"), "\(sameIP)")
        let samePort = try b.fails("create", "service", "nodeport", "via-b2", "--tcp=80", "--node-port=30111")
        #expect(samePort.contains("provided port is already allocated"), "\(samePort)")
        #expect(try b.get("svc", "kubernetes", "-o", "jsonpath={.spec.clusterIP}") == "10.43.0.1")

        // (b) Each Lease is held by exactly one of the two servers.
        let ids = [try identity(of: a), try identity(of: b)]
        #expect(ids[0] != ids[1])
        let leases = ["kube-scheduler", "kube-controller-manager"]
        var holders: [String: String] = [:]
        #expect(poll(timeout: 10) {
            for lease in leases { holders[lease] = holder(lease, via: a) }
            return holders.values.count == 2 && holders.values.allSatisfy(ids.contains)
        }, "lease holders \(holders), servers \(ids)")
        let leaderIndex = ids.firstIndex(of: holders["kube-scheduler"] ?? "") ?? 0
        let (leader, survivor) = leaderIndex == 0 ? (a, b) : (b, a)
        let survivorID = ids[1 - leaderIndex]
        for lease in leases where holders[lease] != survivorID {
            #expect(!survivor.serverLog().contains("became leader for lease kube-system/\(lease)"))
        }

        // (c) Kill the leader: the survivor takes both leases once they
        // expire (the leader renewed at most one retry period, 2 s, before).
        let killed = Date()
        leader.stop(signal: SIGKILL)
        let tookOver = poll(timeout: Self.leaseDuration + 10) {
            leases.allSatisfy { holder($0, via: survivor) == survivorID }
        }
        let takeover = Date().timeIntervalSince(killed)
        print("EtcdDatastoreTests: survivor held both leases \(String(format: "%.1f", takeover)) s after SIGKILL of the leader")
        #expect(tookOver, "leases: \(leases.map { holder($0, via: survivor) }) after \(takeover) s\n\(survivor.serverLog().suffix(3000))")
        #expect(takeover <= Self.leaseDuration + 2 + 5)

        // ...and then runs the cluster: the controller manager creates the
        // ReplicaSet's pods and the scheduler binds them to the only node.
        try survivor.ok("create", "-f", "-", stdin: """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"kubernetes.io/hostname":"n1"}},
             "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},
                       "conditions":[{"type":"Ready","status":"True"}]}}
            """)
        try survivor.ok("create", "-f", "-", stdin: """
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}}}
            """)
        var nodes: [String] = []
        let bound = poll(timeout: 20) {
            let out = (try? survivor.kubectl("get", "pods", "-l", "app=web", "-o", #"jsonpath={range .items[*]}{.spec.nodeName}{"\n"}{end}"#).stdout) ?? ""
            nodes = out.split(separator: "\n").map(String.init)
            return nodes == ["n1", "n1"]
        }
        #expect(bound, "pods' nodes: \(nodes)\n\(survivor.serverLog().suffix(3000))")

        for cluster in [a, b] {
            #expect(!cluster.serverLog().contains("compaction failed"), "\(cluster.serverLog().suffix(3000))")
            #expect(!cluster.serverLog().contains("registry watch"), "\(cluster.serverLog().suffix(3000))")
        }
    }

    /// The leader election identity the server logged at start.
    private func identity(of cluster: TestCluster) throws -> String {
        let marker = "leader election identity "
        guard let line = cluster.serverLog().split(separator: "\n").first(where: { $0.contains(marker) }),
            let range = line.range(of: marker)
        else { throw ClusterError("no \"\(marker)\" in the server log:\n\(cluster.serverLog().suffix(2000))") }
        return String(line[range.upperBound...].prefix { !$0.isWhitespace })
    }

    private func holder(_ lease: String, via cluster: TestCluster) -> String {
        (try? cluster.kubectl("get", "lease", "-n", "kube-system", lease, "-o", "jsonpath={.spec.holderIdentity}").stdout) ?? ""
    }
}

/// Calls `condition` every 100 ms until it holds or `timeout` seconds pass.
func poll(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if condition() { return true }
        if Date() > deadline { return false }
        Thread.sleep(forTimeInterval: 0.1)
    }
}
