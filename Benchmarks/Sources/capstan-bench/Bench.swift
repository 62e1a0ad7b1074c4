@preconcurrency import Glibc
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// Measures the API server against the targets of issue 2 and, as an anchor
/// measured in the same run, a local etcd doing the same work.
@main
struct Bench: AsyncParsableCommand {
    @Option(help: "Path of the capstan binary.") var capstan: String = "../.build/release/capstan"
    @Option(help: "ConfigMaps to create.") var creates: Int = 10_000
    @Option(help: "Concurrent creators.") var concurrency: Int = 64
    @Option(help: "Concurrent watchers for the fan-out test.") var watchers: Int = 1_000
    @Option(help: "Creates per second in the paced run.") var rate: Int = 1_000
    @Flag(help: "Skip the etcd anchor.") var noEtcd = false
    @Option(help: "Which benchmark: api (issue 2), scheduler (issue 3), scheduler-core (the algorithm alone, in process), controllers (issue 4), node (issue 5), proxy, ingress or dns (issue 6; for proxy --nodes sets the Services, for dns --creates).") var suite: String = "api"
    @Option(help: "Scheduler benchmark: nodes.") var nodes: Int = 5_000
    @Option(help: "Scheduler benchmark: pods per shape.") var pods: Int = 10_000
    @Option(help: "Scheduler benchmark: only this shape (plain, zone-spread, anti-affinity).") var shape: String?
    @Option(help: "Controller benchmark: Deployments (100 replicas each).") var deployments: Int = 100
    @Option(name: .customLong("ingress-backend"), help: "Ingress benchmark: backend pods, nginx (host's nginx in the busybox image) or busybox (httpd).") var ingressBackend: String = "nginx"

    func run() async throws {
        // Line-buffered even into a pipe or file: figures printed before a failure are not lost.
        setvbuf(stdout, nil, _IOLBF, 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-bench-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if suite == "controllers" {
            // 500 nodes unless --nodes was given.
            let n = nodes == 5_000 ? 500 : nodes
            try await ControllerBench(binary: capstan, nodes: n, deployments: deployments, replicas: 100).run(dir: dir)
            try? FileManager.default.removeItem(at: dir)
            return
        }
        if suite == "node" {
            // 100 pods unless --pods was given.
            try await NodeBench(binary: capstan, pods: pods == 10_000 ? 100 : pods).run(dir: dir)
            try? FileManager.default.removeItem(at: dir)
            return
        }
        if suite == "proxy" {
            // 1,000 services × 10 endpoints unless told otherwise.
            try await ProxyBench(binary: capstan, services: nodes == 5_000 ? 1_000 : nodes, endpoints: 10, changes: 200).run(dir: dir)
            try? FileManager.default.removeItem(at: dir)
            return
        }
        if suite == "ingress" {
            try await IngressBench(binary: capstan, backend: ingressBackend).run(dir: dir)
            try? FileManager.default.removeItem(at: dir)
            return
        }
        if suite == "dns" {
            // 100 Services unless --creates was given.
            try await DNSBench(binary: capstan, services: creates == 10_000 ? 100 : creates, seconds: 10).run(dir: dir)
            try? FileManager.default.removeItem(at: dir)
            return
        }
        if suite == "scheduler-core" {
            let bench = SchedulerCoreBench(nodes: nodes, pods: pods)
            for s in SchedulerBench.Shape.allCases where shape == nil || shape == s.rawValue { try bench.run(s) }
            return
        }
        if suite == "scheduler" {
            let bench = SchedulerBench(binary: capstan, nodes: nodes, pods: pods)
            for s in SchedulerBench.Shape.allCases where shape == nil || shape == s.rawValue { try await bench.run(s, dir: dir) }
            try? FileManager.default.removeItem(at: dir)
            return
        }
        print("# capstan-bench: \(creates) creates @ concurrency \(concurrency), paced \(rate)/s, \(watchers) watchers")

        let server = try CapstanProcess.start(binary: capstan, dataDir: dir.appendingPathComponent("data"))
        print("cold start to ready: \(String(format: "%.0f", server.startMillis)) ms")
        try await Task.sleep(for: .seconds(2))
        print(String(format: "idle RSS: %.1f MiB", rssMiB(pid: server.pid)))
        let target = try CapstanTarget(kubeconfig: server.kubeconfig)
        try await runSuite(name: "capstan", target: target)
        print(String(format: "capstan RSS after run: %.1f MiB", rssMiB(pid: server.pid)))
        try await target.shutdown()
        server.stop()

        if !noEtcd {
            let etcd = try await EtcdProcess.start(dataDir: dir.appendingPathComponent("etcd"))
            print("etcd start to ready: \(String(format: "%.0f", etcd.startMillis)) ms")
            let target = EtcdTarget(base: etcd.url)
            try await runSuite(name: "etcd", target: target)
            print(String(format: "etcd RSS after run: %.1f MiB", rssMiB(pid: etcd.pid)))
            try await target.shutdown()
            etcd.stop()
        }
        try? FileManager.default.removeItem(at: dir)
    }

    func runSuite(name: String, target: any BenchTarget) async throws {
        // Burst: as fast as `concurrency` clients go.
        var samples = Samples()
        let t0 = ContinuousClock.now
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for w in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    var i = w
                    while i < creates {
                        let s = ContinuousClock.now
                        try await target.create(name: "bench-\(i)")
                        mine.append(ms(ContinuousClock.now - s))
                        i += concurrency
                    }
                    return mine
                }
            }
            for try await part in group { samples.values += part }
        }
        let secs = ms(ContinuousClock.now - t0) / 1000
        print(String(format: "[%@] %d creates in %.2f s: %.0f/s; %@", name, creates, secs, Double(creates) / secs, samples.summary))

        // Paced: open loop at `rate` per second for 5 s.
        var paced = Samples()
        let total = rate * 5
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 0..<total {
                let due = start + .microseconds(Int64(i) * 1_000_000 / Int64(rate))
                group.addTask {
                    try await Task.sleep(until: due)
                    let s = ContinuousClock.now
                    try await target.create(name: "paced-\(i)")
                    return ms(ContinuousClock.now - s)
                }
            }
            for try await v in group { paced.add(v) }
        }
        print("[\(name)] paced \(rate)/s for 5 s: \(paced.summary)")

        // List everything.
        var lists = Samples()
        var count = 0
        for _ in 0..<20 {
            let s = ContinuousClock.now
            count = try await target.listAll()
            lists.add(ms(ContinuousClock.now - s))
        }
        print("[\(name)] list of \(count) objects: \(lists.summary)")

        // Watch fan-out.
        var fan = Samples()
        for round in 0..<3 {
            let seen = try await target.fanOut(watchers: watchers, trigger: "fanout-\(round)")
            fan.values += seen
        }
        print("[\(name)] watch fan-out to \(watchers) watchers (3 rounds): \(fan.summary)")
    }
}
