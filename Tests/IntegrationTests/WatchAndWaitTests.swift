import Foundation
import Testing

@Suite(.serialized) struct WatchAndWaitTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }

    @Test func getWatchSeesChanges() throws {
        try c.ok("create", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w1"}}"#)
        let group = DispatchGroup()
        nonisolated(unsafe) var watched: TestCluster.Result?
        group.enter()
        Thread.detachNewThread { [c] in
            watched = try? c.kubectl("get", "cm", "-w", "--request-timeout=4s", timeout: 6)
            group.leave()
        }
        Thread.sleep(forTimeInterval: 1.5)
        try c.ok("create", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w2"}}"#)
        group.wait()
        let out = watched?.stdout ?? ""
        #expect(out.contains("w1"))
        #expect(out.contains("w2"), "watch output: \(out) \(watched?.stderr ?? "")")
    }

    @Test func waitForDeleteWithFinalizer() throws {
        try c.ok("create", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fin","finalizers":["example.com/hold"]}}"#)
        try c.ok("delete", "cm", "fin", "--wait=false")
        let ts = try c.ok("get", "cm", "fin", "-o", "jsonpath={.metadata.deletionTimestamp}")
        #expect(!ts.isEmpty, "an object with finalizers is only marked for deletion")
        let timedOut = try c.kubectl("wait", "--for=delete", "cm/fin", "--timeout=1s")
        #expect(!timedOut.ok)
        try c.ok("patch", "cm", "fin", "--type", "merge", "-p", #"{"metadata":{"finalizers":null}}"#)
        try c.ok("wait", "--for=delete", "cm/fin", "--timeout=10s")
    }

    @Test func namespaceDeletionRemovesContent() throws {
        try c.ok("create", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"doomed"}}"#)
        try c.ok("create", "-n", "doomed", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"inside"}}"#)
        try c.ok("delete", "ns", "doomed", "--wait=true", "--timeout=20s")
        _ = try c.fails("get", "ns", "doomed")
        let err = try c.fails("create", "-n", "nowhere", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}"#)
        #expect(err.contains("NotFound") && err.contains("nowhere"))
    }

    @Test func podsOnANodeAreDeletedGracefully() throws {
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME"},"spec":{NODE"terminationGracePeriodSeconds":45,"containers":[{"name":"c","image":"busybox:1.36"}]}}"#
        // Not on a node: nothing has to stop it, so it goes at once.
        try c.ok("create", "-f", "-", stdin: pod.replacingOccurrences(of: "NAME", with: "floating").replacingOccurrences(of: "NODE", with: ""))
        try c.ok("delete", "pod", "floating", "--wait=false")
        #expect(try c.fails("get", "pod", "floating").contains("NotFound"))
        // On a node: marked with the pod's grace period, left for the node agent.
        try c.ok("create", "-f", "-", stdin: pod.replacingOccurrences(of: "NAME", with: "placed").replacingOccurrences(of: "NODE", with: #""nodeName":"n1","#))
        try c.ok("delete", "pod", "placed", "--wait=false")
        #expect(try c.ok("get", "pod", "placed", "-o", "jsonpath={.metadata.deletionGracePeriodSeconds}") == "45")
        #expect(try c.ok("get", "pod", "placed").contains("Terminating"))
        // --force --grace-period=0 removes it now.
        try c.ok("delete", "pod", "placed", "--force", "--grace-period=0")
        #expect(try c.fails("get", "pod", "placed").contains("NotFound"))
    }
}
