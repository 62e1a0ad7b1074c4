import CapstanAPI
import Foundation
import Testing
@testable import CapstanIngress

/// Rendered configurations in a real nginx, in front of backends that say
/// who answered: Kubernetes' path semantics, host routing, TLS with SNI and
/// the redirect, 503 and 404, validation, reload and stale-master cleanup.
@Suite(.serialized, .enabled(if: Host.canRunNginx, "needs root, /usr/sbin/nginx, curl and openssl"))
struct NginxSemanticsTests {
    typealias P = Fixture.Path

    /// Inputs whose services `name` point at the backend of the same name.
    func inputs(_ ingresses: [Ingress], _ backends: Backends, names: [String]) -> RoutingInputs {
        var inputs = RoutingInputs(ingresses: ingresses)
        for n in names {
            inputs.services["default/\(n)"] = Fixture.service(n, ports: [(nil, 80)])
            inputs.endpointSlices["default/\(n)"] = [Fixture.slice(n, ports: [(nil, backends.ports[n]!)], ready: ["127.0.0.1"])]
        }
        return inputs
    }

    struct Running {
        let nginx: NginxProcess
        let dir: URL
        let http: Int
        let https: Int
        let settings: NginxSettings
        let certificates: CertificateFiles

        func apply(_ table: RoutingTable) async throws -> NginxProcess.Applied {
            try certificates.write(table.certificates)
            let text = NginxRenderer.render(table, settings: settings)
            if let complaint = await nginx.validate(text) { throw IngressError(complaint) }
            return try await nginx.install()
        }

