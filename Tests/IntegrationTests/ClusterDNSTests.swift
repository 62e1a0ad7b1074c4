import Foundation
import Testing

/// Cluster DNS (issue 6, item 4) on a real node: the embedded agent serves
/// its own cluster DNS address (put on the `capstan-dns` dummy link), asked
/// from the host with dig and from a busybox pod through its resolv.conf.
/// The test has its own service range, so clusters of other tests running
/// at once never share the address.
@Suite(.serialized, .enabled(if: AgentHost.canRunContainers && FileManager.default.isExecutableFile(atPath: "/usr/bin/dig"),
                             "needs root, an OCI runtime, conmon, umoci, /bin/busybox and dig"))
struct ClusterDNSTests {
    @Test func servesServicesToPodsAndTheHost() throws {
        let octet = Int.random(in: 11...40)
        let dns = "10.\(octet).0.10"
        let c = try TestCluster(
            extraArgs: ["--service-cidr", "10.\(octet).0.0/16", "--cluster-dns", dns], agent: true, clusterDNS: true)

        func dig(_ args: String...) throws -> String {
            try TestCluster.runProgram("/usr/bin/dig", ["@\(dns)", "-p", "53", "+time=2", "+tries=1"] + args).output
        }
        func short(_ args: String...) throws -> [String] {
            try TestCluster.runProgram("/usr/bin/dig", ["@\(dns)", "-p", "53", "+time=2", "+tries=1", "+short"] + args).output
                .split(separator: "\n").map(String.init).filter { !$0.hasPrefix(";") }.sorted()
        }

        // The address is on the host (the shared dummy link, or lo where the kernel has no dummy links),
        // and kube-dns holds it in the API.
        #expect(eventually(20) { (try? short("kubernetes.default.svc.cluster.local")) == ["10.\(octet).0.1"] }, "\(c.serverLog())")
        #expect(try TestCluster.runProgram("/usr/sbin/ip", ["-4", "-o", "addr", "show"]).output.contains(" \(dns)/32 "))
        #expect(try c.get("svc", "-n", "kube-system", "kube-dns", "-o", "jsonpath={.spec.clusterIP} {.metadata.labels.k8s-app}") == "\(dns) kube-dns")

        // A ClusterIP Service answers within a couple of seconds of its creation.
        try c.ok("create", "-f", "-", stdin: #"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
             "spec":{"ports":[{"name":"http","port":80,"targetPort":8080}],"selector":{"app":"web"}}}
            """#)
        let created = Date()
        let ip = try c.get("svc", "web", "-o", "jsonpath={.spec.clusterIP}")
        #expect(eventually(5) { (try? short("web.default.svc.cluster.local")) == [ip] })
        let latency = Date().timeIntervalSince(created)
        #expect(latency < 2.5, "web answered after \(latency) s")
        #expect(try short("_http._tcp.web.default.svc.cluster.local", "SRV") == ["0 100 80 web.default.svc.cluster.local."])
        #expect(try short("+tcp", "web.default.svc.cluster.local") == [ip])
        #expect(try dig("missing.default.svc.cluster.local").contains("status: NXDOMAIN"))
        #expect(try dig("+tcp", "missing.default.svc.cluster.local").contains("status: NXDOMAIN"))
        let nodata = try dig("web.default.svc.cluster.local", "AAAA")
        #expect(nodata.contains("status: NOERROR") && nodata.contains("ANSWER: 0"))

        // ExternalName: a CNAME (an in-cluster target is followed at once).
        try c.ok("create", "service", "externalname", "ext", "--external-name", "db.example.invalid")
        try c.ok("create", "service", "externalname", "alias", "--external-name", "web.default.svc.cluster.local")
        #expect(eventually(5) { (try? short("ext.default.svc.cluster.local", "CNAME")) == ["db.example.invalid."] })
        #expect(try short("alias.default.svc.cluster.local") == [ip, "web.default.svc.cluster.local."].sorted())

        // A headless Service governing a StatefulSet: ready pod IPs, members by name, SRV per member.
        try c.ok("create", "-f", "-", stdin: #"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"db"},
             "spec":{"clusterIP":"None","ports":[{"name":"pg","port":5432}],"selector":{"app":"db"}}}
            """#)
        try c.ok("create", "-f", "-", stdin: #"""
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},
             "spec":{"replicas":2,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
               "template":{"metadata":{"labels":{"app":"db"}},"spec":{"terminationGracePeriodSeconds":1,
                 "containers":[{"name":"c","image":"busybox","command":["sleep","3600"]}]}}}}
            """#)
        #expect(try c.kubectl("rollout", "status", "statefulset/db", "--timeout=90s", timeout: 100).ok)
        let pods = try ["db-0", "db-1"].map { try c.get("pod", $0, "-o", "jsonpath={.status.podIP}") }
        #expect(eventually(5) { (try? short("db.default.svc.cluster.local")) == pods.sorted() })
        #expect(try short("db-0.db.default.svc.cluster.local") == [pods[0]])
        #expect(try short("db-1.db.default.svc.cluster.local") == [pods[1]])
        #expect(try short("_pg._tcp.db.default.svc.cluster.local", "SRV") == [
            "0 50 5432 db-0.db.default.svc.cluster.local.", "0 50 5432 db-1.db.default.svc.cluster.local.",
        ])

        // From a pod: resolv.conf (search list, ndots 5) leads busybox's nslookup to us.
        let conf = try c.kubectl("exec", "db-0", "--", "cat", "/etc/resolv.conf").stdout
        #expect(conf.contains("search default.svc.cluster.local svc.cluster.local cluster.local"))
        #expect(conf.contains("nameserver \(dns)") && conf.contains("options ndots:5"))
        let lookup = try c.kubectl("exec", "db-0", "--", "nslookup", "kubernetes.default", timeout: 30)
        #expect(lookup.ok, "\(lookup.stdout)\(lookup.stderr)")
        #expect(lookup.stdout.contains("10.\(octet).0.1"), "\(lookup.stdout)")
        let peer = try c.kubectl("exec", "db-0", "--", "nslookup", "db-1.db.default", timeout: 30)
        #expect(peer.stdout.contains(pods[1]), "\(peer.stdout)\(peer.stderr)")
        // A single label: busybox walks the search list itself.
        let members = try c.kubectl("exec", "db-0", "--", "nslookup", "db", timeout: 30)
        #expect(pods.allSatisfy(members.stdout.contains), "\(members.stdout)\(members.stderr)")

        // A deleted Service is gone from DNS; at stop the address leaves the link.
        try c.ok("delete", "svc", "web")
        #expect(eventually(5) { (try? dig("web.default.svc.cluster.local"))?.contains("status: NXDOMAIN") == true })
        _ = try c.kubectl("delete", "statefulset,pods", "--all", "--grace-period=1", "--wait=true", timeout: 90)
        c.stop()
        #expect(!(try TestCluster.runProgram("/usr/sbin/ip", ["-4", "-o", "addr", "show"]).output.contains(" \(dns)/32 ")))
    }
}
