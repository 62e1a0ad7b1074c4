import Testing
@testable import CapstanAPIServer

extension RequestInfo {
    init(testGroup: String, version: String, resource: String, namespace: String?, name: String?, subresource: String?) {
        self.init(path: "/api/v1/x")!
        group = testGroup
        self.version = version
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.subresource = subresource
    }
}

@Suite struct RequestInfoTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var path: String
        var group = ""
        var version = "v1"
        var resource: String
        var ns: String? = nil
        var name: String? = nil
        var sub: String? = nil
        var testDescription: String { path }
    }

    static let cases: [Case] = [
        Case(path: "/api/v1/pods", resource: "pods"),
        Case(path: "/api/v1/namespaces/default/pods", resource: "pods", ns: "default"),
        Case(path: "/api/v1/namespaces/default/pods/web/status", resource: "pods", ns: "default", name: "web", sub: "status"),
        Case(path: "/api/v1/namespaces", resource: "namespaces"),
        Case(path: "/api/v1/namespaces/kube-system", resource: "namespaces", name: "kube-system"),
        Case(path: "/api/v1/namespaces/kube-system/finalize", resource: "namespaces", name: "kube-system", sub: "finalize"),
        Case(path: "/apis/apps/v1/namespaces/x/deployments/web/scale", group: "apps", resource: "deployments", ns: "x", name: "web", sub: "scale"),
        Case(path: "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "admin"),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) {
        let info = RequestInfo(path: c.path)
        #expect(info == RequestInfo(testGroup: c.group, version: c.version, resource: c.resource, namespace: c.ns, name: c.name, subresource: c.sub))
    }

    @Test func rejectsNonResourcePaths() {
        #expect(RequestInfo(path: "/api") == nil)
        #expect(RequestInfo(path: "/apis/apps") == nil)
        #expect(RequestInfo(path: "/healthz") == nil)
        #expect(RequestInfo(path: "/api/v1/namespaces/a/pods/b/c/d") == nil)
    }

    @Test func proxyKeepsTheRestOfThePath() {
        let info = RequestInfo(path: "/api/v1/nodes/n1/proxy/stats/summary")
        #expect(info?.resource == "nodes" && info?.name == "n1" && info?.subresource == "proxy")
        #expect(info?.proxyPath == "/stats/summary")
        #expect(RequestInfo(path: "/api/v1/nodes/n1/proxy")?.proxyPath == "/")
        #expect(RequestInfo(path: "/api/v1/nodes/n1/proxy/metrics/")?.proxyPath == "/metrics/")
        #expect(RequestInfo(path: "/api/v1/nodes/n1/status")?.proxyPath == nil)
    }
}

@Suite struct TableTests {
    @Test func humanDurations() {
        let cases: [(Double, String)] = [(5, "5s"), (119, "119s"), (150, "2m30s"), (600, "10m"), (3 * 3600 + 60, "3h1m"),
                                         (9 * 3600, "9h"), (3 * 86400 + 3600, "3d1h"), (30 * 86400, "30d"), (800 * 86400, "2y70d")]
        for (s, want) in cases { #expect(TableDefinition.humanDuration(s) == want, "\(s)s") }
    }
}
