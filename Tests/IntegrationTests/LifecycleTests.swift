import Foundation
import Testing

/// Process-level guarantees: durability across kill -9, clean SIGTERM,
/// credentials reused across restarts.
@Suite(.serialized) struct LifecycleTests {
    @Test func acknowledgedWritesSurviveKill9() throws {
        let c = try TestCluster()
        for i in 0..<20 {
            try c.ok("create", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"durable-\#(i)"},"data":{"i":"\#(i)"}}"#)
        }
        c.stop(signal: SIGKILL)
        try c.start()
        let names = try c.ok("get", "cm", "-o", "name")
        for i in 0..<20 { #expect(names.contains("configmap/durable-\(i)\n")) }
        // The same kubeconfig (same CA and client certificate) still works after restart.
        #expect(try c.ok("get", "cm", "durable-7", "-o", "jsonpath={.data.i}") == "7")
        c.stop(signal: SIGTERM)
        #expect(c.process?.terminationStatus == 0, "SIGTERM should shut down cleanly: \(c.serverLog())")
    }

    @Test func resourceVersionsAreMonotonicAndConflictsDetected() throws {
        let c = try TestCluster()
        try c.ok("create", "configmap", "rv", "--from-literal=a=1", "--dry-run=client", "-o", "json")
        try c.ok("apply", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rv"},"data":{"a":"1"}}"#)
        let rv1 = Int(try c.ok("get", "cm", "rv", "-o", "jsonpath={.metadata.resourceVersion}")) ?? 0
        try c.ok("label", "cm", "rv", "x=y")
        let rv2 = Int(try c.ok("get", "cm", "rv", "-o", "jsonpath={.metadata.resourceVersion}")) ?? 0
        #expect(rv2 > rv1)
        let stale = try c.fails("label", "cm", "rv", "z=w", "--resource-version=\(rv1)")
        #expect(stale.contains("Conflict") || stale.contains("modified"))
        let replaced = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rv","resourceVersion":"\#(rv1)"},"data":{"a":"2"}}"#
        #expect(try c.fails("replace", "-f", "-", stdin: replaced).contains("Conflict"))
        let fresh = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rv"},"data":{"a":"3"}}"#
        try c.ok("replace", "-f", "-", stdin: fresh)
        #expect(try c.ok("get", "cm", "rv", "-o", "jsonpath={.data.a}") == "3")
    }

    @Test func oversizedBodiesGet413() throws {
        let c = try TestCluster()
        let big = String(repeating: "x", count: 3 * 1024 * 1024 + 10)
        let manifest = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"x":"\#(big)"}}"#
        let err = try c.fails("create", "--validate=false", "-f", "-", stdin: manifest)
        #expect(err.contains("too large") || err.contains("RequestEntityTooLarge") || err.contains("413"))
        _ = try c.fails("get", "cm", "big")
    }
}