        func stop() async {
            await nginx.stop()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// Runs `body` with nginx serving `table`, and stops nginx however `body` ends.
    func withNginx(_ table: RoutingTable, _ body: (Running) async throws -> Void) async throws {
        let r = try await start(table)
        do {
            try await body(r)
        } catch {
            await r.stop()
            throw error
        }
        await r.stop()
    }

    func start(_ table: RoutingTable) async throws -> Running {
        let dir = try Host.tempDir("ingress")
        let certificates = CertificateFiles(directory: dir.appendingPathComponent("certs"))
        let defaultCert = await certificates.ensureDefault()
        #expect(defaultCert == "default.pem")
        let (http, https) = (Host.freePort(), Host.freePort())
        let r = Running(
            nginx: NginxProcess(binary: Host.nginx, prefix: dir, logger: .init(label: "test"), onUnexpectedExit: { _ in }), dir: dir, http: http,
            https: https, settings: NginxSettings(httpPort: http, httpsPort: https, workerProcesses: "1", defaultCertificateFile: defaultCert),
            certificates: certificates)
        #expect(try await r.apply(table) == .started)
        return r
    }

    @Test func kubernetesPathSemantics() async throws {
        let backends = try Backends(names: ["a", "b", "c"])
        defer { backends.stop() }
        let ing = Fixture.ingress("paths", rules: [(nil, [
            P(path: "/foo", type: "Prefix", service: "a", port: "80"),
            P(path: "/foo/bar/", type: "Prefix", service: "b", port: "80"),
            P(path: "/exact", type: "Exact", service: "b", port: "80"),
            P(path: "/impl", type: "ImplementationSpecific", service: "c", port: "80"),
        ]), ("h.example.com", [
            P(path: "/", type: "Prefix", service: "a", port: "80"),
            P(path: "/x", type: "Exact", service: "c", port: "80"),
            P(path: "/x", type: "Prefix", service: "b", port: "80"),
        ])])
        try await withNginx(RoutingBuilder.build(inputs([ing], backends, names: ["a", "b", "c"]))) { r in
            func who(_ path: String, host: String? = nil) -> String {
                let url = "http://\(host ?? "127.0.0.1"):\(r.http)\(path)"
                let resp = Host.get(url, resolve: host.map { "\($0):\(r.http):127.0.0.1" })
                return resp.status == 200 ? String(resp.body.prefix { $0 != " " }) : String(resp.status)
            }
            // Prefix /foo: path elements, not string prefixes.
            #expect(who("/foo") == "a")
            #expect(who("/foo/") == "a")
            #expect(who("/foo/baz") == "a")
            #expect(who("/foobar") == "404")
            // The longest matching prefix wins; its trailing slash is ignored.
            #expect(who("/foo/bar") == "b")
            #expect(who("/foo/bar/") == "b")
            #expect(who("/foo/bar/baz") == "b")
            #expect(who("/foo/barbaz") == "a")
            // Exact matches only itself.
            #expect(who("/exact") == "b")
            #expect(who("/exact/") == "404")
            // ImplementationSpecific is nginx's plain prefix.
            #expect(who("/impl") == "c")
            #expect(who("/implx") == "c")
            // The backend sees the request URI unchanged.
            #expect(Host.get("http://127.0.0.1:\(r.http)/foo/q?x=1").body == "a /foo/q?x=1")
            // Host rules: Prefix / is everything, Exact beats Prefix for the same path.
            #expect(who("/anything", host: "h.example.com") == "a")
            #expect(who("/x", host: "h.example.com") == "c")
            #expect(who("/x/y", host: "h.example.com") == "b")
            // An unknown host falls to the default server.
            #expect(who("/foo", host: "other.example.com") == "a")
            #expect(who("/nothing", host: "other.example.com") == "404")
        }
    }

    @Test func tlsSNIRedirectDefaultBackendAnd503() async throws {
        let backends = try Backends(names: ["cart-svc", "payment-svc", "fallback"])
        defer { backends.stop() }
        let shop = Fixture.ingress(
            "shop",
            rules: [("shop.example.com", [
                P(path: "/cart", type: "Prefix", service: "cart-svc", port: "80"),
                P(path: "/payments", type: "Prefix", service: "payment-svc", port: "80"),
                P(path: "/down", type: "Prefix", service: "down", port: "80"),
            ])],
            tls: [(["shop.example.com"], "tls-cert-secret")], defaultBackend: ("fallback", "80"))
        let plain = Fixture.ingress("plain", rules: [("plain.example.com", [P(path: "/", type: "Prefix", service: "cart-svc", port: "80")])])
        var input = inputs([shop, plain], backends, names: ["cart-svc", "payment-svc", "fallback"])
        input.services["default/down"] = Fixture.service("down", ports: [(nil, 80)])
        let certDir = try Host.tempDir("pki")
        defer { try? FileManager.default.removeItem(at: certDir) }
        let pair = try Host.selfSigned("shop.example.com", in: certDir)
        input.keyPairs["default/tls-cert-secret"] = pair
        try await withNginx(RoutingBuilder.build(input)) { r in
            let cacert = certDir.appendingPathComponent("shop.example.com.crt").path
            let resolve = "shop.example.com:\(r.https):127.0.0.1"
            // HTTPS with the Secret's certificate, verified by curl against it (SNI picks the server).
            #expect(Host.get("https://shop.example.com:\(r.https)/cart", resolve: resolve, cacert: cacert).body == "cart-svc /cart")
            #expect(Host.get("https://shop.example.com:\(r.https)/payments/1", resolve: resolve, cacert: cacert).body == "payment-svc /payments/1")
            // HTTP redirects to HTTPS with 308, keeping the URI.
            let redirect = Host.get("http://shop.example.com:\(r.http)/cart?q=1", resolve: "shop.example.com:\(r.http):127.0.0.1")
            #expect(redirect.status == 308)
            #expect(redirect.location == "https://shop.example.com:\(r.https)/cart?q=1")
            // Unmatched paths of the host go to the Ingress's default backend; no endpoints → 503.
            #expect(Host.get("https://shop.example.com:\(r.https)/other", resolve: resolve, cacert: cacert).body == "fallback /other")
            #expect(Host.get("https://shop.example.com:\(r.https)/down", resolve: resolve, cacert: cacert).status == 503)
            // A host without TLS: plain HTTP, no redirect; HTTPS with the default certificate.
            #expect(Host.get("http://plain.example.com:\(r.http)/", resolve: "plain.example.com:\(r.http):127.0.0.1").body == "cart-svc /")
            #expect(Host.get("https://plain.example.com:\(r.https)/", resolve: "plain.example.com:\(r.https):127.0.0.1").body == "cart-svc /")
            // The default server: the default backend.
            #expect(Host.get("http://127.0.0.1:\(r.http)/x").body == "fallback /x")
            // The certificate file is private.
            let file = pair.fileName(secretKey: "default/tls-cert-secret")
            let mode = try FileManager.default.attributesOfItem(atPath: r.dir.appendingPathComponent("certs/\(file)").path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func invalidConfigurationIsRefusedAndReloadsAreGraceful() async throws {
        let backends = try Backends(names: ["a", "b"])
        defer { backends.stop() }
        let first = Fixture.ingress("r", rules: [(nil, [P(path: "/", type: "Prefix", service: "a", port: "80")])])
        try await withNginx(RoutingBuilder.build(inputs([first], backends, names: ["a", "b"]))) { r in
            #expect(Host.get("http://127.0.0.1:\(r.http)/").body == "a /")
            let masterPID = await r.nginx.pid
            // nginx -t refuses; the running configuration stays.
            let complaint = await r.nginx.validate("http { this is not nginx }")
            #expect(complaint?.contains("emerg") == true)
            #expect(Host.get("http://127.0.0.1:\(r.http)/").body == "a /")
            // A reload under a stream of requests: every request answered.
            let failures = Failures()
            let load = Thread {
                while !failures.done {
                    let s = Host.get("http://127.0.0.1:\(r.http)/").status
                    if s != 200 { failures.add(s) }
                }
            }
            load.start()
            try await Task.sleep(for: .milliseconds(300))
            let second = Fixture.ingress("r", rules: [(nil, [P(path: "/", type: "Prefix", service: "b", port: "80")])])
            #expect(try await r.apply(RoutingBuilder.build(inputs([second], backends, names: ["a", "b"]))) == .reloaded)
            var switched = false
            for _ in 0..<100 where !switched {
                switched = Host.get("http://127.0.0.1:\(r.http)/").body == "b /"
                if !switched { try await Task.sleep(for: .milliseconds(50)) }
            }
            try await Task.sleep(for: .milliseconds(300))
            failures.finish()
            #expect(switched)
            #expect(failures.statuses.isEmpty, "requests failed during the reload: \(failures.statuses)")
            #expect(await r.nginx.reloads == 1)
            #expect(await r.nginx.pid == masterPID)
        }
    }

    @Test func logsAreRotated() async throws {
        try await withNginx(RoutingTable(servers: [VirtualServer(host: "")])) { r in
            let log = r.dir.appendingPathComponent("logs/access.log")
            func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
            _ = Host.get("http://127.0.0.1:\(r.http)/one")
            // The access log is buffered for at most a second.
            #expect(await eventuallyAsync { size(log.path) > 0 })
            await r.nginx.rotateLogs(maxBytes: 0)
            #expect(size(log.path + ".1") > 0)
            _ = Host.get("http://127.0.0.1:\(r.http)/two")
            #expect(await eventuallyAsync { size(log.path) > 0 })
            #expect((try? String(contentsOf: log, encoding: .utf8))?.contains("/two") == true)
        }
    }

    func eventuallyAsync(_ holds: () -> Bool) async -> Bool {
        for _ in 0..<50 {
            if holds() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return holds()
    }

    @Test func aStaleMasterOfTheSamePrefixIsStopped() async throws {
        let r = try await start(RoutingTable(servers: [VirtualServer(host: "")]))
        let old = try #require(await r.nginx.pid)
        // A new controller on the same directory (the server crashed and restarted).
        let next = NginxProcess(binary: Host.nginx, prefix: r.dir, logger: .init(label: "test"), onUnexpectedExit: { _ in })
        #expect(await next.validate(NginxRenderer.render(RoutingTable(servers: [VirtualServer(host: "")]), settings: r.settings)) == nil)
        #expect(try await next.install() == .started)
        #expect(kill(old, 0) != 0 || NginxProcess.isZombie(old))
        #expect(Host.get("http://127.0.0.1:\(r.http)/").status == 404)
        await next.stop()
        await r.stop()
    }
}

/// Statuses of failed requests, from the load thread.
final class Failures: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = NSLock()
    private var list: [Int] = []
    private var stopped = false
    func add(_ s: Int) { lock.withLock { list.append(s) } }
    func finish() { lock.withLock { stopped = true } }
    var done: Bool { lock.withLock { stopped } }
    var statuses: [Int] { lock.withLock { list } }
}
