import Foundation
import Testing

/// The everyday kubectl commands, against the real binary.
@Suite(.serialized) struct KubectlBasicsTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }

    @Test func versionAndDiscovery() throws {
        let v = try c.ok("version", "-o", "json")
        #expect(v.contains("\"minor\": \"32\""))
        let res = try c.ok("api-resources")
        for r in ["pods", "deployments", "configmaps", "customresourcedefinitions", "leases", "horizontalpodautoscalers"] {
            #expect(res.contains(r), "api-resources lacks \(r)")
        }
        let versions = try c.ok("api-versions")
        #expect(versions.contains("apps/v1"))
        #expect(versions.contains("batch/v1"))
        let ns = try c.ok("get", "ns")
        for n in ["default", "kube-system", "kube-public", "kube-node-lease"] { #expect(ns.contains(n)) }
    }

    @Test func applyTwiceThenConfigure() throws {
        let manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports: [{containerPort: 80}]
            """
        #expect(try c.ok("apply", "-f", "-", stdin: manifest).contains("deployment.apps/web created"))
        #expect(try c.ok("apply", "-f", "-", stdin: manifest).contains("deployment.apps/web unchanged"))
        let edited = manifest.replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28")
        #expect(try c.ok("apply", "-f", "-", stdin: edited).contains("deployment.apps/web configured"))
        let image = try c.ok("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
        #expect(image == "nginx:1.28")
        let gen = try c.ok("get", "deploy", "web", "-o", "jsonpath={.metadata.generation}")
        #expect(gen == "2")
        let table = try c.ok("get", "deploy")
        #expect(table.contains("READY") && table.contains("UP-TO-DATE") && table.contains("AVAILABLE"))
        let wide = try c.ok("get", "deploy", "-o", "wide")
        #expect(wide.contains("IMAGES") && wide.contains("nginx:1.28"))
        try c.ok("delete", "-f", "-", stdin: manifest)
        #expect(try c.fails("get", "deploy", "web").contains("NotFound"))
    }

    @Test func configMapsLabelsAndSelectors() throws {
        try c.ok("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cm-a, labels: {tier: front}}
            data: {k: v}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cm-b, labels: {tier: back}}
            data: {k: v, k2: v2}
            """)
        let front = try c.ok("get", "cm", "-l", "tier=front", "-o", "name")
        #expect(front.contains("configmap/cm-a") && !front.contains("cm-b"))
        let notFront = try c.ok("get", "cm", "-l", "tier!=front,tier", "-o", "name")
        #expect(notFront.contains("cm-b") && !notFront.contains("cm-a"))
        let byName = try c.ok("get", "cm", "--field-selector", "metadata.name=cm-b", "-o", "name")
        #expect(byName.trimmingCharacters(in: .whitespacesAndNewlines) == "configmap/cm-b")
        try c.ok("label", "cm", "cm-a", "extra=yes")
        #expect(try c.ok("get", "cm", "-l", "extra", "-o", "name").contains("cm-a"))
        try c.ok("annotate", "cm", "cm-a", "note=hello")
        #expect(try c.ok("get", "cm", "cm-a", "-o", "jsonpath={.metadata.annotations.note}") == "hello")
        try c.ok("patch", "cm", "cm-a", "--type", "merge", "-p", #"{"data":{"k":"merged"}}"#)
        try c.ok("patch", "cm", "cm-a", "--type", "json", "-p", #"[{"op":"add","path":"/data/j","value":"json"}]"#)
        let data = try c.ok("get", "cm", "cm-a", "-o", "json")
        #expect(data.contains("\"merged\"") && data.contains("\"json\""))
        let noChange = try c.ok("patch", "cm", "cm-a", "--type", "merge", "-p", #"{"data":{"k":"merged"}}"#)
        #expect(noChange.contains("no change"))
        try c.ok("delete", "cm", "-l", "tier")
        #expect(try c.ok("get", "cm", "-o", "name").contains("cm-a") == false)
    }

    @Test func strategicMergePatchOnContainers() throws {
        try c.ok("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: Pod
            metadata: {name: twoc}
            spec:
              containers:
              - {name: a, image: busybox:1.36}
              - {name: b, image: busybox:1.36}
            """)
        try c.ok("patch", "pod", "twoc", "-p", #"{"spec":{"containers":[{"name":"b","image":"busybox:1.37"}]}}"#)
        let images = try c.ok("get", "pod", "twoc", "-o", "jsonpath={.spec.containers[*].image}")
        #expect(images == "busybox:1.36 busybox:1.37")
        let pods = try c.ok("get", "pods")
        #expect(pods.contains("READY") && pods.contains("STATUS") && pods.contains("Pending"))
        try c.ok("delete", "pod", "twoc")
    }

    @Test func badInputIsRejectedAndNothingChanges() throws {
        let bad = try c.fails("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: Bad_Name}
            """)
        #expect(bad.contains("Invalid") || bad.contains("invalid"))
        let unknown = try c.fails("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cm-unknown}
            bogus: 1
            """)
        #expect(unknown.contains("unknown field"))
        let wrongType = try c.fails("apply", "-f", "-", stdin: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: wt}
            spec:
              replicas: "three"
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec: {containers: [{name: c, image: busybox}]}
            """)
        #expect(!wrongType.isEmpty)
        let missing = try c.fails("apply", "--validate=false", "-f", "-", stdin: """
            apiVersion: v1
            kind: Pod
            metadata: {name: nocontainers}
            spec: {}
            """)
        #expect(missing.contains("Required value") || missing.contains("required"))
        let notFound = try c.fails("get", "cm", "cm-unknown")
        #expect(notFound.contains("NotFound"))
        _ = try c.fails("get", "pod", "nocontainers")
    }

    @Test func unauthenticatedRequestsGet401AndHTTP2Works() throws {
        let code = try c.curl("-k", "-o", "/dev/null", "-w", "%{http_code}", c.serverURL + "/api/v1/namespaces")
        #expect(code == "401")
        let body = try c.curl("-k", c.serverURL + "/api/v1/namespaces")
        #expect(body.contains("\"reason\":\"Unauthorized\""))
        let h2 = try c.curl("-k", "--http2", "-o", "/dev/null", "-w", "%{http_version}", c.serverURL + "/healthz")
        #expect(h2 == "2")
        let ready = try c.curl("-k", c.serverURL + "/readyz")
        #expect(ready == "ok")
        // The admin client certificate authenticates over both HTTP versions.
        let tls = c.dataDir.appendingPathComponent("tls")
        for version in ["--http1.1", "--http2"] {
            let out = try c.curl(
                version, "--cacert", tls.appendingPathComponent("ca.crt").path,
                "--cert", tls.appendingPathComponent("admin.crt").path, "--key", tls.appendingPathComponent("admin.key").path,
                "-o", "/dev/null", "-w", "%{http_code} %{http_version}", c.serverURL + "/api/v1/namespaces")
            #expect(out == (version == "--http2" ? "200 2" : "200 1.1"))
        }
    }
}
