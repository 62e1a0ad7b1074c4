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
}
