import Foundation

/// The Ingress benchmark (issue 6): wrk on loopback through the ingress's
/// nginx (the configuration the controller renders) to three backend pods
/// behind one Service, against a hand-written nginx.conf in front of the
/// same three pod IPs with the same worker settings, in the same run
/// (rounds alternate, so neither side gets the warmer machine). Reports
/// requests/s and p99 latency from `wrk --latency`.
///
/// Backends: by default nginx in the busybox image (the host's nginx binary
/// and libraries mounted read-only by hostPath, its configuration from a
/// ConfigMap), which keeps connections alive and answers at once, so the
/// proxies are what is measured; `busybox` uses busybox httpd, which forks
/// per connection and closes it after each request (its small listen
/// backlog drops SYNs under 50 connections, so p99 is TCP's 1 s
/// retransmission on both sides).
struct IngressBench {
    let binary: String
    var backend = "nginx"
    var threads = 2
    var connections = 50
    var seconds = 10
    var rounds = 4
    static let host = "bench.example.com"

    func run(dir: URL) async throws {
        let archive = dir.appendingPathComponent("busybox.tar")
        try runTool(scriptPath("busybox-image.sh"), [archive.path])
        let data = dir.appendingPathComponent("data")
        try runTool(binary, ["images", "import", "--data-dir", data.path, archive.path])
        let (http, https, hand) = (try freeLoopbackPort(), try freeLoopbackPort(), try freeLoopbackPort())
        let bridge = "cingr\(Int.random(in: 100...999))"
        let server = try CapstanProcess.start(binary: binary, dataDir: data, extraArgs: [
            "--ingress-http-port", String(http), "--ingress-https-port", String(https),
            "--cluster-cidr", "10.\(Int.random(in: 200...250)).0.0/16", "--cni-bridge", bridge,
        ], agent: true)
        let kubectl = Kubectl(kubeconfig: server.kubeconfig)
        var handNginx: Process?
        defer {
            if let p = handNginx {
                kill(p.processIdentifier, SIGQUIT)
                p.waitUntilExit()
            }
            _ = try? kubectl.run("delete", "deployments,pods", "--all", "--grace-period=1", "--wait=true")
            server.stop()
            _ = runQuiet("/sbin/ip", ["link", "delete", bridge])
        }
        guard ["nginx", "busybox"].contains(backend) else { throw BenchError(description: "--ingress-backend: nginx or busybox") }
        try kubectl.apply((backend == "nginx" ? Self.nginxBackends : Self.busyboxBackends) + "\n---\n" + Self.serviceAndIngress)
        _ = try kubectl.run("rollout", "status", "deployment/web", "--timeout=180s")
        try await waitForIngress(port: http)
        let ips = try kubectl.run("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].status.podIP}")
            .split(separator: " ").map(String.init)
        guard ips.count == 3 else { throw BenchError(description: "expected 3 pod IPs, got \(ips)") }
        handNginx = try startHandNginx(dir: dir.appendingPathComponent("hand"), port: hand, backends: ips)
        print("# ingress: wrk -t\(threads) -c\(connections) -d\(seconds)s --latency, Host: \(Self.host), 3 \(backend) backend pods (\(ips.joined(separator: ", "))), \(rounds) alternating rounds")
        // Warm-up (connections, caches, the server settling after the rollout), not counted.
        try await Task.sleep(for: .seconds(5))
        for port in [http, hand] { _ = try wrk(port: port, seconds: 5) }
        var ours: [WrkResult] = [], theirs: [WrkResult] = []
        for round in 1...rounds {
            // Who goes first alternates too.
            for side in round % 2 == 1 ? [true, false] : [false, true] {
                let r = try wrk(port: side ? http : hand, seconds: seconds)
                print("[ingress] round \(round) \(side ? "capstan ingress" : "hand-configured nginx"): \(r)")
                if side { ours.append(r) } else { theirs.append(r) }
            }
        }
        let rps = median(ours.map(\.requestsPerSecond)), handRPS = median(theirs.map(\.requestsPerSecond))
        let p99 = median(ours.map(\.p99Millis)), handP99 = median(theirs.map(\.p99Millis))
        print(String(format: "[ingress] median: capstan ingress %.0f req/s, p99 %.2f ms; hand-configured nginx %.0f req/s, p99 %.2f ms; ratio %.2f× (target ≥ 0.9×)",
                     rps, p99, handRPS, handP99, rps / handRPS))
    }

