import Foundation
import Testing

/// The Ingress controller in `capstan server` (nginx on free high ports),
/// in front of real busybox httpd pods, driven by kubectl and curl.
@Suite(.serialized, .enabled(
    if: AgentHost.canRunContainers && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
    "needs what the node agent needs, plus nginx and openssl"))
struct IngressTests {
    /// A Deployment of busybox httpd answering every path below with its own name.
    func backend(_ name: String, portName: String = "") -> String {
        let named = portName.isEmpty ? "" : ", name: \(portName)"
        return """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: \(name)}
            spec:
              replicas: 1
              selector: {matchLabels: {app: \(name)}}
              template:
                metadata: {labels: {app: \(name)}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: httpd
                    image: busybox
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "mkdir -p /www && for f in cart payments about index.html; do echo \(name) > /www/$f; done && exec httpd -f -p 8080 -h /www"]
                    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: \(name)-svc}
            spec:
              selector: {app: \(name)}
              ports: [{port: 80, targetPort: 8080\(named)}]
            """
    }

    /// The seed's example: shop.example.com, /cart → cart-svc, /payments → payment-svc (by port name), TLS from tls-cert-secret.
    let shop = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop}
        spec:
          tls:
          - hosts: [shop.example.com]
            secretName: tls-cert-secret
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /cart, pathType: Prefix, backend: {service: {name: cart-svc, port: {number: 80}}}}
              - {path: /payments, pathType: Prefix, backend: {service: {name: payment-svc, port: {name: http}}}}
        """

    struct Curl {
        var status: Int
        var body: String
        var location: String
    }

    static func curl(_ url: String, resolve: String, cacert: String? = nil) throws -> Curl {
        var args = ["-sS", "--max-time", "5", "-o", "-", "-w", "\n%{http_code} %{redirect_url}", "--resolve", resolve]
        if let cacert { args += ["--cacert", cacert] }
        let out = try TestCluster.runProgram("/usr/bin/curl", args + [url]).output
        var lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let last = (lines.popLast() ?? "").split(separator: " ", maxSplits: 1).map(String.init)
        return Curl(
            status: Int(last.first ?? "") ?? 0, body: lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
            location: last.count > 1 ? last[1] : "")
    }

    /// nginx's master (from the controller's pid file) and its workers: new workers mean a reload.
    static func nginx(_ c: TestCluster) -> (master: Int32, workers: Set<Int32>)? {
        guard let text = try? String(contentsOf: c.dataDir.appendingPathComponent("ingress/nginx.pid"), encoding: .utf8),
            let master = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        var workers = Set<Int32>()
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8) else { continue }
            // pid (comm) state ppid ...
            let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
            if fields.count > 1, Int32(fields[1]) == master { workers.insert(pid) }
        }
        return (master, workers)
    }

    static func alive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true)
    }

    @Test func seedExampleEndToEnd() throws {
        let http = try freePort(), https = try freePort()
        let c = try TestCluster(extraArgs: ["--ingress-http-port", "\(http)", "--ingress-https-port", "\(https)"], agent: true, ingress: true)
        defer {
            _ = try? c.kubectl("delete", "deployments,pods", "--all", "--grace-period=1", "--wait=true", timeout: 90)
            c.stop()
        }
        // The default class, made by the controller.
        #expect(try poll("capstan.io/ingress-nginx") { try c.get("ingressclass", "capstan", "-o", "jsonpath={.spec.controller}") } == "capstan.io/ingress-nginx")
        #expect(try c.get("ingressclass", "capstan", "-o", #"jsonpath={.metadata.annotations.ingressclass\.kubernetes\.io/is-default-class}"#) == "true")

        // Backends, the TLS Secret (self-signed with openssl) and the Ingress.
        try c.ok("apply", "-f", "-", stdin: backend("cart") + "\n---\n" + backend("payment", portName: "http"))
        let cert = c.home.appendingPathComponent("shop.crt").path, key = c.home.appendingPathComponent("shop.key").path
        try TestCluster.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
            "-subj", "/CN=shop.example.com", "-addext", "subjectAltName=DNS:shop.example.com",
        ])
        try c.ok("create", "secret", "tls", "tls-cert-secret", "--cert", cert, "--key", key)
        try c.ok("apply", "-f", "-", stdin: shop)
        // DefaultIngressClass admission named the class.
        #expect(try c.get("ingress", "shop", "-o", "jsonpath={.spec.ingressClassName}") == "capstan")
        #expect(try c.kubectl("rollout", "status", "deployment/cart", "--timeout=60s", timeout: 70).ok)
        #expect(try c.kubectl("rollout", "status", "deployment/payment", "--timeout=60s", timeout: 70).ok)

        let tls = "shop.example.com:\(https):127.0.0.1", plain = "shop.example.com:\(http):127.0.0.1"
        func get(_ path: String) throws -> Curl { try Self.curl("https://shop.example.com:\(https)\(path)", resolve: tls, cacert: cert) }
        let served = try eventually(30) { try get("/cart").body == "cart" }
        #expect(served, "\((try? get("/cart")).map { "\($0)" } ?? "")\n\(c.serverLog().suffix(2000))")
        // The payment pods' endpoints may reach nginx one reload after cart's.
        #expect(try eventually(30) { try get("/payments").body == "payment" })
        // Prefix /cart is path elements: /cartx is nginx's own 404, not cart's.
        let cartx = try get("/cartx")
        #expect(cartx.status == 404 && cartx.body.contains("nginx"), "\(cartx)")
        #expect(try get("/other").status == 404)
        // HTTP → HTTPS with 308.
        let redirect = try Self.curl("http://shop.example.com:\(http)/cart", resolve: plain)
        #expect(redirect.status == 308 && redirect.location == "https://shop.example.com:\(https)/cart", "\(redirect)")
        // An unknown host: 404.
        #expect(try Self.curl("http://nobody.example.com:\(http)/cart", resolve: "nobody.example.com:\(http):127.0.0.1").status == 404)

        // The node's address in status, shown by kubectl get ingress -A.
        let nodeIP = try c.get("nodes", "-o", #"jsonpath={.items[0].status.addresses[?(@.type=="InternalIP")].address}"#)
        #expect(!nodeIP.isEmpty)
        #expect(try poll(nodeIP) { try c.get("ingress", "shop", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}") } == nodeIP)
        let table = try c.ok("get", "ingress", "-A")
        #expect(table.contains("ADDRESS") && table.contains(nodeIP) && table.contains("shop.example.com"), "\(table)")

        // Nothing relevant changes: no reload (the same workers serve).
        let before = try #require(Self.nginx(c))
        #expect(!before.workers.isEmpty)
        try c.ok("create", "configmap", "unrelated", "--from-literal=a=b")
        try c.ok("create", "secret", "generic", "opaque", "--from-literal=a=b")
        try c.ok("create", "secret", "tls", "unused-tls", "--cert", cert, "--key", key)
        try c.ok("create", "service", "clusterip", "unused-svc", "--tcp=80:8080")
        try c.ok("annotate", "ingress", "shop", "note=unrelated")
        Thread.sleep(forTimeInterval: 2)
        let after = try #require(Self.nginx(c))
        #expect(after.master == before.master && after.workers == before.workers, "nginx reloaded without a relevant change")

        // A relevant change under load: every request is answered while nginx reloads.
        let failures = LoadFailures()
        let load = Thread {
            while !failures.stopped {
                let r = (try? Self.curl("https://shop.example.com:\(https)/cart", resolve: tls, cacert: cert)) ?? Curl(status: 0, body: "", location: "")
                failures.record(r.status == 200 && r.body == "cart" ? nil : "\(r.status) \(r.body)")
            }
        }
        load.start()
        Thread.sleep(forTimeInterval: 0.5)
        try c.ok("patch", "ingress", "shop", "--type=json", "-p",
                 #"[{"op":"add","path":"/spec/rules/0/http/paths/-","value":{"path":"/about","pathType":"Exact","backend":{"service":{"name":"payment-svc","port":{"number":80}}}}}]"#)
        #expect(try eventually(10) { try get("/about").body == "payment" })
        #expect(eventually(10) { Self.nginx(c).map { $0.workers.isDisjoint(with: before.workers) } == true })
        Thread.sleep(forTimeInterval: 0.5)
        failures.stop()
        #expect(failures.count > 5, "too few requests during the reload: \(failures.count)")
        #expect(failures.failed.isEmpty, "requests failed during the reload: \(failures.failed.prefix(5))")
        #expect(Self.nginx(c)?.master == before.master)

        // The server crashes: its nginx keeps serving; the next server stops it and starts its own.
        c.stop(signal: SIGKILL)
        #expect(Self.alive(before.master))
        #expect(try get("/cart").body == "cart")
        try c.start()
        #expect(try eventually(30) { Self.nginx(c).map { $0.master != before.master && Self.alive($0.master) } == true })
        #expect(!Self.alive(before.master))
        #expect(try eventually(30) { try get("/cart").body == "cart" })

        // Graceful stop takes nginx with it.
        _ = try? c.kubectl("delete", "deployments,pods", "--all", "--grace-period=1", "--wait=true", timeout: 90)
        let last = try #require(Self.nginx(c)).master
        c.stop()
        #expect(!Self.alive(last), "nginx outlived the server's graceful stop")
    }
}

/// What the load thread saw.
final class LoadFailures: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = NSLock()
    private var done = false
    private var total = 0
    private var failures: [String] = []
    func record(_ failure: String?) {
        lock.withLock {
            total += 1
            if let failure { failures.append(failure) }
        }
    }
    func stop() { lock.withLock { done = true } }
    var stopped: Bool { lock.withLock { done } }
    var count: Int { lock.withLock { total } }
    var failed: [String] { lock.withLock { failures } }
}
