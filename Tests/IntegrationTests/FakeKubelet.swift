import Foundation

/// A stand-in for node agents, driven through kubectl on a background
/// thread: for each node it plays, it renews the node's Lease in
/// kube-node-lease, marks the pods bound to it Running and Ready, and
/// finishes the graceful deletion of its terminating pods (delete with
/// grace 0), as a kubelet does once containers stopped. With
/// `playsUnbound` it also marks pods no node was chosen for (tests without
/// Node objects). It is a fake because the real agent (issue 5) does not
/// exist yet; everything it does goes through the real API server.
final class FakeKubelet: @unchecked Sendable {
    // @unchecked: mutable state sits behind `lock`.
    private let cluster: TestCluster
    private let lock = NSLock()
    private var nodes: Set<String>
    private var playsUnbound: Bool
    private var running = true
    private let stopped = DispatchSemaphore(value: 0)

    init(_ cluster: TestCluster, nodes: Set<String> = [], playsUnbound: Bool = false) {
        self.cluster = cluster
        self.nodes = nodes
        self.playsUnbound = playsUnbound
        Thread.detachNewThread { [self] in
            while isRunning {
                tick()
                Thread.sleep(forTimeInterval: 0.3)
            }
            stopped.signal()
        }
    }

    private var isRunning: Bool { lock.withLock { running } }

    /// Stops playing `node`: no more lease renewals or pod updates for it (a node gone silent).
    func silence(_ node: String) { _ = lock.withLock { nodes.remove(node) } }

    func stop() {
        lock.withLock { running = false }
        stopped.wait()
    }

    deinit { if isRunning { stop() } }

    private func tick() {
        let (played, unbound) = lock.withLock { (nodes, playsUnbound) }
        renewLeases(played)
        let listing = (try? cluster.kubectl(
            "get", "pods", "-A", "-o",
            #"jsonpath={range .items[*]}{.metadata.namespace}|{.metadata.name}|{.spec.nodeName}|{.status.phase}|{.metadata.deletionTimestamp}{"\n"}{end}"#,
            timeout: 10).stdout) ?? ""
        for line in listing.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, isRunning else { continue }
            let (ns, name, node, phase, deleting) = (f[0], f[1], f[2], f[3], !f[4].isEmpty)
            let ours = node.isEmpty ? unbound : played.contains(node)
            guard ours else { continue }
            if deleting {
                if !node.isEmpty { _ = try? cluster.kubectl("delete", "pod", "-n", ns, name, "--grace-period=0", "--force", "--wait=false", timeout: 10) }
            } else if phase == "Pending" || phase.isEmpty {
                _ = try? cluster.kubectl(
                    "patch", "pod", "-n", ns, name, "--subresource=status", "--type=merge", "-p",
                    #"{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"}]}}"#,
                    timeout: 10)
            }
        }
    }

    private func renewLeases(_ nodes: Set<String>) {
        guard !nodes.isEmpty else { return }
        let now = FakeKubelet.microTime(Date())
        for n in nodes.sorted() {
            _ = try? cluster.kubectl(
                "apply", "--server-side", "--force-conflicts", "-f", "-",
                stdin: #"{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"\#(n)","namespace":"kube-node-lease"},"spec":{"holderIdentity":"\#(n)","leaseDurationSeconds":40,"renewTime":"\#(now)"}}"#,
                timeout: 10)
        }
    }

    static func microTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'"
        return f.string(from: date)
    }
}
