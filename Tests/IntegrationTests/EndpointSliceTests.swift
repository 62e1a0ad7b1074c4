import Foundation
import Testing

/// The EndpointSlice and Endpoints controller (issue 6, item 2) with pods
/// run by a hollow node: a Service's slices and Endpoints follow its ready
/// pods, named target ports resolve, and both go with the Service.
@Suite(.serialized) struct EndpointSliceTests {
    @Test func slicesAndEndpointsFollowTheSelectedPods() throws {
        let c = try TestCluster(extraArgs: ["--hollow-nodes", "1"])
        try c.ok("apply", "-f", "-", stdin: #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3,
              "selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"httpd","image":"busybox",
                "ports":[{"name":"http","containerPort":8080}]}]}}}}
            """#)
        #expect(try c.kubectl("rollout", "status", "deployment/web", "--timeout=60s", timeout: 70).ok)
        try c.ok("expose", "deployment", "web", "--port=80", "--target-port=http")

        let podIPs = Set(try c.get("pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}").split(separator: " ").map(String.init))
        #expect(podIPs.count == 3)
        let sliceIPs = #"jsonpath={range .items[*]}{range .endpoints[*]}{.addresses[0]} {end}{end}"#
        let seen = try poll(podIPs.sorted().joined(separator: " "), seconds: 10) {
            try c.get("endpointslices", "-l", "kubernetes.io/service-name=web", "-o", sliceIPs)
                .split(separator: " ").map(String.init).sorted().joined(separator: " ")
        }
        #expect(seen == podIPs.sorted().joined(separator: " "))
        // The named target port resolved to the containers' 8080.
        #expect(try c.get("endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "jsonpath={.items[0].ports[0].port}") == "8080")
        #expect(try c.get("endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "jsonpath={.items[0].endpoints[0].conditions.ready}") == "true")
        #expect(try c.get("endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "jsonpath={.items[0].metadata.ownerReferences[0].kind}") == "Service")
        // Endpoints for older clients, and what kubectl describe shows.
        let eps = try c.get("endpoints", "web", "-o", "jsonpath={.subsets[0].addresses[*].ip}").split(separator: " ").map(String.init)
        #expect(Set(eps) == podIPs)
        #expect(try c.ok("describe", "svc", "web").contains(":8080"))

        // Scaling down takes the removed pods out.
        try c.ok("scale", "deployment", "web", "--replicas=1")
        #expect(try poll("1", seconds: 20) {
            String(try c.get("endpointslices", "-l", "kubernetes.io/service-name=web", "-o", sliceIPs).split(separator: " ").count)
        } == "1")

        // Both go with the Service.
        try c.ok("delete", "svc", "web")
        #expect(try poll("", seconds: 20) { try c.get("endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "name") } == "")
        #expect(eventually(20) { (try? c.kubectl("get", "endpoints", "web").ok) == false })
    }
}
