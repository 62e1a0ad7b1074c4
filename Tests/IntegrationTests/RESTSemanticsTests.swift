import Foundation
import Testing

/// API semantics kubectl relies on without showing them: paging, generateName,
/// server dry-run, the status subresource, generation, apply conflicts,
/// compaction (410 Gone), and watch timeouts.
@Suite(.serialized) struct RESTSemanticsTests {
    let c: TestCluster
    init() throws { c = try TestCluster(extraArgs: ["--compaction-interval", "1"]) }

    func json(_ s: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [String: Any] ?? [:]
    }

    @Test func pagingWithLimitAndContinue() throws {
        for i in 0..<5 { try c.ok("create", "configmap", "page-\(i)", "-n", "kube-public") }
        // kubectl pages with limit/continue under --chunk-size.
        let all = try c.ok("get", "cm", "-n", "kube-public", "--chunk-size=2", "-o", "name")
        #expect((0..<5).allSatisfy { all.contains("configmap/page-\($0)\n") })
        let first = json(try c.ok("get", "--raw", "/api/v1/namespaces/kube-public/configmaps?limit=2"))
        let meta = first["metadata"] as? [String: Any] ?? [:]
        #expect((first["items"] as? [Any])?.count == 2)
        #expect(meta["remainingItemCount"] as? Int == 3)
        let token = meta["continue"] as? String ?? ""
        #expect(!token.isEmpty)
        let escaped = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
        let second = json(try c.ok("get", "--raw", "/api/v1/namespaces/kube-public/configmaps?limit=10&continue=\(escaped)"))
        #expect((second["items"] as? [Any])?.count == 3)
        // Every page of one list is the same snapshot.
        #expect((second["metadata"] as? [String: Any])?["resourceVersion"] as? String == meta["resourceVersion"] as? String)
    }

    @Test func generateNameAndServerDryRun() throws {
        let out = try c.ok("create", "-o", "name", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}"#)
        #expect(out.hasPrefix("configmap/gen-") && out.count == "configmap/gen-".count + 5 + 1)
        #expect(try c.ok("create", "configmap", "dry", "--dry-run=server").contains("server dry run"))
        #expect(try c.fails("get", "cm", "dry").contains("NotFound"))
    }

    @Test func statusSubresourceAndGeneration() throws {
        // No controllers: the Deployment controller would write its own status.
        let c = try TestCluster(extraArgs: ["--disable-controller-manager"])
        try c.ok("create", "deployment", "gen", "--image=nginx:1.25")
        #expect(try c.ok("get", "deploy", "gen", "-o", "jsonpath={.metadata.generation}") == "1")
        // Status through the main resource is ignored; through /status it sticks, and generation stays.
        try c.ok("patch", "deploy", "gen", "--type=merge", "-p", #"{"status":{"replicas":7}}"#)
        #expect(try c.ok("get", "deploy", "gen", "-o", "jsonpath={.status.replicas}") == "")
        try c.ok("patch", "deploy", "gen", "--subresource=status", "--type=merge", "-p", #"{"status":{"replicas":7}}"#)
        #expect(try c.ok("get", "deploy", "gen", "-o", "jsonpath={.status.replicas} {.metadata.generation}") == "7 1")
        // Labels are metadata: no new generation; the spec is.
        try c.ok("label", "deploy", "gen", "x=y")
        #expect(try c.ok("get", "deploy", "gen", "-o", "jsonpath={.metadata.generation}") == "1")
        try c.ok("scale", "deploy", "gen", "--replicas=3")
        #expect(try c.ok("get", "deploy", "gen", "-o", "jsonpath={.metadata.generation}") == "2")
    }

    @Test func serverSideApplyConflictsAndForce() throws {
        let mine = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owned"},"data":{"k":"mine"}}"#
        try c.ok("apply", "--server-side", "--field-manager=alice", "-f", "-", stdin: mine)
        let theirs = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owned"},"data":{"k":"theirs"}}"#
        let err = try c.fails("apply", "--server-side", "--field-manager=bob", "-f", "-", stdin: theirs)
        #expect(err.contains("conflict") && err.contains("alice") && err.contains(".data.k"))
        #expect(try c.ok("get", "cm", "owned", "-o", "jsonpath={.data.k}") == "mine")
        try c.ok("apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", "-", stdin: theirs)
        #expect(try c.ok("get", "cm", "owned", "-o", "jsonpath={.data.k}") == "theirs")
        let managers = try c.ok("get", "cm", "owned", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}")
        #expect(managers.contains("bob"))
    }

    @Test func continueTokensExpireAfterCompaction() throws {
        for i in 0..<3 { try c.ok("create", "configmap", "old-\(i)", "-n", "kube-node-lease") }
        let first = json(try c.ok("get", "--raw", "/api/v1/namespaces/kube-node-lease/configmaps?limit=1"))
        let token = (first["metadata"] as? [String: Any])?["continue"] as? String ?? ""
        #expect(!token.isEmpty)
        for i in 0..<3 { try c.ok("label", "cm", "old-0", "-n", "kube-node-lease", "n=\(i)", "--overwrite") }
        // Compaction runs every second here and keeps one to two intervals.
        Thread.sleep(forTimeInterval: 3.5)
        let escaped = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
        let r = try c.kubectl("get", "--raw", "/api/v1/namespaces/kube-node-lease/configmaps?limit=1&continue=\(escaped)")
        #expect(!r.ok)
        #expect(r.stderr.contains("Expired") || r.stderr.contains("too old"), "\(r.stderr)")
    }

    @Test func watchEndsAtTimeoutSeconds() throws {
        try c.ok("create", "configmap", "watched")
        let start = Date()
        let out = try c.ok("get", "--raw", "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Dwatched")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(out.contains(#""type":"ADDED""#) && out.contains(#""name":"watched""#))
    }
}