    static let busyboxBackends = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: httpd
                image: busybox:latest
                imagePullPolicy: IfNotPresent
                command: ["sh", "-c", "mkdir -p /www && echo web > /www/index.html && exec httpd -f -p 8080 -h /www"]
                readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
        """

    /// One worker each, keepalive, a fixed answer (what a small app server does, minus the app).
    static let nginxBackends = #"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: backend-nginx}
        data:
          nginx.conf: |
            daemon off;
            user root root;
            worker_processes 1;
            pid /tmp/nginx.pid;
            error_log stderr;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path /tmp/cb; proxy_temp_path /tmp/p; fastcgi_temp_path /tmp/f; uwsgi_temp_path /tmp/u; scgi_temp_path /tmp/s;
              keepalive_requests 100000;
              server { listen 8080; location / { return 200 "web\n"; } }
            }
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: nginx
                image: busybox:latest
                imagePullPolicy: IfNotPresent
                command: ["/usr/sbin/nginx", "-p", "/tmp/", "-e", "stderr", "-c", "/etc/backend/nginx.conf"]
                readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
                volumeMounts:
                - {name: conf, mountPath: /etc/backend}
                - {name: nginx, mountPath: /usr/sbin/nginx, readOnly: true}
                - {name: lib, mountPath: /lib/x86_64-linux-gnu, readOnly: true}
                - {name: lib64, mountPath: /lib64, readOnly: true}
              volumes:
              - {name: conf, configMap: {name: backend-nginx}}
              - {name: nginx, hostPath: {path: /usr/sbin/nginx, type: File}}
              - {name: lib, hostPath: {path: /lib/x86_64-linux-gnu, type: Directory}}
              - {name: lib64, hostPath: {path: /lib64, type: Directory}}
        """#

    static let serviceAndIngress = """
        apiVersion: v1
        kind: Service
        metadata: {name: web-svc}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          rules:
          - host: \(host)
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web-svc, port: {number: 80}}}}
        """

