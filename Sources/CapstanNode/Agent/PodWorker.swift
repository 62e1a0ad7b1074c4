import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// One pod on this node, driven to its spec by a level-triggered loop:
/// every pass looks at the pod object and at what the runtime has, does
/// the next step (sandbox, init containers in order, containers, restarts
/// after back-off, termination) and reports the status that results. It
/// wakes on pod updates, probe results and a one-second tick (which is how
/// it notices containers that exited).
actor PodWorker {
    let uid: String
    let ctx: AgentContext
    private var podJSON: JSONValue
    private var pod: Pod
    /// The pod object is gone from the API (deleted with grace 0, or by us).
    private var removed = false
    private(set) var finished = false
    private let wakeup = Wakeup()
    /// Consecutive restarts per container, for back-off (reset after a long run).
    private var restarts: [String: Int] = [:]
    /// Why a container could not be started (ErrImagePull, CreateContainerConfigError...), by name.
    private var waiting: [String: (reason: String, message: String)] = [:]
    /// Image pull back-off per container: (failures, not before).
    private var pullBackoff: [String: (Int, ContinuousClock.Instant)] = [:]
    private var probes: [String: ProbeRunner] = [:]
    private var lastStatus: PodStatus?
    private var startTime: Time?
    private var sandboxError: String?
    private var loggedEvents: Set<String> = []
    private var terminatingSince: ContinuousClock.Instant?

    init(pod json: JSONValue, pod: Pod, ctx: AgentContext) {
        self.uid = pod.metadata.uid ?? ""
        self.podJSON = json
        self.pod = pod
        self.ctx = ctx
        self.startTime = pod.status?.startTime
    }

    var logger: Logger { ctx.logger }
    var podName: String { "\(pod.metadata.namespace ?? "default")/\(pod.metadata.name ?? "")" }

    func update(_ json: JSONValue, _ pod: Pod) async {
        self.podJSON = json
        self.pod = pod
        await wakeup.notify()
    }

    func markRemoved() async {
        removed = true
        await wakeup.notify()
    }

    func poke() async { await wakeup.notify() }

    func run() async {
        while !finished && !Task.isCancelled {
            let next: Duration
            do {
                next = try await sync()
            } catch {
                logger.warning("pod \(podName): \(error)")
                next = .seconds(2)
            }
            if finished { break }
            await wakeup.wait(timeout: next)
        }
        for p in probes.values { await p.stop() }
    }

    // MARK: the sync pass

    /// One pass; returns how soon the next is due at the latest.
    func sync() async throws -> Duration {
        let all = try await ctx.runtime.listContainers(podUID: uid)
        let sandboxes = try await ctx.runtime.listSandboxes(podUID: uid)
        if removed || pod.metadata.deletionTimestamp != nil {
            return try await terminate(all, sandboxes)
        }
        if let phase = lastStatus?.phase ?? pod.status?.phase, phase == "Succeeded" || phase == "Failed" {
            // Terminal: nothing restarts; the network goes, dead containers stay for logs.
            for s in sandboxes { try? await ctx.runtime.removeSandbox(s.id) }
            return .seconds(10)
        }
        if startTime == nil { startTime = Time(Date()) }
        if let deadline = pod.podSpec.activeDeadlineSeconds, let start = startTime,
           Date().timeIntervalSince(start.date) >= Double(deadline) {
            for c in all where c.state == .running { try? await ctx.runtime.stopContainer(c.id, gracePeriod: .seconds(Int64(grace()))) }
            await event(.warning, "DeadlineExceeded", "Pod was active on the node longer than the specified deadline")
            var status = try await buildStatus(try await ctx.runtime.listContainers(podUID: uid), sandbox: nil)
            status.phase = "Failed"
            status.reason = "DeadlineExceeded"
            status.message = "Pod was active on the node longer than the specified deadline"
            try await post(status)
            return .seconds(10)
        }

        // The sandbox: one per pod; containers of an older one are stale.
        var sandbox = sandboxes.max { $0.createdAt < $1.createdAt }
        for s in sandboxes where s.id != sandbox?.id { try? await ctx.runtime.removeSandbox(s.id) }
        if sandbox == nil {
            do {
                sandbox = try await ctx.runtime.runSandbox(sandboxConfig())
                sandboxError = nil
                try writePodFiles(ips: sandbox?.ips ?? [])
            } catch {
                sandboxError = "\(error)"
                await event(.warning, "FailedCreatePodSandBox", "Failed to create pod sandbox: \(error)")
                try await post(try await buildStatus(all, sandbox: nil))
                return .seconds(5)
            }
        }
        guard let sandbox else { return .seconds(5) }
        var containers: [ContainerInfo] = []
        for c in all {
            if c.sandboxID == sandbox.id {
                containers.append(c)
            } else {
                try? await ctx.runtime.stopContainer(c.id, gracePeriod: .seconds(2))
                try? await ctx.runtime.removeContainer(c.id)
            }
        }
        var volumes: [String: String] = [:]
        do {
            volumes = try await PodVolumes(podDir: podDir, config: ctx.configSource, claimPath: claimPath).prepare(pod)
        } catch {
            for c in pod.podSpec.containers where latest(c.name, in: containers) == nil {
                waiting[c.name] = ("ContainerCreating", "")
            }
            await event(.warning, "FailedMount", "\(error)")
            try await post(try await buildStatus(containers, sandbox: sandbox))
            return .seconds(2)
        }

        var next: Duration = .seconds(1)
        let policy = pod.podSpec.restartPolicy ?? "Always"
        // Init containers, one at a time, in order.
        var initDone = true
        for c in pod.podSpec.initContainers ?? [] {
            let cur = latest(c.name, in: containers)
            if let cur, cur.state == .exited, cur.exitCode == 0 { continue }
            initDone = false
            if let cur, cur.state == .running || cur.state == .created { break }
            if let cur, cur.state == .exited {
                if policy == "Never" { break }
                if let wait = backoffRemaining(c.name, cur) {
                    next = min(next, wait)
                    break
                }
            }
            await start(c, previous: cur, sandbox: sandbox, volumes: volumes, isInit: true)
            break
        }
        if initDone {
            for c in pod.podSpec.containers {
                let cur = latest(c.name, in: containers)
                if let cur {
                    switch cur.state {
                    case .running, .created:
                        if let probe = probes[cur.id], await probe.livenessFailed {
                            await event(.normal, "Killing", "Container \(c.name) failed liveness probe, will be restarted", dedupe: false)
                            try? await ctx.runtime.stopContainer(cur.id, gracePeriod: .seconds(Int64(grace())))
                            next = .milliseconds(10)
                        }
                        continue
                    case .exited, .unknown:
                        await probes.removeValue(forKey: cur.id)?.stop()
                        let restart = policy == "Always" || (policy == "OnFailure" && cur.exitCode != 0)
                        guard restart else { continue }
                        if let wait = backoffRemaining(c.name, cur) {
                            next = min(next, wait)
                            continue
                        }
                    }
                }
                await start(c, previous: cur, sandbox: sandbox, volumes: volumes, isInit: false)
            }
        }
        let now = try await ctx.runtime.listContainers(podUID: uid).filter { $0.sandboxID == sandbox.id }
        try await post(try await buildStatus(now, sandbox: sandbox))
        return next
    }

    // MARK: starting

    func start(_ c: Container, previous: ContainerInfo?, sandbox: SandboxInfo, volumes: [String: String], isInit: Bool) async {
        let imageName = c.image ?? ""
        if let (_, until) = pullBackoff[c.name], ContinuousClock.now < until {
            waiting[c.name] = ("ImagePullBackOff", "Back-off pulling image \"\(imageName)\"")
            return
        }
        let image: ResolvedImage
        do {
            let secrets = await pullSecrets()
            image = try await ctx.images.ensure(imageName, pullPolicy: c.imagePullPolicy ?? defaultPullPolicy(imageName), secrets: secrets)
            pullBackoff[c.name] = nil
        } catch let e as ImageError {
            let failures = (pullBackoff[c.name]?.0 ?? 0) + 1
            let delay = min(300.0, 10.0 * pow(2.0, Double(failures - 1)))
            pullBackoff[c.name] = (failures, ContinuousClock.now + .milliseconds(Int64(delay * 1000)))
            waiting[c.name] = (e.reason, e.message)
            await event(.warning, "Failed", "Failed to pull image \"\(imageName)\": \(e.message)")
            return
        } catch {
            waiting[c.name] = ("ErrImagePull", "\(error)")
            await event(.warning, "Failed", "Failed to pull image \"\(imageName)\": \(error)")
            return
        }
        if previous == nil {
            await event(.normal, "Pulled", "Container image \"\(imageName)\" already present on machine")
        }
        let hostname = PodFiles.hostname(pod, clusterDomain: ctx.config.clusterDomain).short
        let process: ContainerProcess
        do {
            process = try await ContainerEnvironment.build(
                pod: podWithIPs(sandbox), container: c, image: image, hostname: hostname, nodeAllocatable: ctx.allocatable,
                config: ctx.configSource)
        } catch {
            waiting[c.name] = ("CreateContainerConfigError", "\(error)")
            await event(.warning, "Failed", "Error: \(error)")
            return
        }
        waiting[c.name] = nil
        let attempt = previous.map { $0.attempt + 1 } ?? 0
        var mounts: [Mount] = []
        for m in c.volumeMounts ?? [] {
            guard var src = volumes[m.name] else { continue }
            if let sub = m.subPath, !sub.isEmpty {
                src += "/" + sub
                if !FileManager.default.fileExists(atPath: src) {
                    try? FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
                }
            }
            let forcedRO = (pod.podSpec.volumes ?? []).first { $0.name == m.name }.map {
                $0.configMap != nil || $0.secret != nil || $0.downwardAPI != nil || $0.projected != nil
            } ?? false
            mounts.append(Mount(source: src, destination: m.mountPath, readOnly: (m.readOnly ?? false) || forcedRO))
        }
        let destinations = Set(mounts.map(\.destination))
        for (file, dest) in [("etc-hosts", "/etc/hosts"), ("resolv.conf", "/etc/resolv.conf"), ("hostname", "/etc/hostname")]
        where !destinations.contains(dest) {
            mounts.append(Mount(source: podDir.appendingPathComponent(file).path, destination: dest))
        }
        let termLog = podDir.appendingPathComponent("containers/\(c.name)/\(attempt)-termination-log")
        try? FileManager.default.createDirectory(at: termLog.deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: termLog.path, contents: nil)
        mounts.append(Mount(source: termLog.path, destination: c.terminationMessagePath ?? "/dev/termination-log"))

        var sharedPID: String? = nil
        if pod.podSpec.shareProcessNamespace == true {
            let running = try? await ctx.runtime.listContainers(podUID: uid).first { $0.sandboxID == sandbox.id && $0.state == .running && $0.pid != nil }
            if let pid = running?.pid { sharedPID = "/proc/\(pid)/ns/pid" }
        }
        let config = ContainerConfig(
            podUID: uid, podNamespace: pod.metadata.namespace ?? "default", podName: pod.metadata.name ?? "",
            name: c.name, attempt: attempt, image: imageName, imageID: image.id, lowerDirs: image.lowerDirs,
            args: process.args, env: process.env, workingDir: process.workingDir, uid: process.uid, gid: process.gid,
            hostname: hostname, mounts: mounts,
            resources: ContainerEnvironment.resources(c.resources, pidsLimit: ctx.config.podPidsLimit),
            logPath: logPath(c.name, attempt), tty: c.tty ?? false, stdin: c.stdin ?? false,
            stdinOnce: c.stdinOnce ?? false, privileged: c.securityContext?.privileged ?? false,
            readOnlyRootFilesystem: c.securityContext?.readOnlyRootFilesystem ?? false, sharedPIDNamespaceOf: sharedPID)
        if process.args.isEmpty {
            waiting[c.name] = ("CreateContainerError", "no command specified")
            return
        }
        do {
            logger.debug("pod \(podName): creating container \(c.name)")
            let id = try await ctx.runtime.createContainer(in: sandbox, config)
            await event(.normal, "Created", "Created container \(c.name)", dedupe: false)
            try await ctx.runtime.startContainer(id)
            let info = try await ctx.runtime.listContainers(podUID: uid).first { $0.id == id }
            if info?.state == .exited, info?.reason == "StartError" {
                await event(.warning, "Failed", "Error: \(info?.message ?? "failed to start container")", dedupe: false)
            } else {
                await event(.normal, "Started", "Started container \(c.name)", dedupe: false)
                if !isInit { startProbes(c, id: id, sandbox: sandbox) }
                if let hook = c.lifecycle?.postStart {
                    let r = await Handlers.run(hook, containerID: id, podIP: sandbox.ips.first, runtime: ctx.runtime, timeout: .seconds(30))
                    if !r.ok {
                        await event(.warning, "FailedPostStartHook", r.message, dedupe: false)
                        try? await ctx.runtime.stopContainer(id, gracePeriod: .seconds(Int64(grace())))
                    }
                }
            }
            // Keep the new instance and the one before it (lastState, logs --previous).
            let all = try await ctx.runtime.listContainers(podUID: uid).filter { $0.name == c.name }
            for old in all where old.attempt < attempt - 1 { try? await ctx.runtime.removeContainer(old.id) }
            if let previous, previous.state == .exited, let started = previous.startedAt, let finished = previous.finishedAt,
               finished.timeIntervalSince(started) >= Double(ctx.config.backoffReset.components.seconds) {
                restarts[c.name] = 0
            } else if previous != nil {
                restarts[c.name, default: 0] += 1
            }
        } catch {
            waiting[c.name] = ("CreateContainerError", "\(error)")
            await event(.warning, "Failed", "Error: \(error)", dedupe: false)
        }
    }

    /// nil when the container may restart now; otherwise how long its back-off still runs.
    func backoffRemaining(_ name: String, _ c: ContainerInfo) -> Duration? {
        let n = restarts[name] ?? 0
        guard let finished = c.finishedAt else { return nil }
        if let started = c.startedAt, finished.timeIntervalSince(started) >= Double(ctx.config.backoffReset.components.seconds) {
            restarts[name] = 0
            return nil
        }
        if n == 0 && c.attempt == 0 { return nil }
        let delay = backoffDelay(max(n, 1))
        let elapsed = Date().timeIntervalSince(finished)
        let remaining = delay - elapsed
        return remaining > 0 ? .milliseconds(Int64(remaining * 1000)) : nil
    }

    /// 10 s doubling to 5 min (the kubelet's defaults, configurable).
    func backoffDelay(_ restarts: Int) -> Double {
        let initial = Double(ctx.config.restartBackoffInitial.components.seconds) + Double(ctx.config.restartBackoffInitial.components.attoseconds) / 1e18
        let cap = Double(ctx.config.restartBackoffMax.components.seconds)
        return min(cap, initial * pow(2.0, Double(restarts - 1)))
    }

    func startProbes(_ c: Container, id: String, sandbox: SandboxInfo) {
        guard c.livenessProbe != nil || c.readinessProbe != nil || c.startupProbe != nil else { return }
        let runner = ProbeRunner(
            container: c, containerID: id, podIP: sandbox.ips.first, runtime: ctx.runtime,
            onChange: { [weak self] reason, message in await self?.probeChanged(reason, message) })
        probes[id] = runner
        Task { await runner.start() }
    }

    func probeChanged(_ warning: String?, _ message: String) async {
        if let warning { await event(.warning, warning, message, dedupe: false) }
        await wakeup.notify()
    }

    // MARK: termination

    func grace() -> Int64 {
        pod.metadata.deletionGracePeriodSeconds ?? pod.podSpec.terminationGracePeriodSeconds ?? 30
    }

    func terminate(_ containers: [ContainerInfo], _ sandboxes: [SandboxInfo]) async throws -> Duration {
        let gracePeriod = removed ? min(grace(), 2) : grace()
        let running = containers.filter { $0.state == .running || $0.state == .created }
        if terminatingSince == nil, !running.isEmpty {
            terminatingSince = .now
            for c in running { await event(.normal, "Killing", "Stopping container \(c.name)", dedupe: false) }
        }
        for p in probes.values { await p.stop() }
        probes.removeAll()
        let runtime = ctx.runtime
        let specs = pod.podSpec.containers + (pod.podSpec.initContainers ?? [])
        let podIP = sandboxes.first?.ips.first
        await withTaskGroup(of: Void.self) { group in
            for c in running {
                let hook = specs.first { $0.name == c.name }?.lifecycle?.preStop
                group.addTask {
                    let started = ContinuousClock.now
                    if let hook {
                        _ = await Handlers.run(hook, containerID: c.id, podIP: podIP, runtime: runtime, timeout: .seconds(gracePeriod))
                    }
                    let left = max(Duration.seconds(gracePeriod) - (ContinuousClock.now - started), .seconds(1))
                    try? await runtime.stopContainer(c.id, gracePeriod: left)
                }
            }
        }
        for s in sandboxes { try? await ctx.runtime.removeSandbox(s.id) }
        if !removed {
            let after = try await ctx.runtime.listContainers(podUID: uid)
            var status = try await buildStatus(after, sandbox: nil, terminating: true)
            // What the kubelet reports for a pod it finished stopping.
            let failed = after.contains { $0.exitCode != 0 }
            if status.phase != "Succeeded" && status.phase != "Failed" {
                status.phase = (pod.podSpec.restartPolicy ?? "Always") == "Always" || failed ? "Failed" : "Succeeded"
                if status.phase == "Failed", (pod.podSpec.restartPolicy ?? "Always") == "Always" && !failed { status.phase = "Succeeded" }
            }
            try? await post(status)
            do {
                try await ctx.client.delete(.pods, namespace: pod.metadata.namespace, name: pod.metadata.name ?? "", gracePeriodSeconds: 0, preconditionUID: uid)
            } catch let e as APIStatusError where e.code == 404 || e.code == 409 {
            }
        }
        for c in try await ctx.runtime.listContainers(podUID: uid) { try? await ctx.runtime.removeContainer(c.id) }
        PodVolumes(podDir: podDir, config: ctx.configSource, claimPath: claimPath).cleanUp()
        try? FileManager.default.removeItem(at: podLogDir)
        finished = true
        return .seconds(1)
    }

    // MARK: status

    func latest(_ name: String, in containers: [ContainerInfo]) -> ContainerInfo? {
        containers.filter { $0.name == name }.max { $0.attempt < $1.attempt }
    }
    func previous(_ name: String, in containers: [ContainerInfo]) -> ContainerInfo? {
        let mine = containers.filter { $0.name == name }.sorted { $0.attempt > $1.attempt }
        return mine.count > 1 ? mine[1] : nil
    }

    func terminated(_ c: ContainerInfo) -> ContainerState {
        ContainerState(terminated: ContainerStateTerminated(
            exitCode: c.exitCode ?? 0, signal: nil, reason: c.reason, message: terminationMessage(c),
            startedAt: c.startedAt.map(Time.init), finishedAt: c.finishedAt.map(Time.init),
            containerID: "\(ctx.runtime.name)://\(c.id)"))
    }

    func terminationMessage(_ c: ContainerInfo) -> String? {
        if let m = c.message { return m }
        let file = podDir.appendingPathComponent("containers/\(c.name)/\(c.attempt)-termination-log")
        if let d = FileManager.default.contents(atPath: file.path), !d.isEmpty {
            return String(decoding: d.prefix(4096), as: UTF8.self)
        }
        let spec = (pod.podSpec.containers + (pod.podSpec.initContainers ?? [])).first { $0.name == c.name }
        if spec?.terminationMessagePolicy == "FallbackToLogsOnError", c.exitCode != 0 {
            return LogReader.tail(path: c.logPath, lines: 80, maxBytes: 2048)
        }
        return nil
    }

    func containerStatus(_ spec: Container, _ all: [ContainerInfo], isInit: Bool, initDone: Bool, terminating: Bool) async -> ContainerStatus {
        let cur = latest(spec.name, in: all)
        let image = spec.image ?? ""
        guard let cur else {
            let w = waiting[spec.name]
            let reason = w?.reason ?? (isInit || initDone ? "ContainerCreating" : "PodInitializing")
            return ContainerStatus(
                name: spec.name, state: ContainerState(waiting: ContainerStateWaiting(reason: reason, message: w?.message.isEmpty == false ? w?.message : nil)),
                ready: false, restartCount: 0, image: image, imageID: "", started: false)
        }
        var s = ContainerStatus(
            name: spec.name, ready: false, restartCount: Int32(cur.attempt), image: image, imageID: cur.imageID,
            containerID: "\(ctx.runtime.name)://\(cur.id)", started: false)
        if let prev = previous(spec.name, in: all), prev.state == .exited { s.lastState = terminated(prev) }
        switch cur.state {
        case .running, .created:
            s.state = ContainerState(running: ContainerStateRunning(startedAt: (cur.startedAt ?? cur.createdAt).map(Time.init)))
            if let probe = probes[cur.id] {
                s.started = await probe.started
                let probeReady = await probe.ready
                s.ready = !terminating && probeReady
            } else {
                s.started = true
                s.ready = !isInit && !terminating
            }
        case .exited, .unknown:
            let policy = pod.podSpec.restartPolicy ?? "Always"
            let willRestart = !terminating && (isInit ? (cur.exitCode != 0 && policy != "Never")
                : (policy == "Always" || (policy == "OnFailure" && cur.exitCode != 0)))
            if willRestart, let w = waiting[spec.name] {
                s.state = ContainerState(waiting: ContainerStateWaiting(reason: w.reason, message: w.message))
                s.lastState = terminated(cur)
            } else if willRestart, backoffRemaining(spec.name, cur) != nil {
                let delay = Int(backoffDelay(max(restarts[spec.name] ?? 1, 1)))
                s.state = ContainerState(waiting: ContainerStateWaiting(
                    reason: "CrashLoopBackOff",
                    message: "back-off \(Self.goDuration(delay)) restarting failed container=\(spec.name) pod=\(pod.metadata.name ?? "")_\(pod.metadata.namespace ?? "")(\(uid))"))
                s.lastState = terminated(cur)
                let key = "backoff-\(spec.name)-\(cur.attempt)"
                if !loggedEvents.contains(key) {
                    loggedEvents.insert(key)
                    await event(.warning, "BackOff", "Back-off restarting failed container \(spec.name) in pod \(pod.metadata.name ?? "")_\(pod.metadata.namespace ?? "")(\(uid))")
                }
            } else {
                s.state = terminated(cur)
            }
        }
        return s
    }

    static func goDuration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        let m = seconds / 60, s = seconds % 60
        return s == 0 ? "\(m)m0s" : "\(m)m\(s)s"
    }

    func buildStatus(_ all: [ContainerInfo], sandbox: SandboxInfo?, terminating: Bool = false) async throws -> PodStatus {
        var status = pod.status ?? PodStatus()
        let inits = pod.podSpec.initContainers ?? []
        var initStatuses: [ContainerStatus] = []
        var initDone = true
        var initFailed = false
        for c in inits {
            let s = await containerStatus(c, all, isInit: true, initDone: false, terminating: terminating)
            initStatuses.append(s)
            if s.state?.terminated?.exitCode != 0 || s.state?.terminated == nil { initDone = false }
            if let t = s.state?.terminated, t.exitCode != 0, (pod.podSpec.restartPolicy ?? "Always") == "Never" { initFailed = true }
        }
        var statuses: [ContainerStatus] = []
        for c in pod.podSpec.containers {
            statuses.append(await containerStatus(c, all, isInit: false, initDone: initDone, terminating: terminating))
        }
        status.initContainerStatuses = inits.isEmpty ? nil : initStatuses
        status.containerStatuses = statuses
        status.hostIP = ctx.nodeIP
        status.hostIPs = [HostIP(ip: ctx.nodeIP)]
        if let sandbox {
            if pod.podSpec.hostNetwork == true {
                status.podIP = ctx.nodeIP
                status.podIPs = [PodIP(ip: ctx.nodeIP)]
            } else if let ip = sandbox.ips.first {
                status.podIP = ip
                status.podIPs = sandbox.ips.map { PodIP(ip: $0) }
            }
        }
        status.startTime = startTime
        status.phase = phase(initStatuses: initStatuses, statuses: statuses, initDone: initDone, initFailed: initFailed)
        if status.phase != "Pending" { status.reason = nil; status.message = nil }
        let ready = statuses.allSatisfy(\.ready) && !terminating
        let old = status.conditions ?? []
        func cond(_ type: String, _ ok: Bool, reason: String? = nil) -> PodCondition {
            let st = ok ? "True" : "False"
            if let prev = old.first(where: { $0.type == type }), prev.status == st { return prev }
            return PodCondition(type: type, status: st, lastTransitionTime: Time(Date()), reason: ok ? nil : reason)
        }
        var conds: [PodCondition] = [
            cond("PodReadyToStartContainers", sandbox != nil),
            cond("Initialized", initDone, reason: "ContainersNotInitialized"),
            cond("Ready", ready && initDone, reason: initDone ? "ContainersNotReady" : "ContainersNotInitialized"),
            cond("ContainersReady", ready && initDone, reason: initDone ? "ContainersNotReady" : "ContainersNotInitialized"),
        ]
        if status.phase == "Succeeded" || status.phase == "Failed" {
            conds[2] = cond("Ready", false, reason: "PodCompleted")
            conds[3] = cond("ContainersReady", false, reason: "PodCompleted")
        }
        let notReady = statuses.filter { !$0.ready }.map(\.name)
        if initDone, !notReady.isEmpty, status.phase != "Succeeded", status.phase != "Failed" {
            for i in conds.indices where (conds[i].type == "Ready" || conds[i].type == "ContainersReady") && conds[i].status == "False" {
                conds[i].message = "containers with unready status: [\(notReady.joined(separator: " "))]"
            }
        }
        for c in old where !conds.contains(where: { $0.type == c.type }) { conds.append(c) }
        // Kubernetes' order: PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled.
        status.conditions = conds.sorted { Self.conditionRank($0.type) < Self.conditionRank($1.type) }
        return status
    }

    static func conditionRank(_ t: String) -> Int {
        ["PodReadyToStartContainers": 0, "Initialized": 1, "Ready": 2, "ContainersReady": 3, "PodScheduled": 4][t] ?? 5
    }

    /// The kubelet's getPhase.
    func phase(initStatuses: [ContainerStatus], statuses: [ContainerStatus], initDone: Bool, initFailed: Bool) -> String {
        let policy = pod.podSpec.restartPolicy ?? "Always"
        if initFailed { return "Failed" }
        if !initDone { return "Pending" }
        var waiting = 0, running = 0, stopped = 0, succeeded = 0
        for s in statuses {
            if s.state?.running != nil {
                running += 1
            } else if let t = s.state?.terminated {
                stopped += 1
                if t.exitCode == 0 { succeeded += 1 }
            } else if s.state?.waiting != nil {
                if s.lastState?.terminated != nil { stopped += 1 } else { waiting += 1 }
            }
        }
        if waiting > 0 { return "Pending" }
        if running > 0 { return "Running" }
        if stopped > 0 {
            if policy == "Always" { return "Running" }
            if stopped == succeeded { return "Succeeded" }
            if policy == "Never" { return "Failed" }
            // OnFailure with a failure restarts it.
            let anyWaiting = statuses.contains { $0.state?.waiting != nil }
            return anyWaiting ? "Running" : "Failed"
        }
        return "Pending"
    }

    func post(_ status: PodStatus) async throws {
        if status == lastStatus { return }
        let encoded = try JSONValue.parse(Array(JSONEncoder().encode(status)))
        do {
            _ = try await ctx.client.patch(
                .pods, namespace: pod.metadata.namespace, name: pod.metadata.name ?? "", .merge, ["status": encoded], subresource: "status")
            lastStatus = status
            logger.debug("pod \(podName): status posted, phase \(status.phase ?? "")")
        } catch let e as APIStatusError where e.code == 404 {
            removed = true
        }
    }

    // MARK: helpers

    var podDir: URL { ctx.podsDir.appendingPathComponent(uid) }
    var podLogDir: URL {
        ctx.logsDir.appendingPathComponent("\(pod.metadata.namespace ?? "default")_\(pod.metadata.name ?? "")_\(uid)")
    }
    func logPath(_ container: String, _ attempt: Int) -> String {
        podLogDir.appendingPathComponent("\(container)/\(attempt).log").path
    }

    func sandboxConfig() -> SandboxConfig {
        var ports: [PortMapping] = []
        for c in pod.podSpec.containers {
            for p in c.ports ?? [] {
                if let hp = p.hostPort, hp > 0 {
                    ports.append(PortMapping(containerPort: Int(p.containerPort), hostPort: Int(hp), protocol: (p.protocol ?? "TCP").lowercased(), hostIP: p.hostIP))
                }
            }
        }
        return SandboxConfig(
            podUID: uid, namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "",
            hostNetwork: pod.podSpec.hostNetwork ?? false, portMappings: ports)
    }

    func writePodFiles(ips: [String]) throws {
        try FileManager.default.createDirectory(at: podDir, withIntermediateDirectories: true)
        let addresses = pod.podSpec.hostNetwork == true ? [ctx.nodeIP] : ips
        try PodFiles.hosts(pod, podIPs: addresses, clusterDomain: ctx.config.clusterDomain)
            .write(to: podDir.appendingPathComponent("etc-hosts"), atomically: true, encoding: .utf8)
        let dns = PodFiles.DNS(clusterDNS: ctx.config.clusterDNS, clusterDomain: ctx.config.clusterDomain, hostResolvConf: ctx.hostResolvConf)
        try PodFiles.resolvConf(pod, dns: dns).write(to: podDir.appendingPathComponent("resolv.conf"), atomically: true, encoding: .utf8)
        let host = pod.podSpec.hostNetwork == true ? ProcessInfo.processInfo.hostName : PodFiles.hostname(pod, clusterDomain: ctx.config.clusterDomain).short
        try (host + "\n").write(to: podDir.appendingPathComponent("hostname"), atomically: true, encoding: .utf8)
    }

    func podWithIPs(_ sandbox: SandboxInfo) -> Pod {
        var p = pod
        var s = p.status ?? PodStatus()
        s.hostIP = ctx.nodeIP
        s.hostIPs = [HostIP(ip: ctx.nodeIP)]
        if let ip = sandbox.ips.first {
            s.podIP = ip
            s.podIPs = sandbox.ips.map { PodIP(ip: $0) }
        }
        p.status = s
        return p
    }

    func defaultPullPolicy(_ image: String) -> String {
        let last = image.split(separator: "/").last.map(String.init) ?? image
        if image.contains("@") { return "IfNotPresent" }
        return last.contains(":") && !last.hasSuffix(":latest") ? "IfNotPresent" : "Always"
    }

    func pullSecrets() async -> [PullSecret] {
        var out: [PullSecret] = []
        for ref in pod.podSpec.imagePullSecrets ?? [] {
            guard let name = ref.name, let data = try? await ctx.configSource.secret(pod.metadata.namespace ?? "default", name),
                  let cfg = data[".dockerconfigjson"] ?? data[".dockercfg"] else { continue }
            out.append(PullSecret(dockerConfigJSON: cfg))
        }
        return out
    }

    var claimPath: @Sendable (String, String) async throws -> String? {
        let client = ctx.client
        return { ns, claim in
            let pvc = try await client.get(.persistentVolumeClaims, namespace: ns, name: claim)
            guard let volume = pvc[path: ["spec", "volumeName"]]?.stringValue, !volume.isEmpty else { return nil }
            let pv = try await client.get(.persistentVolumes, name: volume)
            return pv[path: ["spec", "hostPath", "path"]]?.stringValue ?? pv[path: ["spec", "local", "path"]]?.stringValue
        }
    }

    func event(_ type: EventRecorder.EventType, _ reason: String, _ message: String, dedupe: Bool = true) async {
        if dedupe {
            let key = "\(reason)|\(message)"
            if loggedEvents.contains(key) { return }
            loggedEvents.insert(key)
        }
        // Not awaited: a pod's start must not queue behind its own Events (on a
        // busy node, every status update then waited for all the Events before it).
        ctx.recorder.post(podJSON, type, reason: reason, message: message)
    }
}
