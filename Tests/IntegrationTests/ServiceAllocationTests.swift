import Foundation
import Testing

/// Service API semantics (issue 6, item 1): ClusterIPs from --service-cidr,
/// NodePorts from --service-node-port-range, never twice, freed on delete;
/// headless and ExternalName Services get none; validation as Kubernetes'.
@Suite(.serialized)
struct ServiceAllocationTests {
    @Test func clusterIPsAndNodePortsAreAllocatedOnceAndFreed() throws {
        let c = try TestCluster(extraArgs: ["--service-cidr", "10.96.0.0/24", "--service-node-port-range", "31000-31010"])
        // The API's own Service on the range's first address.
        #expect(try c.get("svc", "kubernetes", "-o", "jsonpath={.spec.clusterIP}") == "10.96.0.1")

        _ = try c.ok("create", "service", "clusterip", "web", "--tcp=80:8080")
        let ip = try c.get("svc", "web", "-o", "jsonpath={.spec.clusterIP}")
        #expect(ip.hasPrefix("10.96.0.") && ip != "10.96.0.1", "\(ip)")
        #expect(try c.get("svc", "web", "-o", "jsonpath={.spec.clusterIPs[0]}") == ip)
        #expect(try c.ok("get", "svc", "web").contains(ip))

        // Taken, outside the range: refused with Kubernetes' words.
        let dup = try c.fails("create", "service", "clusterip", "dup", "--tcp=80", "--clusterip=\(ip)")
        #expect(dup.contains("failed to allocate IP \(ip): provided IP is already allocated"), "\(dup)")
        let outside = try c.fails("create", "service", "clusterip", "outside", "--tcp=80", "--clusterip=10.97.0.5")
        #expect(outside.contains("provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/24"), "\(outside)")

        // NodePorts: chosen in the range, or as asked; never twice.
        _ = try c.ok("create", "service", "nodeport", "np", "--tcp=80:8080", "--node-port=31005")
        #expect(try c.get("svc", "np", "-o", "jsonpath={.spec.ports[0].nodePort}") == "31005")
        let taken = try c.fails("create", "service", "nodeport", "np2", "--tcp=80:8080", "--node-port=31005")
        #expect(taken.contains("spec.ports[0].nodePort: Invalid value: 31005: provided port is already allocated"), "\(taken)")
        _ = try c.ok("create", "service", "nodeport", "np3", "--tcp=81:8080")
        let auto = Int(try c.get("svc", "np3", "-o", "jsonpath={.spec.ports[0].nodePort}")) ?? 0
        #expect((31000...31010).contains(auto) && auto != 31005, "\(auto)")

        // Headless and ExternalName Services hold no address.
        _ = try c.ok("create", "service", "clusterip", "head", "--clusterip=None")
        #expect(try c.get("svc", "head", "-o", "jsonpath={.spec.clusterIP}") == "None")
        _ = try c.ok("create", "service", "externalname", "ext", "--external-name=example.com")
        #expect(try c.get("svc", "ext", "-o", "jsonpath={.spec.clusterIP}") == "")

        // Deleting frees the address and the port for the next Service.
        _ = try c.ok("delete", "svc", "web", "np")
        #expect(eventually(10) { (try? c.kubectl("create", "service", "clusterip", "again", "--tcp=80", "--clusterip=\(ip)").ok) == true })
        #expect(eventually(10) { (try? c.kubectl("create", "service", "nodeport", "np4", "--tcp=80:8080", "--node-port=31005").ok) == true })

        // The 11 ports of 31000-31010 are soon gone.
        var created = 0
        while created < 20, try c.kubectl("create", "service", "nodeport", "fill\(created)", "--tcp=80").ok { created += 1 }
        #expect(created == 9, "11 ports, 2 held by np3 and np4: \(created) more fit")
        #expect(try c.fails("create", "service", "nodeport", "full", "--tcp=80").contains("range is full"))
    }

