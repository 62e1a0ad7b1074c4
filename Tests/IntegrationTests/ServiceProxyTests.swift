import Foundation
import Testing

/// The service proxy (issue 6, items 3, 5 and 7) with real containers and
/// the host's real nftables: three busybox httpd replicas behind a Service
/// answer on its ClusterIP from the host and from a pod, on its NodePort
/// at 127.0.0.1 and from a network namespace outside the node, and on a
/// LoadBalancer port; a Service without endpoints refuses at once;
/// ClientIP affinity sticks; killing one replica's server interrupts
/// nothing for longer than its readiness period; scaling down sends
/// nothing to the removed pods.
@Suite(.serialized) struct ServiceProxyTests {
    static let webYAML = #"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: httpd
                image: busybox
                imagePullPolicy: Never
                # httpd not the shell's last command (busybox sh would exec it as PID 1, which
                # ignores signals sent from inside): killing httpd ends the container.
                command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && httpd -f -p 8080 -h /www; echo httpd exited"]
                ports: [{name: http, containerPort: 8080}]
                readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1, failureThreshold: 3}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client}
        spec:
          containers:
          - {name: c, image: busybox, imagePullPolicy: Never, command: ["sleep", "3600"]}
        """#

    /// One HTTP GET with curl from the host (or inside `netns`): the body, nil on failure.
    static func curl(_ url: String, netns: String? = nil, timeout: String = "2") -> String? {
        let args = ["-s", "-f", "-m", timeout, url]
        let r = try? (netns.map { try TestCluster.runProgram("/usr/sbin/ip", ["netns", "exec", $0, "curl"] + args) }
            ?? TestCluster.runProgram("/usr/bin/curl", args))
        guard let r, r.status == 0 else { return nil }
        return r.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func servicesReachTheirReadyPodsFromEverywhere() throws {
        let octet = Int.random(in: 16...31)
        let c = try TestCluster(extraArgs: ["--service-cidr", "172.\(octet).0.0/16", "--cluster-dns", "172.\(octet).0.10"], agent: true, clusterDNS: true)
        try c.ok("apply", "-f", "-", stdin: Self.webYAML)
        #expect(try c.kubectl("rollout", "status", "deployment/web", "--timeout=90s", timeout: 100).ok)
        #expect(try c.kubectl("wait", "--for=condition=Ready", "pod/client", "--timeout=60s", timeout: 70).ok)
        let pods = Set(try c.get("pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}").split(separator: " ").map(String.init))
        #expect(pods.count == 3)

        try c.ok("expose", "deployment", "web", "--port=80", "--target-port=http", "--type=NodePort")
        let ip = try c.get("svc", "web", "-o", "jsonpath={.spec.clusterIP}")
        let nodePort = try c.get("svc", "web", "-o", "jsonpath={.spec.ports[0].nodePort}")
        #expect(ip.hasPrefix("172.\(octet)."))

        // ClusterIP from the host, balanced over all three.
        var seen = Set<String>()
        #expect(eventually(20) {
            if let who = Self.curl("http://\(ip)/") { seen.insert(who) }
            return seen == pods
        }, "ClusterIP answered only from \(seen)")

        // ClusterIP from another pod (busybox nc; its wget crashes in this static build).
        let fromPod = try c.kubectl("exec", "client", "--", "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 \(ip) 80 | tail -n 1")
        #expect(pods.contains(fromPod.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(fromPod)")

        // By DNS name from the pod: the node's cluster DNS, then the proxy.
        let byName = try c.kubectl("exec", "client", "--", "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 web.default.svc.cluster.local 80 | tail -n 1")
        #expect(pods.contains(byName.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(byName)")

        // NodePort on the node's loopback.
        #expect(Self.curl("http://127.0.0.1:\(nodePort)/").map(pods.contains) == true)

        // NodePort from outside the node: a namespace of our own, joined by a veth pair.
        let tag = Int.random(in: 1000...9999), subnet = Int.random(in: 100...250)
        let ns = "capstan-out-\(tag)", hostEnd = "cso\(tag)h", nsEnd = "cso\(tag)n"
        let hostIP = "192.168.\(subnet).1"
        defer {
            _ = try? TestCluster.runProgram("/usr/sbin/ip", ["link", "del", hostEnd])
            _ = try? TestCluster.runProgram("/usr/sbin/ip", ["netns", "del", ns])
        }
        for args in [
            ["netns", "add", ns], ["link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd], ["link", "set", nsEnd, "netns", ns],
            ["addr", "add", "\(hostIP)/30", "dev", hostEnd], ["link", "set", hostEnd, "up"],
            ["-n", ns, "addr", "add", "192.168.\(subnet).2/30", "dev", nsEnd], ["-n", ns, "link", "set", nsEnd, "up"],
            ["-n", ns, "link", "set", "lo", "up"],
        ] { try TestCluster.run("/usr/sbin/ip", args) }
        #expect(Self.curl("http://\(hostIP):\(nodePort)/", netns: ns).map(pods.contains) == true)

        // The kubernetes Service leads to the API server.
        #expect(try TestCluster.runProgram("/usr/bin/curl", ["-sk", "-m", "3", "https://172.\(octet).0.1/version"]).output.contains("gitVersion"))

        // A LoadBalancer Service: an EXTERNAL-IP, and its port answers on the node's loopback.
        let lbPort = Int.random(in: 20000...29999)
        try c.ok("expose", "deployment", "web", "--name=web-lb", "--port=\(lbPort)", "--target-port=http", "--type=LoadBalancer")
        let external = try poll("set", seconds: 20) {
            try c.get("svc", "web-lb", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}").isEmpty ? "" : "set"
        }
        #expect(external == "set")
        #expect(try c.ok("get", "svc", "web-lb").contains(try c.get("nodes", "-o", "jsonpath={.items[0].status.addresses[0].address}")))
        #expect(eventually(10) { Self.curl("http://127.0.0.1:\(lbPort)/").map(pods.contains) == true })

        // No endpoints: refused at once rather than hanging.
        try c.ok("create", "service", "clusterip", "nobody", "--tcp=80:80")
        let emptyIP = try c.get("svc", "nobody", "-o", "jsonpath={.spec.clusterIP}")
        Thread.sleep(forTimeInterval: 1)
        let started = Date()
        let refused = try TestCluster.runProgram("/usr/bin/curl", ["-s", "-m", "5", "http://\(emptyIP)/"])
        #expect(refused.status == 7, "curl: \(refused.output)")
        #expect(Date().timeIntervalSince(started) < 2)

        try killingOneServerInterruptsNoLongerThanReadiness(c, ip: ip, pods: pods)

        // ClientIP affinity: one client, one pod.
        try c.ok("patch", "svc", "web", "-p", #"{"spec":{"sessionAffinity":"ClientIP"}}"#)
        Thread.sleep(forTimeInterval: 1)
        #expect(Set((0..<10).compactMap { _ in Self.curl("http://\(ip)/") }).count == 1)
        try c.ok("patch", "svc", "web", "-p", #"{"spec":{"sessionAffinity":"None"}}"#)

        // Scaling down: the remaining pod alone answers.
        let scaled = Date()
        try c.ok("scale", "deployment", "web", "--replicas=1")
        let readyIPs = #"jsonpath={range .items[*].endpoints[?(@.conditions.ready==true)]}{.addresses[0]} {end}"#
        #expect(eventually(10) { (try? c.get("endpointslices", "-l", "kubernetes.io/service-name=web", "-o", readyIPs).split(separator: " ").count) == 1 })
        print("service proxy: scale 3 → 1 to one ready endpoint in the slice: \(Date().timeIntervalSince(scaled)) s (kubectl polling included)")
        #expect(eventually(30) { (try? c.get("pods", "-l", "app=web", "-o", "name").split(separator: "\n").count) == 1 })
        let survivor = try c.get("pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}")
        #expect(eventually(10) { Set((0..<5).compactMap { _ in Self.curl("http://\(ip)/") }) == [survivor] })
        let answers = (0..<30).compactMap { _ in Self.curl("http://\(ip)/") }
        #expect(answers.count == 30 && Set(answers) == [survivor], "\(answers)")
    }

    /// Requests every 100 ms while one replica's httpd is killed: failures
    /// (connections to the dead server before its endpoint is withdrawn)
    /// last no longer than the readiness period (3 × 1 s).
    func killingOneServerInterruptsNoLongerThanReadiness(_ c: TestCluster, ip: String, pods: Set<String>) throws {
        let victim = pods.sorted()[0]
        var failures: [Date] = []
        let start = Date()
        var killed = false
        while Date().timeIntervalSince(start) < 8 {
            if !killed, Date().timeIntervalSince(start) > 1 {
                try c.ok("exec", victim, "--", "killall", "httpd")
                killed = true
            }
            if Self.curl("http://\(ip)/", timeout: "1") == nil { failures.append(Date()) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        if let first = failures.first, let last = failures.last {
            print("service proxy: \(failures.count) failed requests over \(last.timeIntervalSince(first)) s while one of three servers was killed")
            #expect(last.timeIntervalSince(first) <= 3, "failures for \(last.timeIntervalSince(first)) s: \(failures.count)")
        }
        #expect(try c.kubectl("wait", "--for=condition=Ready", "pod/\(victim)", "--timeout=30s", timeout: 40).ok)
        #expect(try c.get("pod", victim, "-o", "jsonpath={.status.containerStatuses[0].restartCount}") != "0")
    }
}
