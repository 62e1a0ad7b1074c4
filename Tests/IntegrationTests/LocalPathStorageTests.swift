import Foundation
import Testing

/// The local-path provisioner with the real node agent: a claim without a
/// class gets the default `local-path`, is provisioned under
/// DATA-DIR/storage on the pod's node and bound; what a pod wrote there is
/// still there for the next pod; deleting the claim deletes the volume and
/// its directory. Needs root, crun/runc, umoci and busybox-static.
@Suite(.serialized, .enabled(if: AgentHost.canRunContainers, "needs root, crun or runc, conmon, umoci and /bin/busybox"))
struct LocalPathStorageTests {
    static func pod(_ name: String, command: String) -> String {
        #"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)"},"spec":{
          "restartPolicy":"Never","terminationGracePeriodSeconds":1,
          "containers":[{"name":"c","image":"busybox","imagePullPolicy":"IfNotPresent",
            "command":["sh","-c",\#(String(reflecting: command))],"volumeMounts":[{"name":"data","mountPath":"/data"}]}],
          "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data"}}]}}
        """#
    }

    @Test func dataOnAClaimOutlivesItsPodAndGoesWithTheClaim() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-lp-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: base) }
        let dataDir = base.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)

        let c = try TestCluster(dataDir: dataDir, agent: true)
        defer {
            // Containers the agent started go with their pods.
            _ = try? c.kubectl("delete", "pod", "--all", "--grace-period=1", "--wait=true", timeout: 60)
            c.stop()
        }
        #expect(try poll("local-path") { try c.get("storageclass", "-o", "jsonpath={.items[*].metadata.name}") } == "local-path")
        #expect(try c.get("storageclass", "local-path", "-o", #"jsonpath={.metadata.annotations.storageclass\.kubernetes\.io/is-default-class}"#) == "true")

        try c.ok("apply", "-f", "-", stdin: #"""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"64Mi"}}}}
            """#)
        // The default class is filled in; with WaitForFirstConsumer nothing happens before a pod.
        #expect(try c.get("pvc", "data", "-o", "jsonpath={.spec.storageClassName}") == "local-path")
        #expect(try c.get("pvc", "data", "-o", "jsonpath={.status.phase}") == "Pending")

        try c.ok("apply", "-f", "-", stdin: Self.pod("writer", command: "echo hello > /data/x && sleep 3600"))
        #expect(try poll("Bound") { try c.get("pvc", "data", "-o", "jsonpath={.status.phase}") } == "Bound", "\(c.serverLog())")
        #expect(try poll("Running", seconds: 60) { try c.get("pod", "writer", "-o", "jsonpath={.status.phase}") } == "Running",
                "\((try? c.get("pod", "writer", "-o", "yaml")) ?? "")")
        let pv = try c.get("pvc", "data", "-o", "jsonpath={.spec.volumeName}")
        #expect(pv.hasPrefix("pvc-"))
        #expect(try c.get("pv", pv, "-o", "jsonpath={.status.phase}") == "Bound")
        #expect(try c.get("pvc", "data", "-o", "jsonpath={.status.capacity.storage}") == "64Mi")
        let node = try c.get("pod", "writer", "-o", "jsonpath={.spec.nodeName}")
        #expect(try c.get("pv", pv, "-o", "jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}") == node)
        let path = try c.get("pv", pv, "-o", "jsonpath={.spec.hostPath.path}")
        #expect(path.hasPrefix(dataDir.appendingPathComponent("storage").path + "/\(pv)_default_data"), "\(path)")
        let file = URL(fileURLWithPath: path).appendingPathComponent("x")
        #expect(eventually { (try? String(contentsOf: file, encoding: .utf8)) == "hello\n" })

        try c.ok("delete", "pod", "writer", "--grace-period=1")
        // The reader stays up only if it finds what the writer left.
        try c.ok("apply", "-f", "-", stdin: Self.pod("reader", command: "grep -q hello /data/x && sleep 3600"))
        #expect(try poll("True", seconds: 60) {
            try c.get("pod", "reader", "-o", #"jsonpath={.status.conditions[?(@.type=="Ready")].status}"#)
        } == "True", "\((try? c.get("pod", "reader", "-o", "yaml")) ?? "")")
        #expect(try c.get("pod", "reader", "-o", "jsonpath={.status.containerStatuses[0].restartCount}") == "0")

        try c.ok("delete", "pod", "reader", "--grace-period=1")
        try c.ok("delete", "pvc", "data")
        #expect(try poll("") { try c.get("pv", "-o", "name") } == "")
        #expect(eventually { !FileManager.default.fileExists(atPath: path) }, "\(path) still exists")
    }
}
