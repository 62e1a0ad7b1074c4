import Foundation
import Testing

/// The garbage collector, namespace controller and disruption controller
/// inside `capstan server`, driven by kubectl. There is no node agent and
/// no Node object: pods stay unscheduled (so a delete removes them at once)
/// unless the test marks them Running/Ready through the status subresource.
/// The ReplicaSets' pods come from the ReplicaSet controller.
@Suite(.serialized) struct GarbageCollectionTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }


    func replicaSet(_ name: String, replicas: Int = 2, namespace: String = "default") throws {
        try c.ok("create", "-n", namespace, "-f", "-", stdin: """
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"\(name)"},
             "spec":{"replicas":\(replicas),"selector":{"matchLabels":{"app":"\(name)"}},
                     "template":{"metadata":{"labels":{"app":"\(name)"}},
                                 "spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}}}
            """)
    }

    /// Names of the pods labelled app=`app`.
    func pods(_ app: String, namespace: String = "default") throws -> [String] {
        try c.ok("get", "pods", "-n", namespace, "-l", "app=\(app)", "-o", "jsonpath={.items[*].metadata.name}")
            .split(separator: " ").map(String.init)
    }

    func exists(_ args: String...) throws -> Bool {
        try c.kubectl(args: ["get"] + args + ["-o", "name", "--ignore-not-found"]).stdout.isEmpty == false
    }

    func waitForPods(_ app: String, count: Int) throws {
        #expect(try eventually { try pods(app).count == count }, "ReplicaSet \(app) did not get \(count) pods")
    }

    @Test func orphanCascadeLeavesPodsWithoutOwnerReferences() throws {
        try replicaSet("orph")
        try waitForPods("orph", count: 2)
        try c.ok("delete", "rs", "orph", "--cascade=orphan")  // waits for the ReplicaSet to be gone
        #expect(try !exists("rs", "orph"))
        let names = try pods("orph")
        #expect(names.count == 2)
        for p in names {
            let refs = try c.ok("get", "pod", p, "-o", "jsonpath={.metadata.ownerReferences}")
            #expect(refs.isEmpty, "pod \(p) still has ownerReferences: \(refs)")
        }
    }

    @Test func foregroundCascadeRemovesPodsBeforeTheReplicaSet() throws {
        try replicaSet("fg")
        try waitForPods("fg", count: 2)
        // kubectl waits until the ReplicaSet is gone, which happens only after its pods.
        try c.ok("delete", "rs", "fg", "--cascade=foreground", "--timeout=20s")
        #expect(try !exists("rs", "fg"))
        #expect(try pods("fg").isEmpty)
    }

    @Test func backgroundCascadeRemovesTheReplicaSetAndThenItsPods() throws {
        try replicaSet("bg")
        try waitForPods("bg", count: 2)
        try c.ok("delete", "rs", "bg", "--cascade=background")
        #expect(try !exists("rs", "bg"))
        #expect(try eventually { try pods("bg").isEmpty }, "pods of a deleted ReplicaSet were not collected")
    }

    @Test func dependentOfANonexistentOwnerIsCollected() throws {
        try c.ok("create", "-f", "-", stdin: """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"stray","ownerReferences":[
              {"apiVersion":"v1","kind":"ConfigMap","name":"never-was","uid":"00000000-0000-0000-0000-000000000001"}]}}
            """)
        #expect(try eventually { try !exists("configmap", "stray") }, "a dependent with a dangling owner was not collected")
    }

    @Test func deletingANamespaceRemovesItsContentAndThenTheNamespace() throws {
        try c.ok("create", "namespace", "doomed")
        try replicaSet("inside", namespace: "doomed")
        try c.ok("create", "configmap", "settings", "-n", "doomed", "--from-literal=a=b")
        #expect(try eventually { try pods("inside", namespace: "doomed").count == 2 })
        try c.ok("delete", "namespace", "doomed", "--timeout=25s")  // waits until it is gone
        #expect(try !exists("namespace", "doomed"))
        #expect(try c.ok("get", "pods,rs,configmaps", "-n", "doomed", "-o", "name").isEmpty)
    }

    @Test func disruptionBudgetStatusShowsAllowedDisruptions() throws {
        try replicaSet("guarded", replicas: 3)
        try waitForPods("guarded", count: 3)
        for p in try pods("guarded") {
            try c.ok("patch", "pod", p, "--subresource=status", "--type=merge", "-p",
                     #"{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"#)
        }
        try c.ok("create", "poddisruptionbudget", "guard", "--selector=app=guarded", "--min-available=2")
        #expect(try eventually {
            try c.ok("get", "pdb", "guard", "-o", "jsonpath={.status.disruptionsAllowed}/{.status.currentHealthy}/{.status.expectedPods}") == "1/3/3"
        }, "budget status not computed")
        let table = try c.ok("get", "pdb", "guard")
        #expect(table.contains("ALLOWED DISRUPTIONS"))
        let row = table.split(separator: "\n").last.map { $0.split(separator: " ", omittingEmptySubsequences: true) } ?? []
        #expect(row.count >= 4 && row[3] == "1", "table: \(table)")
        let reason = try c.ok("get", "pdb", "guard", "-o", #"jsonpath={.status.conditions[?(@.type=="DisruptionAllowed")].reason}"#)
        #expect(reason == "SufficientPods")
    }
}