    @Test func changingTypeTakesAndFreesNodePorts() throws {
        let c = try TestCluster(extraArgs: ["--service-node-port-range", "31100-31101"])
        try c.ok("create", "service", "clusterip", "a", "--tcp=80:8080")
        #expect(try c.get("svc", "a", "-o", "jsonpath={.spec.ports[0].nodePort}") == "")
        try c.ok("patch", "svc", "a", "-p", #"{"spec":{"type":"NodePort"}}"#)
        let port = try c.get("svc", "a", "-o", "jsonpath={.spec.ports[0].nodePort}")
        #expect(["31100", "31101"].contains(port))
        // An update that leaves nodePort out keeps it.
        try c.ok("patch", "svc", "a", "--type=json", "-p", #"[{"op":"remove","path":"/spec/ports/0/nodePort"}]"#)
        #expect(try c.get("svc", "a", "-o", "jsonpath={.spec.ports[0].nodePort}") == port)
        // Another Service cannot take it, and says so.
        try c.ok("create", "service", "clusterip", "b", "--tcp=80:8080")
        let clash = try c.kubectl("patch", "svc", "b", "-p", #"{"spec":{"type":"NodePort","ports":[{"port":80,"targetPort":8080,"nodePort":\#(port)}]}}"#)
        #expect(!clash.ok && clash.stderr.contains("provided port is already allocated"), "\(clash.stderr)")
        // Back to ClusterIP: the port is cleared and free for b.
        try c.ok("patch", "svc", "a", "-p", #"{"spec":{"type":"ClusterIP"}}"#)
        #expect(try c.get("svc", "a", "-o", "jsonpath={.spec.ports[0].nodePort}") == "")
        try c.ok("patch", "svc", "b", "-p", #"{"spec":{"type":"NodePort","ports":[{"port":80,"targetPort":8080,"nodePort":\#(port)}]}}"#)
        #expect(try c.get("svc", "b", "-o", "jsonpath={.spec.ports[0].nodePort}") == port)
    }

    @Test func dryRunCreatesKeepNoAddress() throws {
        let c = try TestCluster(extraArgs: ["--service-cidr", "10.97.0.0/24", "--service-node-port-range", "31200-31201"])
        let svc = #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"d"},"spec":{"type":"NodePort","clusterIP":"10.97.0.50","ports":[{"port":80,"nodePort":31200}]}}"#
        for _ in 0..<2 { try c.ok("create", "--dry-run=server", "-f", "-", stdin: svc) }
        // Nothing was kept: the real create gets the same address and port.
        try c.ok("create", "-f", "-", stdin: svc)
        #expect(try c.get("svc", "d", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}") == "10.97.0.50 31200")
    }

    @Test func validationAndExpose() throws {
        let c = try TestCluster()
        let badProto = try c.fails("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: Service
            metadata: {name: p}
            spec: {ports: [{port: 80, protocol: HTTP}]}
            """)
        #expect(badProto.contains(#"spec.ports[0].protocol: Unsupported value: "HTTP""#), "\(badProto)")
        let dupPort = try c.fails("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: Service
            metadata: {name: d}
            spec: {ports: [{name: a, port: 80}, {name: b, port: 80}]}
            """)
        #expect(dupPort.contains("spec.ports[1]: Duplicate value"), "\(dupPort)")
        let badTarget = try c.fails("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: Service
            metadata: {name: t}
            spec: {ports: [{port: 80, targetPort: "Not_A_Name"}]}
            """)
        #expect(badTarget.contains("spec.ports[0].targetPort"), "\(badTarget)")
        // A named targetPort is fine.
        _ = try c.ok("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: Service
            metadata: {name: named}
            spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
            """)

        _ = try c.ok("create", "deployment", "web", "--image=busybox")
        _ = try c.ok("expose", "deployment", "web", "--port=80", "--target-port=8080")
        #expect(try c.get("svc", "web", "-o", "jsonpath={.spec.selector.app}") == "web")
        #expect(try c.get("svc", "web", "-o", "jsonpath={.spec.ports[0].targetPort}") == "8080")
        #expect(try c.get("svc", "web", "-o", "jsonpath={.spec.clusterIP}").hasPrefix("10.43."))
    }
}