    /// Until the ingress answers from a pod (all three endpoints in its upstream: the status is written after).
    func waitForIngress(port: Int) async throws {
        for _ in 0..<600 {
            let (ok, out) = capture("/usr/bin/curl", ["-s", "--max-time", "2", "-H", "Host: \(Self.host)", "http://127.0.0.1:\(port)/"])
            if ok, out.trimmingCharacters(in: .whitespacesAndNewlines) == "web" {
                try await Task.sleep(for: .seconds(2))
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchError(description: "the ingress never answered on port \(port)")
    }

    /// The same proxy by hand: an upstream of the three pods with keepalive, the usual headers, same workers and logs.
    func startHandNginx(dir: URL, port: Int, backends: [String]) throws -> Process {
        for sub in ["logs", "temp"] { try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true) }
        let conf = """
            worker_processes auto;
            pid nginx.pid;
            error_log logs/error.log notice;
            events { worker_connections 4096; }
            http {
                access_log logs/access.log combined buffer=64k flush=1s;
                client_body_temp_path temp/client-body;
                proxy_temp_path temp/proxy;
                fastcgi_temp_path temp/fastcgi;
                uwsgi_temp_path temp/uwsgi;
                scgi_temp_path temp/scgi;
                sendfile on;
                tcp_nopush on;
                keepalive_timeout 75s;
                keepalive_requests 1000;
                server_tokens off;
                upstream web {
            \(backends.map { "        server \($0):8080;" }.joined(separator: "\n"))
                    keepalive 64;
                }
                server {
                    listen \(port);
                    server_name \(Self.host);
                    location / {
                        proxy_pass http://web;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Real-IP $remote_addr;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                    }
                }
            }
            """
        let confURL = dir.appendingPathComponent("nginx.conf")
        try conf.write(to: confURL, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        p.arguments = ["-p", dir.path + "/", "-e", "logs/error.log", "-c", confURL.path, "-g", "daemon off;"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        for _ in 0..<250 {
            if (try? String(contentsOf: dir.appendingPathComponent("nginx.pid"), encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == String(p.processIdentifier) { return p }
            guard p.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw BenchError(description: "hand-configured nginx did not start (see \(dir.path)/logs/error.log)")
    }

    struct WrkResult: CustomStringConvertible {
        var requestsPerSecond: Double
        var p99Millis: Double
        var p50Millis: Double
        var errors: String
        var description: String {
            String(format: "%.0f req/s, p50 %.2f ms, p99 %.2f ms", requestsPerSecond, p50Millis, p99Millis) + (errors.isEmpty ? "" : "; \(errors)")
        }
    }

    func wrk(port: Int, seconds: Int) throws -> WrkResult {
        let (ok, out) = capture("/usr/bin/wrk", [
            "-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency", "-H", "Host: \(Self.host)", "http://127.0.0.1:\(port)/",
        ])
        guard ok else { throw BenchError(description: "wrk failed: \(out)") }
        return try Self.parse(out)
    }

    /// requests/s, p50 and p99 from wrk's `--latency` report.
    static func parse(_ out: String) throws -> WrkResult {
        var r = WrkResult(requestsPerSecond: .nan, p99Millis: .nan, p50Millis: .nan, errors: "")
        var errors: [String] = []
        for raw in out.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Requests/sec:"), f.count == 2 { r.requestsPerSecond = Double(f[1]) ?? .nan }
            if f.count == 2, f[0] == "99%" { r.p99Millis = millis(f[1]) }
            if f.count == 2, f[0] == "50%" { r.p50Millis = millis(f[1]) }
            if line.hasPrefix("Non-2xx") || line.hasPrefix("Socket errors") { errors.append(line) }
        }
        r.errors = errors.joined(separator: "; ")
        guard !r.requestsPerSecond.isNaN else { throw BenchError(description: "cannot read wrk's output: \(out)") }
        return r
    }

    static func millis(_ s: String) -> Double {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where s.hasSuffix(unit) {
            return (Double(s.dropLast(unit.count)) ?? .nan) * factor
        }
        return .nan
    }

    func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    func scriptPath(_ name: String) -> String {
        URL(fileURLWithPath: binary).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/\(name)").path
    }
}

/// kubectl against the benchmark's server.
struct Kubectl {
    let kubeconfig: URL

    @discardableResult
    func run(_ args: String...) throws -> String {
        let (ok, out) = capture("/usr/bin/env", ["kubectl", "--kubeconfig", kubeconfig.path] + args)
        guard ok else { throw BenchError(description: "kubectl \(args.joined(separator: " ")): \(out)") }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func apply(_ yaml: String) throws {
        let file = kubeconfig.deletingLastPathComponent().appendingPathComponent("bench-\(UUID().uuidString.prefix(6)).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        try run("apply", "-f", file.path)
    }
}

/// Runs a program to completion; stdout and stderr together (through a file, so nothing blocks).
func capture(_ path: String, _ args: [String]) -> (Bool, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.standardInput = FileHandle.nullDevice
    let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("bench-out-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outURL) }
    guard let out = try? FileHandle(forWritingTo: outURL) else { return (false, "cannot create \(outURL.path)") }
    p.standardOutput = out
    p.standardError = out
    do { try p.run() } catch { return (false, "\(error)") }
    p.waitUntilExit()
    try? out.close()
    return (p.terminationStatus == 0, (try? String(contentsOf: outURL, encoding: .utf8)) ?? "")
}

/// A TCP port free on 127.0.0.1 right now.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw BenchError(description: "socket: errno \(errno)") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    guard ok else { throw BenchError(description: "bind: errno \(errno)") }
    return Int(UInt16(bigEndian: addr.sin_port))
}
