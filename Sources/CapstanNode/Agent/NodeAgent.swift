import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// The node agent (our kubelet): registers its Node, renews its Lease in
/// kube-node-lease, watches the pods bound to it and runs one PodWorker per
/// pod. Talks to nothing but the API server and its container runtime.
public actor NodeAgent {
    let client: KubeClient
    let config: AgentConfig
    let runtime: any ContainerRuntime
    let images: any ImageService
    let logger: Logger
    public let nodeIP: String
    private var workers: [String: (worker: PodWorker, task: Task<Void, Never>)] = [:]
    private var lastNodeStatus: JSONValue?
    private var lastHeartbeat = ContinuousClock.now
    let startedAt = Date()
    let cpuRates = CPURates()

    /// The address a node reports when not told (--node-ip): the default route's interface's.
    public static func defaultNodeIP() -> String { MachineInfo.primaryIPv4() }

    public init(client: KubeClient, config: AgentConfig, runtime: any ContainerRuntime, images: any ImageService, logger: Logger) {
        self.client = client
        self.config = config
        self.runtime = runtime
        self.images = images
        self.logger = logger
        self.nodeIP = config.nodeIP ?? MachineInfo.primaryIPv4()
    }

    // MARK: capacity

    nonisolated var capacity: [String: Quantity] {
        let fs = MachineInfo.filesystem(config.dataDir.path)
        return [
            "cpu": Quantity("\(MachineInfo.cpuCount())"),
            "memory": MachineInfo.quantityBytes(MachineInfo.memoryBytes()),
            "pods": Quantity("\(config.maxPods)"),
            "ephemeral-storage": MachineInfo.quantityBytes(fs.total),
        ]
    }

    /// Capacity minus reservations and the hard eviction threshold, as the kubelet computes it.
    nonisolated var allocatable: [String: Quantity] {
        var out = capacity
        func minus(_ key: String, _ q: Quantity) {
            guard let cap = out[key] else { return }
            if key == "cpu" {
                out[key] = Quantity("\(max(0, cap.milliValue - q.milliValue))m")
            } else {
                out[key] = MachineInfo.quantityBytes(max(0, cap.value - q.value))
            }
        }
        for (k, q) in config.reserved { minus(k, q) }
        minus("memory", config.evictionHardMemory)
        if let cpu = out["cpu"], cpu.milliValue % 1000 == 0 { out["cpu"] = Quantity("\(cpu.milliValue / 1000)") }
        return out
    }

    public func run() async {
        await register()
        let recorder = EventRecorder(client: client, component: "kubelet", logger: logger)
        let hostResolv = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? ""
        let ctx = AgentContext(
            client: client, runtime: runtime, images: images, recorder: recorder, config: config,
            configSource: APIConfigSource(client: client), logger: logger, nodeIP: nodeIP, allocatable: allocatable,
            hostResolvConf: hostResolv)
        let informer = Informer(
            client: client, resource: .pods, fieldSelector: "spec.nodeName=\(config.nodeName)",
            logger: Logger(label: "capstan.agent.informer"))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await informer.run() }
            group.addTask { await self.leaseLoop() }
            group.addTask { await self.statusLoop() }
            group.addTask { await self.statsLoop() }
            group.addTask {
                for await e in await informer.events() {
                    switch e {
                    case .added(let o), .updated(_, let o): await self.podChanged(o, ctx: ctx)
                    case .deleted(let o): await self.podRemoved(o)
                    case .synced: await self.cleanUpOrphans(keep: Set(informer.items.compactMap { $0[path: ["metadata", "uid"]]?.stringValue }))
                    }
                }
            }
            await group.waitForAll()
        }
        for (_, w) in workers { w.task.cancel() }
    }

    // MARK: pods

    func podChanged(_ json: JSONValue, ctx: AgentContext) async {
        guard let pod = try? JSONValueDecoder().decode(Pod.self, from: json), let uid = pod.metadata.uid else {
            logger.warning("cannot decode pod \(json[path: ["metadata", "name"]]?.stringValue ?? "?")")
            return
        }
        if let w = workers[uid] {
            await w.worker.update(json, pod)
            return
        }
        let worker = PodWorker(pod: json, pod: pod, ctx: ctx)
        let task = Task {
            await worker.run()
            await self.workerFinished(uid)
        }
        workers[uid] = (worker, task)
    }

    func podRemoved(_ json: JSONValue) async {
        guard let uid = json[path: ["metadata", "uid"]]?.stringValue, let w = workers[uid] else { return }
        await w.worker.markRemoved()
    }

    func workerFinished(_ uid: String) { workers[uid] = nil }

    /// Containers and sandboxes of pods this node no longer has (deleted while the agent was down).
    func cleanUpOrphans(keep: Set<String>) async {
        do {
            for c in try await runtime.listContainers() where !keep.contains(c.podUID) {
                logger.info("removing container \(c.name) of pod \(c.podUID), which no longer exists")
                try? await runtime.stopContainer(c.id, gracePeriod: .seconds(2))
                try? await runtime.removeContainer(c.id)
            }
            for s in try await runtime.listSandboxes() where !keep.contains(s.podUID) {
                try? await runtime.removeSandbox(s.id)
            }
        } catch {
            logger.warning("cleaning up orphaned containers: \(error)")
        }
        let podsDir = config.dataDir.appendingPathComponent("pods")
        for uid in (try? FileManager.default.contentsOfDirectory(atPath: podsDir.path)) ?? [] where !keep.contains(uid) {
            PodVolumes(podDir: podsDir.appendingPathComponent(uid), config: APIConfigSource(client: client), claimPath: { _, _ in nil }).cleanUp()
        }
    }

    // MARK: node object

    nonisolated func nodeLabels() -> [String: JSONValue] {
        [
            "kubernetes.io/hostname": .string(config.nodeName),
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": .string(MachineInfo.architecture()),
            "beta.kubernetes.io/os": "linux",
            "beta.kubernetes.io/arch": .string(MachineInfo.architecture()),
        ]
    }

    func nodeStatus() async -> JSONValue {
        func q(_ m: [String: Quantity]) -> JSONValue { .object(m.mapValues { .string($0.string) }) }
        let now = JSONValue.string(Time(Date()).rfc3339)
        let memPressure = MachineInfo.memoryAvailable() < config.evictionHardMemory.value
        let fs = MachineInfo.filesystem(config.dataDir.path)
        let diskPressure = fs.total > 0 && Double(fs.free) / Double(fs.total) < 0.10
        func condition(_ type: String, _ status: Bool, _ reason: String, _ message: String) -> JSONValue {
            ["type": .string(type), "status": status ? "True" : "False", "reason": .string(reason), "message": .string(message),
             "lastHeartbeatTime": now, "lastTransitionTime": now]
        }
        var images: [JSONValue] = []
        for i in await self.images.nodeImages().sorted(by: { $0.sizeBytes > $1.sizeBytes }).prefix(50) {
            images.append(["names": .array(i.names.map { .string($0) }), "sizeBytes": .int(i.sizeBytes)])
        }
        return [
            "capacity": q(capacity),
            "allocatable": q(allocatable),
            "conditions": [
                condition("MemoryPressure", memPressure, memPressure ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
                          memPressure ? "kubelet has insufficient memory available" : "kubelet has sufficient memory available"),
                condition("DiskPressure", diskPressure, diskPressure ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
                          diskPressure ? "kubelet has disk pressure" : "kubelet has no disk pressure"),
                condition("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", true, "KubeletReady", "kubelet is posting ready status"),
            ],
            "addresses": [
                ["type": "InternalIP", "address": .string(nodeIP)],
                ["type": "Hostname", "address": .string(config.nodeName)],
            ],
            "daemonEndpoints": ["kubeletEndpoint": ["Port": .int(Int64(config.port))]],
            "nodeInfo": [
                "machineID": .string(MachineInfo.read("/etc/machine-id")),
                "systemUUID": .string(MachineInfo.read("/sys/class/dmi/id/product_uuid")),
                "bootID": .string(MachineInfo.read("/proc/sys/kernel/random/boot_id")),
                "kernelVersion": .string(MachineInfo.kernelVersion()),
                "osImage": .string(MachineInfo.osImage()),
                "containerRuntimeVersion": .string("\(runtime.name)://\(runtime.version)"),
                "kubeletVersion": .string("v\(CapstanAPIVersion.major).\(CapstanAPIVersion.minor).0-capstan"),
                "kubeProxyVersion": "",
                "operatingSystem": "linux",
                "architecture": .string(MachineInfo.architecture()),
            ],
            "images": .array(images),
        ]
    }

    /// Creates the Node, or takes over the one a previous run registered.
    func register() async {
        while !Task.isCancelled {
            do {
                let node: JSONValue = [
                    "apiVersion": "v1", "kind": "Node",
                    "metadata": ["name": .string(config.nodeName), "labels": .object(nodeLabels())],
                    "spec": .emptyObject,
                ]
                do {
                    _ = try await client.create(.nodes, node)
                    logger.info("registered node \(config.nodeName) (\(nodeIP), runtime \(runtime.name) \(runtime.version))")
                } catch let e as APIStatusError where e.code == 409 {
                    _ = try await client.patch(.nodes, name: config.nodeName, .merge, ["metadata": ["labels": .object(nodeLabels())]])
                    logger.info("node \(config.nodeName) already registered; updating it")
                }
                try await postNodeStatus(force: true)
                return
            } catch {
                logger.warning("cannot register node \(config.nodeName): \(error); retrying")
                try? await Task.sleep(for: .seconds(2))
            }
        }
    }

    func postNodeStatus(force: Bool) async throws {
        let status = await nodeStatus()
        // Heartbeat times change every call: compare without them, post on change or once a minute.
        func stripped(_ v: JSONValue) -> JSONValue {
            guard case .object(var o) = v else { return v }
            if case .array(let conds)? = o["conditions"] {
                o["conditions"] = .array(conds.map {
                    guard case .object(var c) = $0 else { return $0 }
                    c["lastHeartbeatTime"] = nil
                    c["lastTransitionTime"] = nil
                    return .object(c)
                })
            }
            return .object(o)
        }
        let changed = lastNodeStatus.map(stripped) != stripped(status)
        guard force || changed || ContinuousClock.now - lastHeartbeat > .seconds(60) else { return }
        var toSend = status
        if !changed, !force, let prev = lastNodeStatus, case .object(var o) = toSend {
            // Same conditions: keep their transition times.
            o["conditions"] = .array(zip(prev["conditions"]?.arrayValue ?? [], status["conditions"]?.arrayValue ?? []).map { p, n in
                guard case .object(var c) = n else { return n }
                c["lastTransitionTime"] = p["lastTransitionTime"]
                return .object(c)
            })
            toSend = .object(o)
        }
        _ = try await client.patch(.nodes, name: config.nodeName, .merge, ["status": toSend], subresource: "status")
        lastNodeStatus = toSend
        lastHeartbeat = .now
    }

    func statusLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(10))
            do { try await postNodeStatus(force: false) } catch { logger.warning("node status: \(error)") }
        }
    }

    func leaseLoop() async {
        while !Task.isCancelled {
            await renewLease()
            try? await Task.sleep(for: config.leaseRenewInterval)
        }
    }

    func renewLease() async {
        let now = JSONValue.string(Time.format(Date(), fractional: true))
        let name = config.nodeName
        do {
            do {
                _ = try await client.patch(.leases, namespace: "kube-node-lease", name: name, .merge, ["spec": ["renewTime": now, "holderIdentity": .string(name)]])
            } catch let e as APIStatusError where e.code == 404 {
                var lease: JSONValue = [
                    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": ["name": .string(name), "namespace": "kube-node-lease"],
                    "spec": ["holderIdentity": .string(name), "leaseDurationSeconds": .int(Int64(config.leaseDurationSeconds)), "renewTime": now],
                ]
                if let node = try? await client.get(.nodes, name: name), let uid = node[path: ["metadata", "uid"]]?.stringValue {
                    if case .object(var o) = lease, case .object(var m)? = o["metadata"] {
                        m["ownerReferences"] = [["apiVersion": "v1", "kind": "Node", "name": .string(name), "uid": .string(uid)]]
                        o["metadata"] = .object(m)
                        lease = .object(o)
                    }
                }
                _ = try await client.create(.leases, namespace: "kube-node-lease", lease)
            }
        } catch {
            logger.warning("cannot renew node lease: \(error)")
        }
    }
}
