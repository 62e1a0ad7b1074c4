import Foundation
import Testing

/// kubectl's generator commands send their objects as protobuf
/// (application/vnd.kubernetes.protobuf); each must be decoded and stored
/// exactly as the JSON form would be.
@Suite(.serialized) struct GeneratorCommandsTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }

    @Test func createGeneratorsStoreWhatTheySaid() throws {
        try c.ok("create", "namespace", "gen")
        #expect(try c.ok("get", "ns", "gen", "-o", "jsonpath={.status.phase}") == "Active")

        try c.ok("create", "configmap", "cfg", "-n", "gen", "--from-literal=k1=v1", "--from-literal=k2=v2")
        #expect(try c.ok("get", "cm", "cfg", "-n", "gen", "-o", "jsonpath={.data.k1},{.data.k2}") == "v1,v2")

        try c.ok("create", "secret", "generic", "sec", "-n", "gen", "--from-literal=password=s3cret")
        // "s3cret" base64-encoded; the type defaults to Opaque.
        #expect(try c.ok("get", "secret", "sec", "-n", "gen", "-o", "jsonpath={.data.password} {.type}") == "czNjcmV0 Opaque")

        try c.ok("create", "deployment", "web", "-n", "gen", "--image=nginx:1.25", "--replicas=3", "--port=80")
        #expect(try c.ok("get", "deploy", "web", "-n", "gen", "-o",
            "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.selector.matchLabels.app}")
            == "3 nginx:1.25 80 web")

        try c.ok("create", "service", "clusterip", "web", "-n", "gen", "--tcp=8080:80")
        #expect(try c.ok("get", "svc", "web", "-n", "gen", "-o", "jsonpath={.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.type}")
            == "8080 80 ClusterIP")

        try c.ok("create", "serviceaccount", "robot", "-n", "gen")
        #expect(try c.ok("get", "sa", "robot", "-n", "gen", "-o", "jsonpath={.metadata.name}") == "robot")

        try c.ok("create", "job", "once", "-n", "gen", "--image=busybox:1.36", "--", "echo", "hi")
        #expect(try c.ok("get", "job", "once", "-n", "gen", "-o", "jsonpath={.spec.template.spec.containers[0].command}")
            == #"["echo","hi"]"#)
    }

    @Test func autoscalePostsV1AndIsServedInBothVersions() throws {
        try c.ok("create", "deployment", "api", "--image=nginx:1.25")
        try c.ok("autoscale", "deployment", "api", "--min=2", "--max=7", "--cpu-percent=65")
        // kubectl reads the preferred version, v2: the v1 CPU target became a metric.
        #expect(try c.ok("get", "hpa", "api", "-o",
            "jsonpath={.apiVersion} {.spec.minReplicas} {.spec.maxReplicas} {.spec.metrics[0].resource.target.averageUtilization}")
            == "autoscaling/v2 2 7 65")
        let table = try c.ok("get", "hpa", "api")
        #expect(table.contains("Deployment/api") && table.contains("65%"))
        let v1 = try c.ok("get", "--raw", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/api")
        #expect(v1.contains(#""apiVersion":"autoscaling/v1""#) && v1.contains(#""targetCPUUtilizationPercentage":65"#))
        #expect(!v1.contains("metrics"))
        // A v2-only field survives a read-modify-write through v1.
        try c.ok("patch", "hpa", "api", "--type=merge", "-p",
            #"{"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":30}}}}"#)
        let fetched = try c.ok("get", "--raw", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/api")
        try c.ok("replace", "-f", "-", stdin: fetched.replacingOccurrences(of: #""maxReplicas":7"#, with: #""maxReplicas":9"#))
        #expect(try c.ok("get", "hpa", "api", "-o", "jsonpath={.spec.maxReplicas} {.spec.behavior.scaleDown.stabilizationWindowSeconds}")
            == "9 30")
    }
}
