import Foundation
import Testing

/// A real `capstan server` process on a free port with its own data dir,
/// driven by the real kubectl. One per test suite: starting is cheap (<1 s).
final class TestCluster: @unchecked Sendable {
    // @unchecked: all stored properties are set in init and never mutated, except
    // `process`, which is only touched from init and stop() (called once).
    let dataDir: URL
    let home: URL
    var process: Process?
    let kubeconfig: URL
    let extraArgs: [String]
    /// Runs the embedded node agent (real containers on this machine).
    let agent: Bool
    /// Each agent cluster's own CNI bridge (the bridge plugin refuses a second gateway address on one bridge).
    let bridge: String

    static func binary() -> URL {
        if let p = ProcessInfo.processInfo.environment["CAPSTAN_BIN"] { return URL(fileURLWithPath: p) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // swift test runs <build>/debug/capstanPackageTests.xctest; the binary sits beside it.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("capstan")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/capstan")
    }

    /// Without `agent` the server runs no node agent (tests play nodes
    /// themselves); with it, pods really run on this machine. The Ingress
    /// controller (nginx on ports 80 and 443 unless told otherwise) runs only
    /// with `ingress`, since clusters of parallel tests would fight over the
    /// ports. Agent clusters serve no cluster DNS unless `clusterDNS`
    /// (clusters running at once would fight over one address: such a test
    /// brings its own `--service-cidr` and `--cluster-dns`).
    init(dataDir: URL? = nil, extraArgs: [String] = [], agent: Bool = false, ingress: Bool = false, clusterDNS: Bool = false) throws {
        self.agent = agent
        self.bridge = "cst\(Int.random(in: 10000...99999))"
        // Agent clusters running at once share the host's bridge: each gets its own pod range.
        self.extraArgs = agent
            ? ["--cluster-cidr", "10.\(Int.random(in: 60...250)).0.0/16", "--cni-bridge", bridge, "--restart-backoff", "1s", "--max-restart-backoff", "8s"]
                // The service proxy programs the host's nftables: only tests that ask for it, each on a service range of its own.
                + (extraArgs.contains("--service-cidr") ? [] : ["--disable-service-proxy"])
                + (ingress ? [] : ["--disable-ingress"])
                + (clusterDNS ? [] : ["--disable-cluster-dns"]) + extraArgs
            : extraArgs + ["--disable-agent"]
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-it-\(UUID().uuidString.prefix(8))")
        self.dataDir = dataDir ?? base.appendingPathComponent("data")
        self.home = base.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        self.kubeconfig = self.dataDir.appendingPathComponent("kubeconfig.yaml")
        if agent { try Self.importBusybox(into: self.dataDir) }
        try start()
    }

    func start() throws {
        try? FileManager.default.removeItem(at: kubeconfig)
        let p = Process()
        p.executableURL = Self.binary()
        p.arguments = ["server", "--data-dir", dataDir.path, "--port", "0", "--log-level", "warning"] + extraArgs
        let log = FileManager.default.createFile(atPath: home.appendingPathComponent("server.log").path, contents: nil)
        _ = log
        let handle = try FileHandle(forWritingTo: home.appendingPathComponent("server.log"))
        handle.seekToEndOfFile()
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        process = p
        // A crashed test runs no deinit; the server must not outlive it.
        try Watchdog.start(killing: p.processIdentifier)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: kubeconfig.path) { return }
            if !p.isRunning { throw ClusterError("capstan server exited early: \(serverLog())") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ClusterError("capstan server did not write \(kubeconfig.path) within 20 s")
    }

    func serverLog() -> String {
        (try? String(contentsOf: home.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }

    /// Sends a signal and waits for exit.
    func stop(signal: Int32 = SIGTERM) {
        guard let p = process, p.isRunning else { return }
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
    }

    deinit {
        if agent, process?.isRunning == true {
            // Containers outlive the server by design: stop them through the API first.
            for kind in ["deployments,replicasets,statefulsets,daemonsets,jobs", "pods"] {
                _ = try? kubectl("delete", kind, "--all", "-A", "--grace-period=1", "--wait=true", timeout: 90)
            }
        }
        stop(signal: SIGKILL)
        // The ingress's nginx outlives a killed server by design (the next server stops it); no next server here.
        if let pid = try? String(contentsOf: dataDir.appendingPathComponent("ingress/nginx.pid"), encoding: .utf8),
            let n = Int32(pid.trimmingCharacters(in: .whitespacesAndNewlines)), n > 1
        {
            kill(n, SIGTERM)
        }
        if agent {
            _ = try? Self.run("/usr/sbin/ip", ["link", "delete", bridge])
            // A killed server leaves its service proxy's table behind.
            _ = try? Self.run("/usr/sbin/nft", ["delete", "table", "ip", "capstan-proxy-\(bridge)"])
            // And its cluster DNS address (on lo here, where the kernel has no dummy links).
            if let i = extraArgs.firstIndex(of: "--cluster-dns"), i + 1 < extraArgs.count, !extraArgs.contains("--disable-cluster-dns") {
                for link in ["lo", "capstan-dns"] { _ = try? Self.runProgram("/usr/sbin/ip", ["addr", "del", "\(extraArgs[i + 1])/32", "dev", link]) }
            }
        }
        // The per-cluster temporary directory (data, certificates, logs).
        try? FileManager.default.removeItem(at: home.deletingLastPathComponent())
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var ok: Bool { status == 0 }
    }

    /// Runs the real kubectl against this cluster.
    @discardableResult
    func kubectl(_ args: String..., stdin: String? = nil, timeout: TimeInterval = 60) throws -> Result {
        try kubectl(args: args, stdin: stdin, timeout: timeout)
    }

    func kubectl(args: [String], stdin: String? = nil, timeout: TimeInterval = 60) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["kubectl"] + args
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = kubeconfig.path
        env["HOME"] = home.path
        env["KUBECACHEDIR"] = home.appendingPathComponent("cache").path
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let inPipe = Pipe()
        p.standardInput = inPipe
        try p.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let outData = ReadAll(out.fileHandleForReading)
        let errData = ReadAll(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: outData.value, stderr: errData.value)
    }

    /// `https://127.0.0.1:PORT` from the kubeconfig.
    var serverURL: String {
        let text = (try? String(contentsOf: kubeconfig, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.contains("server:") {
            return line.split(separator: " ").last.map(String.init) ?? ""
        }
        return ""
    }

    /// Runs curl with extra arguments; returns stdout.
    func curl(_ args: String...) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["curl", "-sS"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = ReadAll(out.fileHandleForReading)
        p.waitUntilExit()
        return data.value
    }

    /// Runs kubectl and fails the test with its output unless it succeeds.
    @discardableResult
    func ok(_ args: String..., stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try kubectl(args: args, stdin: stdin)
        #expect(r.ok, "kubectl \(args.joined(separator: " ")) failed (\(r.status)): \(r.stderr)\(r.stdout)", sourceLocation: sourceLocation)
        return r.stdout
    }

    /// Runs kubectl expecting failure; returns stderr.
    func fails(_ args: String..., stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try kubectl(args: args, stdin: stdin)
        #expect(!r.ok, "kubectl \(args.joined(separator: " ")) should have failed: \(r.stdout)", sourceLocation: sourceLocation)
        return r.stderr
    }
}

/// Reads a pipe to EOF on a background thread (so large outputs cannot block the child).
final class ReadAll: @unchecked Sendable {
    // @unchecked: `data` is written by the reader thread and read only after `done` is signalled.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    init(_ h: FileHandle) {
        Thread.detachNewThread { [self] in
            self.data = h.readDataToEndOfFile()
            self.done.signal()
        }
    }
    var value: String {
        done.wait()
        done.signal()
        return String(decoding: data, as: UTF8.self)
    }
}

struct ClusterError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
