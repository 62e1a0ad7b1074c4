import Foundation
import Testing

/// The embedded node agent running real containers (runc under conmon,
/// CNI bridge networking, the busybox image built by scripts/busybox-image.sh).
@Suite(.serialized, .enabled(if: AgentHost.canRunContainers, "needs root, crun or runc, conmon, umoci and /bin/busybox"))
struct NodeAgentTests {
    func pod(_ name: String, _ body: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name)}
        spec:
          terminationGracePeriodSeconds: 2
        \(body)
        """
    }

    @Test func nodeRegistersWithCapacityLabelsAndLease() throws {
        let c = try TestCluster(extraArgs: ["--node-name", "node-a"], agent: true)
        #expect(try poll("True", seconds: 20) { try c.get("node", "node-a", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#) } == "True")
        #expect(try c.get("node", "node-a", "-o", "jsonpath={.status.capacity.pods}") == "110")
        #expect(try !c.get("node", "node-a", "-o", "jsonpath={.status.allocatable.memory}").isEmpty)
        #expect(try c.get("node", "node-a", "-o", #"jsonpath={.metadata.labels.kubernetes\.io/os}"#) == "linux")
        #expect(try c.get("node", "node-a", "-o", "jsonpath={.status.nodeInfo.containerRuntimeVersion}").contains("://"))
        #expect(try c.get("node", "node-a", "-o", "jsonpath={.status.images[*].names}").contains("docker.io/library/busybox:latest"))
        #expect(try c.get("lease", "-n", "kube-node-lease", "node-a", "-o", "jsonpath={.spec.holderIdentity}") == "node-a")
        #expect(try poll("10.", seconds: 10) { String(try c.get("node", "node-a", "-o", "jsonpath={.spec.podCIDR}").prefix(3)) } == "10.")
    }

    @Test func httpdPodIsReachableOnItsPodIP() throws {
        let c = try TestCluster(agent: true)
        let ready = try c.runPod(pod("web", """
              containers:
              - name: httpd
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["httpd", "-f", "-p", "8080", "-h", "/etc"]
                readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
            """), name: "web")
        #expect(ready, "\((try? c.get("pod", "web", "-o", "yaml")) ?? "")")
        let ip = try c.get("pod", "web", "-o", "jsonpath={.status.podIP}")
        #expect(ip.hasPrefix("10."))
        let body = try Self.curl("http://\(ip):8080/hostname")
        #expect(body.trimmingCharacters(in: .whitespacesAndNewlines) == "web")
        let hosts = try Self.curl("http://\(ip):8080/hosts")
        #expect(hosts.contains("Kubernetes-managed hosts file") && hosts.contains("\(ip)\tweb"))
        #expect(try c.get("pod", "web", "-o", "jsonpath={.status.containerStatuses[0].imageID}").hasPrefix("sha256:"))
    }

    @Test func failingContainerGoesToCrashLoopBackOffWithGrowingBackOff() throws {
        let c = try TestCluster(agent: true)
        _ = try c.ok("apply", "-f", "-", stdin: pod("crash", """
              containers:
              - name: c
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "echo failing; exit 1"]
            """))
        // Back-off 1 s doubling (TestCluster's --restart-backoff): restarts at about 0, 1, 2, 4, 8 s.
        var seen: [(Int, Date)] = []
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let n = Int(try c.get("pod", "crash", "-o", "jsonpath={.status.containerStatuses[0].restartCount}")) ?? 0
            if n != seen.last?.0 { seen.append((n, Date())) }
            if n >= 4 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect((seen.last?.0 ?? 0) >= 4, "restart counts seen: \(seen.map(\.0))")
        if seen.count >= 4 {
            let gaps = zip(seen.dropFirst(), seen).map { $0.1.timeIntervalSince($1.1) }
            #expect(gaps.last! > gaps[gaps.count - 3], "gaps between restarts should grow: \(gaps)")
        }
        #expect(try poll("CrashLoopBackOff", seconds: 10) { try c.get("pod", "crash", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}") } == "CrashLoopBackOff")
        #expect(try c.get("pod", "crash", "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}") == "1")
        #expect(try c.get("pods").contains("CrashLoopBackOff"))
        #expect(try c.ok("logs", "crash").contains("failing"))
        #expect(try c.ok("logs", "crash", "--previous").contains("failing"))
        #expect(try c.ok("get", "events", "--field-selector", "involvedObject.name=crash").contains("BackOff"))
    }

    @Test func containerOverItsMemoryLimitIsOOMKilled() throws {
        let c = try TestCluster(agent: true)
        _ = try c.ok("apply", "-f", "-", stdin: pod("hog", """
              restartPolicy: Never
              containers:
              - name: hog
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["tail", "/dev/zero"]
                resources: {limits: {memory: 16Mi}}
            """))
        #expect(try poll("OOMKilled", seconds: 30) { try c.get("pod", "hog", "-o", "jsonpath={.status.containerStatuses[0].state.terminated.reason}") } == "OOMKilled")
        #expect(try c.get("pod", "hog", "-o", "jsonpath={.status.containerStatuses[0].state.terminated.exitCode}") == "137")
        #expect(try c.get("pod", "hog", "-o", "jsonpath={.status.phase}") == "Failed")
    }

    @Test func failingLivenessRestartsAndFailingReadinessClearsReady() throws {
        let c = try TestCluster(agent: true)
        _ = try c.ok("apply", "-f", "-", stdin: pod("probed", """
              containers:
              - name: live
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "touch /tmp/alive; sleep 3; rm /tmp/alive; sleep 3600"]
                livenessProbe: {exec: {command: ["cat", "/tmp/alive"]}, periodSeconds: 1, failureThreshold: 2}
              - name: ready
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "touch /tmp/ready; sleep 4; rm /tmp/ready; sleep 3600"]
                readinessProbe: {exec: {command: ["cat", "/tmp/ready"]}, periodSeconds: 1, failureThreshold: 1}
            """))
        #expect(try poll("true", seconds: 20) { try c.get("pod", "probed", "-o", #"jsonpath={.status.containerStatuses[?(@.name=="ready")].ready}"#) } == "true")
        #expect(try poll("false", seconds: 20) { try c.get("pod", "probed", "-o", #"jsonpath={.status.containerStatuses[?(@.name=="ready")].ready}"#) } == "false")
        #expect(try c.get("pod", "probed", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#) == "False")
        #expect(try eventually(30) { (Int(try c.get("pod", "probed", "-o", #"jsonpath={.status.containerStatuses[?(@.name=="live")].restartCount}"#)) ?? 0) >= 1 })
        #expect(try c.ok("get", "events", "--field-selector", "involvedObject.name=probed").contains("Liveness probe failed"))
    }

    @Test func configMapVolumeUpdatesAndSecretEnv() throws {
        let c = try TestCluster(agent: true)
        _ = try c.ok("create", "configmap", "settings", "--from-literal=color=blue")
        _ = try c.ok("create", "secret", "generic", "creds", "--from-literal=password=s3cret")
        let ready = try c.runPod(pod("reader", """
              containers:
              - name: r
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "echo password=$PASSWORD; while true; do echo color=$(cat /config/color); sleep 1; done"]
                env:
                - name: PASSWORD
                  valueFrom: {secretKeyRef: {name: creds, key: password}}
                - name: POD_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                volumeMounts: [{name: cfg, mountPath: /config}]
              volumes:
              - name: cfg
                configMap: {name: settings}
            """), name: "reader")
        #expect(ready)
        #expect(try eventually(10) { try c.ok("logs", "reader").contains("password=s3cret") })
        #expect(try eventually(10) { try c.ok("logs", "reader").contains("color=blue") })
        _ = try c.ok("patch", "configmap", "settings", "-p", #"{"data":{"color":"green"}}"#)
        #expect(try eventually(30) { try c.ok("logs", "reader", "--tail", "2").contains("color=green") })
    }

    @Test func restartedAgentLeavesPodsRunningAndReadoptsThem() throws {
        let c = try TestCluster(agent: true)
        #expect(try c.runPod(pod("steady", """
              containers:
              - name: s
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["sleep", "3600"]
            """), name: "steady"))
        let before = try c.get("pod", "steady", "-o", "jsonpath={.status.containerStatuses[0].containerID}")
        let pid = try #require(c.containerPID(before))
        c.stop()
        #expect(kill(pid, 0) == 0, "the container must keep running while the agent is down")
        try c.start()
        Thread.sleep(forTimeInterval: 3)
        #expect(try c.get("pod", "steady", "-o", "jsonpath={.status.containerStatuses[0].containerID}") == before)
        #expect(try c.get("pod", "steady", "-o", "jsonpath={.status.containerStatuses[0].restartCount}") == "0")
        #expect(try c.get("pod", "steady", "-o", "jsonpath={.status.phase}") == "Running")
        _ = try c.ok("delete", "pod", "steady", "--grace-period=1")
        #expect(try eventually(10) { kill(pid, 0) != 0 }, "deleting the pod after the restart stops its container")
    }

    @Test func deploymentComesUpAndHealsWhenAProcessIsKilled() throws {
        let c = try TestCluster(agent: true)
        _ = try c.ok("apply", "-f", "-", stdin: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              replicas: 2
              selector: {matchLabels: {app: app}}
              template:
                metadata: {labels: {app: app}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: app, image: busybox, imagePullPolicy: IfNotPresent, command: ["sleep", "3600"]}
            """)
        #expect(try c.kubectl("rollout", "status", "deployment/app", "--timeout=60s", timeout: 70).ok)
        let pods = try c.get("pods", "-l", "app=app", "-o", "jsonpath={.items[*].metadata.name}").split(separator: " ").map(String.init)
        #expect(pods.count == 2)
        let victim = try #require(pods.first)
        let cid = try c.get("pod", victim, "-o", "jsonpath={.status.containerStatuses[0].containerID}")
        let pid = try #require(c.containerPID(cid))
        kill(pid, SIGKILL)
        #expect(try eventually(20) { try c.get("pod", victim, "-o", "jsonpath={.status.containerStatuses[0].restartCount}") == "1" })
        #expect(try c.kubectl("wait", "--for=condition=Ready", "pod/\(victim)", "--timeout=20s", timeout: 30).ok)
        #expect(try c.get("deployment", "app", "-o", "jsonpath={.status.availableReplicas}") == "2")
    }

    @Test func shareProcessNamespaceLetsContainersSeeEachOther() throws {
        let c = try TestCluster(agent: true)
        defer { _ = try? c.kubectl("delete", "pod", "shared", "alone", "--grace-period=1", "--wait=true", "--timeout=60s", timeout: 70) }
        func pod(_ name: String, share: Bool) -> String {
            self.pod(name, """
                  shareProcessNamespace: \(share)
                  containers:
                  - {name: first, image: busybox, imagePullPolicy: IfNotPresent, command: ["sleep", "3601"]}
                  - {name: second, image: busybox, imagePullPolicy: IfNotPresent, command: ["sleep", "3602"]}
                """)
        }
        #expect(try c.runPod(pod("shared", share: true), name: "shared"))
        #expect(try c.runPod(pod("alone", share: false), name: "alone"))
        // One PID namespace: the second container sees the first's process (and vice versa).
        let seen = try c.ok("exec", "shared", "-c", "second", "--", "ps", "-o", "args")
        #expect(seen.contains("sleep 3601") && seen.contains("sleep 3602"), "\(seen)")
        // Without it each container is PID 1 of its own namespace.
        let own = try c.ok("exec", "alone", "-c", "second", "--", "ps", "-o", "args")
        #expect(!own.contains("sleep 3601") && own.contains("sleep 3602"), "\(own)")
    }

    @Test func containerLogsAreRotated() throws {
        let c = try TestCluster(extraArgs: ["--container-log-max-size", "64Ki", "--container-log-max-files", "3"], agent: true)
        defer { _ = try? c.kubectl("delete", "pod", "chatty", "--grace-period=1", "--wait=true", "--timeout=60s", timeout: 70) }
        #expect(try c.runPod(pod("chatty", """
              containers:
              - name: talk
                image: busybox
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "i=0; while true; do echo line $i 0123456789012345678901234567890123456789012345678901234567890123456789; i=$((i+1)); done"]
            """), name: "chatty"))
        let uid = try c.get("pod", "chatty", "-o", "jsonpath={.metadata.uid}")
        let dir = c.dataDir.appendingPathComponent("agent/logs/default_chatty_\(uid)/talk").path
        func files() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }
        // Checked every 10 s: two rotations within 30 s, and never more than 2 rotated files kept.
        #expect(eventually(40) { files().filter { $0.hasPrefix("0.log.") }.count == 2 && files().contains("0.log") }, "\(files())")
        Thread.sleep(forTimeInterval: 11)
        let kept = files()
        // Never more than 2 (one fewer for a moment while a rotation drops the oldest before renaming).
        #expect((1...2).contains(kept.filter { $0.hasPrefix("0.log.") }.count), "\(kept)")
        for f in kept {
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(dir)/\(f)")[.size] as? NSNumber)?.intValue ?? 0
            #expect(size < 4 * 64 * 1024 + 8192, "\(f) is \(size) bytes")
        }
        // kubectl logs reads the current file (empty for a moment right after a rotation).
        let last = try poll("line", seconds: 10) { String(try c.ok("logs", "chatty", "--tail", "2").prefix(4)) }
        #expect(last == "line")
    }

    static func curl(_ url: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-s", "-m", "5", url]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let d = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: d, as: UTF8.self)
    }
}
