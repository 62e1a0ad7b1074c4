import CapstanAPI
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Containers as real Linux containers: an OCI runtime (runc or crun) under
/// conmon, rootfs on overlayfs over the image's read-only layers, cgroup
/// limits from resources, logs in the CRI format written by conmon.
///
/// Everything it knows is on disk under `root`, so an agent restarted while
/// containers run re-adopts them: conmon, not the agent, is each
/// container's parent, holds its stdio and writes its exit code to
/// `exits/ID` when it ends.
public actor OCIRuntime: ContainerRuntime {
    public nonisolated let name: String
    public nonisolated let version: String
    let binary: String
    let conmon: String
    let root: URL
    let network: any PodNetwork
    let cgroupRoot: String
    let logSizeMax: Int
    let logger: Logger
    private var records: [String: Record] = [:]
    private var finals: [String: Final] = [:]
    private var sandboxes: [String: SandboxInfo] = [:]

    /// What is fixed when a container is created (info.json).
    struct Record: Codable {
        var info: ContainerInfo
        var cgroupsPath: String
        var rootfsMounted: Bool
    }
    /// What is known once it has exited (final.json).
    struct Final: Codable {
        var exitCode: Int32
        var reason: String
        var message: String?
        var finishedAt: Date
    }

    public init(
        root: URL, runtime: RuntimeChoice, conmon: String = "/usr/bin/conmon", network: any PodNetwork,
        cgroupRoot: String = "/capstan", logSizeMax: Int = 10 << 20, logger: Logger
    ) throws {
        self.root = root
        self.binary = runtime.path
        self.name = runtime.name
        self.version = runtime.version
        self.conmon = conmon
        self.network = network
        self.cgroupRoot = cgroupRoot
        self.logSizeMax = logSizeMax
        self.logger = logger
        let fm = FileManager.default
        for d in ["containers", "sandboxes", "exits", "state"] {
            try fm.createDirectory(at: root.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        // Re-adopt what a previous agent left running.
        let dec = JSONDecoder()
        for id in (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent("containers").path)) ?? [] {
            let dir = root.appendingPathComponent("containers/\(id)")
            guard let d = try? Data(contentsOf: dir.appendingPathComponent("info.json")),
                  let r = try? dec.decode(Record.self, from: d) else {
                try? fm.removeItem(at: dir)
                continue
            }
            records[id] = r
            if let f = try? Data(contentsOf: dir.appendingPathComponent("final.json")), let fin = try? dec.decode(Final.self, from: f) {
                finals[id] = fin
            }
        }
        for file in (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent("sandboxes").path)) ?? [] {
            if let d = try? Data(contentsOf: root.appendingPathComponent("sandboxes/\(file)")),
               let s = try? dec.decode(SandboxInfo.self, from: d) {
                sandboxes[s.id] = s
            }
        }
    }

    var stateDir: String { root.appendingPathComponent("state").path }
    func containerDir(_ id: String) -> URL { root.appendingPathComponent("containers/\(id)") }
    func exitFile(_ id: String) -> String { root.appendingPathComponent("exits/\(id)").path }

    static func newID() -> String {
        var s = ""
        for _ in 0..<4 { s += String(format: "%016llx", UInt64.random(in: .min ... .max)) }
        return s
    }

    // MARK: sandboxes

    public func runSandbox(_ config: SandboxConfig) async throws -> SandboxInfo {
        let id = Self.newID()
        var netns: String? = nil
        var ips: [String] = []
        if !config.hostNetwork {
            do {
                let r = try await network.setUp(sandboxID: id, config: config)
                netns = r.netnsPath
                ips = r.ips
            } catch {
                try? await network.tearDown(sandboxID: id, namespace: config.namespace, name: config.name, podUID: config.podUID, netnsPath: nil)
                throw RuntimeError("FailedCreatePodSandBox", "failed to set up the pod's network: \(error)")
            }
        }
        let s = SandboxInfo(id: id, podUID: config.podUID, namespace: config.namespace, name: config.name, netnsPath: netns, ips: ips, createdAt: Date())
        sandboxes[id] = s
        try JSONEncoder().encode(s).write(to: root.appendingPathComponent("sandboxes/\(id).json"), options: .atomic)
        return s
    }

    public func removeSandbox(_ id: String) async throws {
        guard let s = sandboxes[id] else { return }
        if s.netnsPath != nil {
            try await network.tearDown(sandboxID: id, namespace: s.namespace, name: s.name, podUID: s.podUID, netnsPath: s.netnsPath)
        }
        sandboxes[id] = nil
        try? FileManager.default.removeItem(at: root.appendingPathComponent("sandboxes/\(id).json"))
        if !records.values.contains(where: { $0.info.podUID == s.podUID }) {
            CgroupFS.removePodCgroups(root: cgroupRoot, podUID: s.podUID)
        }
    }

    public func listSandboxes(podUID: String?) async throws -> [SandboxInfo] {
        sandboxes.values.filter { podUID == nil || $0.podUID == podUID }
    }

    // MARK: containers

    public func createContainer(in sandbox: SandboxInfo, _ c: ContainerConfig) async throws -> String {
        let id = Self.newID()
        let fm = FileManager.default
        let dir = containerDir(id)
        let rootfs = dir.appendingPathComponent("rootfs").path
        for d in ["rootfs", "upper", "work"] {
            try fm.createDirectory(at: dir.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        let cgroupsPath = "\(cgroupRoot)/pod\(c.podUID)/\(id)"
        var info = ContainerInfo(
            id: id, sandboxID: sandbox.id, podUID: c.podUID, name: c.name, attempt: c.attempt, image: c.image,
            imageID: c.imageID, state: .created, createdAt: Date(), logPath: c.logPath)
        var record = Record(info: info, cgroupsPath: cgroupsPath, rootfsMounted: false)
        try save(record, id)
        records[id] = record

        do {
            var lowers = c.lowerDirs
            if lowers.isEmpty {
                let empty = dir.appendingPathComponent("empty").path
                try fm.createDirectory(atPath: empty, withIntermediateDirectories: true)
                lowers = [empty]
            }
            try Overlay.mount(lower: lowers, upper: dir.appendingPathComponent("upper").path,
                              work: dir.appendingPathComponent("work").path, target: rootfs)
            record.rootfsMounted = true
            try save(record, id)
            records[id] = record
            let spec = OCISpec.build(c, rootfs: rootfs, netnsPath: sandbox.netnsPath, cgroupsPath: cgroupsPath)
            try Data(spec.serialized()).write(to: dir.appendingPathComponent("config.json"))
            try fm.createDirectory(atPath: (c.logPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            finish(id, Final(exitCode: 128, reason: "StartError", message: "cannot prepare the container: \(error)", finishedAt: Date()))
            return id
        }

        let runcLog = dir.appendingPathComponent("runc.log").path
        var args = [
            "--api-version", "1", "-c", id, "-u", id, "-n", "\(c.podNamespace)_\(c.podName)_\(c.name)_\(c.attempt)",
            "-r", binary, "-b", dir.path, "-p", dir.appendingPathComponent("pid").path,
            "-P", dir.appendingPathComponent("conmon.pid").path, "-l", "k8s-file:\(c.logPath)",
            "--log-size-max", String(logSizeMax), "--exit-dir", root.appendingPathComponent("exits").path,
            "--socket-dir-path", dir.path, "--syslog=false",
            "--runtime-arg", "--root", "--runtime-arg", stateDir,
            "--runtime-arg", "--log", "--runtime-arg", runcLog, "--runtime-arg", "--log-format", "--runtime-arg", "json",
        ]
        if c.tty { args.append("-t") }
        // conmon holds the container's stdin for attach; Kubernetes' stdinOnce
        // closes it when the first attached client leaves, else it stays open.
        if c.stdin { args += c.stdinOnce ? ["-i"] : ["-i", "--leave-stdin-open"] }
        let out = try await Command(conmon, args, outputFile: dir.appendingPathComponent("conmon.log").path).output(timeout: .seconds(60))
        let pidPath = dir.appendingPathComponent("pid").path
        // conmon's first process returns once its monitor is forked, before
        // `runc create` is done: wait for the container's pid file, or for
        // the monitor to give up (an exit file, or the monitor gone).
        let deadline = ContinuousClock.now + .seconds(30)
        while out.succeeded, !fm.fileExists(atPath: pidPath), ContinuousClock.now < deadline {
            if fm.fileExists(atPath: exitFile(id)) { break }
            if let m = Self.readPID(dir.appendingPathComponent("conmon.pid").path), kill(m, 0) != 0 { break }
            try? await Task.sleep(for: .milliseconds(2))
        }
        if !fm.fileExists(atPath: pidPath) {
            let why = Self.lastRuntimeError(runcLog) ?? (out.stderr.isEmpty ? "conmon exited \(out.status)" : out.stderr)
            finish(id, Final(exitCode: 128, reason: "StartError", message: why, finishedAt: Date()))
            return id
        }
        info.pid = Self.readPID(pidPath)
        record.info = info
        try save(record, id)
        records[id] = record
        return id
    }

    public func startContainer(_ id: String) async throws {
        guard var r = records[id] else { throw RuntimeError("StartError", "no container \(id)") }
        if finals[id] != nil { return }
        let o = try await Command(binary, ["--root", stateDir, "start", id]).output(timeout: .seconds(30))
        if !o.succeeded {
            let why = Self.lastRuntimeError(containerDir(id).appendingPathComponent("runc.log").path) ?? o.stderr
            finish(id, Final(exitCode: 128, reason: "StartError", message: why, finishedAt: Date()))
            return
        }
        r.info.startedAt = Date()
        r.info.state = .running
        records[id] = r
        try save(r, id)
    }

    public func stopContainer(_ id: String, gracePeriod: Duration) async throws {
        guard records[id] != nil else { return }
        refresh(id)
        guard finals[id] == nil else { return }
        _ = try? await Command(binary, ["--root", stateDir, "kill", id, "TERM"]).output(timeout: .seconds(10))
        let deadline = ContinuousClock.now + gracePeriod
        while ContinuousClock.now < deadline {
            refresh(id)
            if finals[id] != nil { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        _ = try? await Command(binary, ["--root", stateDir, "kill", id, "KILL"]).output(timeout: .seconds(10))
        let killDeadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < killDeadline {
            refresh(id)
            if finals[id] != nil { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        logger.warning("container \(id.prefix(12)) did not exit after SIGKILL")
    }

    public func removeContainer(_ id: String) async throws {
        guard let r = records[id] else { return }
        if finals[id] == nil, let pid = r.info.pid, pid > 0 { kill(pid, SIGKILL) }
        _ = try? await Command(binary, ["--root", stateDir, "delete", "--force", id]).output(timeout: .seconds(30))
        let dir = containerDir(id)
        Overlay.unmount(dir.appendingPathComponent("rootfs").path)
        try? FileManager.default.removeItem(at: dir)
        try? FileManager.default.removeItem(atPath: exitFile(id))
        CgroupFS.remove(path: r.cgroupsPath)
        records[id] = nil
        finals[id] = nil
    }

    public func listContainers(podUID: String?) async throws -> [ContainerInfo] {
        var out: [ContainerInfo] = []
        let ids = records.filter { podUID == nil || $0.value.info.podUID == podUID }.keys
        for id in ids {
            let wasRunning = finals[id] == nil
            refresh(id)
            if wasRunning, finals[id] != nil {
                // Free the cgroup and the runtime's state now; the record stays for status and logs.
                _ = try? await Command(binary, ["--root", stateDir, "delete", "--force", id]).output(timeout: .seconds(30))
                if let r = records[id] { CgroupFS.remove(path: r.cgroupsPath) }
            }
            if let r = records[id] { out.append(current(r)) }
        }
        return out
    }

    public func exec(_ id: String, command: [String], timeout: Duration) async throws -> ExecResult {
        let started = ContinuousClock.now
        let o = try await Command(binary, ["--root", stateDir, "exec", id] + command).output(timeout: timeout)
        let timedOut = o.status != 0 && ContinuousClock.now - started >= timeout
        return ExecResult(exitCode: o.status, output: o.stdout + o.stderr, timedOut: timedOut)
    }

    public func execStream(_ id: String, _ spec: ExecSpec) async throws -> ExecProcess {
        refresh(id)
        guard let r = records[id], r.info.startedAt != nil, finals[id] == nil else {
            throw RuntimeError("ContainerNotRunning", "container \(id.prefix(12)) is not running")
        }
        guard !spec.command.isEmpty else { throw RuntimeError("InvalidCommand", "no command given") }
        let base = [binary, "--root", stateDir, "exec"]
        if spec.tty {
            return try ExecSpawn.onTerminal(base + ["-t", "--env", "TERM=xterm", id] + spec.command, stdin: spec.stdin)
        }
        return try ExecSpawn.onPipes(base + [id] + spec.command, stdin: spec.stdin)
    }

    /// conmon writes each running container's log; after a rotation its
    /// `ctl` FIFO's "reopen" message (type 2) makes it start a new file.
    public func rotateLogs(_ policy: LogRotationPolicy) async {
        for (id, r) in records where finals[id] == nil && r.info.startedAt != nil && policy.isOver(r.info.logPath) {
            // The FIFO first: without a conmon to reopen the path, renaming
            // would leave it writing to the rotated file for good.
            let ctl = open(containerDir(id).appendingPathComponent("ctl").path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            guard ctl >= 0 else { continue }
            if policy.rotate(r.info.logPath) {
                _ = "2 0 0\n".withCString { write(ctl, $0, strlen($0)) }
            }
            close(ctl)
        }
    }

    /// Reads the pod's cgroup (`CGROUP_ROOT/podUID`, which holds every
    /// container's) and each running container's own.
    public func usage(podUID: String) async -> PodUsage? {
        guard let pod = CgroupFS.usage(path: "\(cgroupRoot)/pod\(podUID)") else { return nil }
        var containers: [String: CgroupUsage] = [:]
        for (id, r) in records where r.info.podUID == podUID && finals[id] == nil && r.info.startedAt != nil {
            containers[id] = CgroupFS.usage(path: r.cgroupsPath)
        }
        return PodUsage(pod: pod, containers: containers)
    }

    /// conmon's attach socket (`--socket-dir-path` makes it `DIR/ID/attach`,
    /// a symlink back to the bundle, so it is the bundle's `attach`) and its
    /// `ctl` FIFO for terminal resizes.
    public func attach(_ id: String, _ spec: AttachSpec) async throws -> AttachSession {
        refresh(id)
        guard let r = records[id], r.info.startedAt != nil, finals[id] == nil else {
            throw RuntimeError("ContainerNotRunning", "container \(id.prefix(12)) is not running")
        }
        let dir = containerDir(id)
        do {
            return try AttachSession.connect(directory: dir.path, spec: spec)
        } catch let e as AttachSession.Failure {
            throw RuntimeError("AttachFailed", e.description)
        }
    }

    public func portForward(_ sandbox: SandboxInfo, port: Int) async throws -> PortConnection {
        // A hostNetwork sandbox has no namespace of its own: the node's localhost, as with the kubelet.
        try await NetnsDialer.connect(netnsPath: sandbox.netnsPath, port: port)
    }

    // MARK: state

    private func current(_ r: Record) -> ContainerInfo {
        var info = r.info
        if let f = finals[info.id] {
            info.state = .exited
            info.exitCode = f.exitCode
            info.reason = f.reason
            info.message = f.message
            info.finishedAt = f.finishedAt
        } else if info.startedAt == nil {
            info.state = .created
        } else {
            info.state = .running
        }
        return info
    }

    /// Notices an exit conmon recorded (or a container whose processes are all gone).
    private func refresh(_ id: String) {
        guard finals[id] == nil, let r = records[id] else { return }
        let path = exitFile(id)
        if let text = try? String(contentsOfFile: path, encoding: .utf8), let code = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            let mtime = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
            let oom = CgroupFS.oomKilled(path: r.cgroupsPath)
            let reason = oom ? "OOMKilled" : (code == 0 ? "Completed" : "Error")
            finish(id, Final(exitCode: code, reason: reason, message: nil, finishedAt: mtime ?? Date()))
            return
        }
        // conmon gone without an exit file (killed): the container cannot be reached any more.
        if r.info.startedAt != nil, let pid = r.info.pid, kill(pid, 0) != 0,
           let cpid = Self.readPID(containerDir(id).appendingPathComponent("conmon.pid").path), kill(cpid, 0) != 0 {
            finish(id, Final(exitCode: 137, reason: "Error", message: "the container's monitor exited", finishedAt: Date()))
        }
    }

    private func finish(_ id: String, _ f: Final) {
        finals[id] = f
        try? JSONEncoder().encode(f).write(to: containerDir(id).appendingPathComponent("final.json"), options: .atomic)
        if var r = records[id], r.rootfsMounted {
            Overlay.unmount(containerDir(id).appendingPathComponent("rootfs").path)
            r.rootfsMounted = false
            records[id] = r
            try? save(r, id)
        }
    }

    private func save(_ r: Record, _ id: String) throws {
        try JSONEncoder().encode(r).write(to: containerDir(id).appendingPathComponent("info.json"), options: .atomic)
    }

    static func readPID(_ path: String) -> Int32? {
        guard let s = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int32(s.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The last "error" message of runc's JSON log (why create or start failed).
    static func lastRuntimeError(_ path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n").reversed() {
            if let v = try? JSONValue.parse(Array(line.utf8)), v["level"]?.stringValue == "error", let m = v["msg"]?.stringValue {
                return m
            }
        }
        return nil
    }
}

/// overlayfs mounts for container root filesystems.
enum Overlay {
    static func mount(lower: [String], upper: String, work: String, target: String) throws {
        let options = "lowerdir=\(lower.joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
        if Glibc.mount("overlay", target, "overlay", 0, options) != 0 {
            throw RuntimeError("CreateContainerError", "overlay mount on \(target) failed: \(String(cString: strerror(errno)))")
        }
    }

    static func unmount(_ target: String) {
        _ = umount2(target, Int32(MNT_DETACH))
    }
}
