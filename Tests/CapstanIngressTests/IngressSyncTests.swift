import CapstanAPI
import CapstanClient
import Foundation
import Logging
import Synchronization
import Testing
@testable import CapstanIngress

/// One controller pass at a time (`IngressSync.run`) over seeded caches,
/// with a real nginx and a recording fake of the API: the calls made, and
/// whether nginx was reloaded.
@Suite(.serialized, .enabled(if: Host.canRunNginx, "needs root, /usr/sbin/nginx, curl and openssl"))
struct IngressSyncTests {
    /// A fake API (named as such): records every request, answers 200 `{}`, watches nothing.
    final class RecordingAPI: APITransport {
        private let log = Mutex<[String]>([])
        var calls: [String] { log.withLock { $0 } }
        func reset() { log.withLock { $0 = [] } }

        func send(_ request: APIRequest) async throws -> APIResponse {
            let body = request.body.map { String(decoding: $0, as: UTF8.self) } ?? ""
            log.withLock { $0.append("\(request.method.rawValue) \(request.path) \(body)") }
            return APIResponse(status: 200, body: Array("{}".utf8))
        }

        func watch(_ request: APIRequest) async throws -> AsyncThrowingStream<[UInt8], any Error> {
            AsyncThrowingStream { $0.finish() }
        }
    }

    func json(_ s: String) -> JSONValue { try! JSONValue.parse(s) }

    func ingress(_ name: String, className: String, status: Bool = false) -> JSONValue {
        let st = status ? #","status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}"# : ""
        return json(#"""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"\#(name)","namespace":"default","uid":"u-\#(name)"},
             "spec":{"ingressClassName":"\#(className)","rules":[{"host":"web.example.com","http":{"paths":[
               {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}\#(st)}
            """#)
    }

    func slice(port: Int, addresses: [String]) -> JSONValue {
        let eps = addresses.map { #"{"addresses":["\#($0)"],"conditions":{"ready":true}}"# }.joined(separator: ",")
        return json(#"""
            {"metadata":{"name":"web-1","namespace":"default","labels":{"kubernetes.io/service-name":"web"}},
             "addressType":"IPv4","ports":[{"port":\#(port),"protocol":"TCP"}],"endpoints":[\#(eps)]}
            """#)
    }

    @Test func oneSyncStartsNginxWritesStatusOnceAndReloadsOnlyOnRelevantChanges() async throws {
        let backends = try Backends(names: ["web"])
        defer { backends.stop() }
        let api = RecordingAPI()
        let client = KubeClient(transport: api)
        let logger = Logger(label: "test")
        let caches = IngressCaches(client: client, nodeName: "node-1", logger: logger)
        caches.classes.cache.put(IngressClassPolicy.defaultClass)
        caches.ingresses.cache.put(ingress("web", className: "capstan"))
        caches.ingresses.cache.put(ingress("theirs", className: "someone-else"))
        caches.services.cache.put(json(#"{"metadata":{"name":"web","namespace":"default"},"spec":{"ports":[{"port":80,"protocol":"TCP"}]}}"#))
        caches.slices.cache.put(slice(port: backends.ports["web"]!, addresses: ["127.0.0.1"]))
        caches.node.cache.put(json(#"{"metadata":{"name":"node-1"},"status":{"addresses":[{"type":"Hostname","address":"node-1"},{"type":"InternalIP","address":"192.0.2.10"}]}}"#))

        let dir = try Host.tempDir("sync")
        defer { try? FileManager.default.removeItem(at: dir) }
        let nginx = NginxProcess(binary: Host.nginx, prefix: dir, logger: logger, onUnexpectedExit: { _ in })
        let http = Host.freePort()
        var sync = IngressSync(
            caches: caches, nginx: nginx, certificates: CertificateFiles(directory: dir.appendingPathComponent("certs")), client: client,
            events: EventRecorder(client: client, component: "test", logger: logger),
            settings: NginxSettings(httpPort: http, httpsPort: Host.freePort(), workerProcesses: "1"), logger: logger)

        // First pass: nginx starts with the route; the one API call is our Ingress's status.
        #expect(await sync.run() == .done)
        #expect(Host.get("http://web.example.com:\(http)/x", resolve: "web.example.com:\(http):127.0.0.1").body == "web /x")
        #expect(api.calls == [
            #"PATCH /apis/networking.k8s.io/v1/namespaces/default/ingresses/web/status {"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}}"#
        ])

        // The status comes back through the informer: no call, no reload.
        caches.ingresses.cache.put(ingress("web", className: "capstan", status: true))
        api.reset()
        #expect(await sync.run() == .done)
        #expect(api.calls.isEmpty)
        #expect(await nginx.reloads == 0)

        // Objects no Ingress of ours names: no reload.
        caches.services.cache.put(json(#"{"metadata":{"name":"other","namespace":"default"},"spec":{"ports":[{"port":80}]}}"#))
        caches.secrets.cache.put(json(#"{"metadata":{"name":"unused","namespace":"default"},"type":"kubernetes.io/tls","data":{}}"#))
        caches.ingresses.cache.put(ingress("theirs", className: "someone-else", status: true))
        #expect(await sync.run() == .done)
        #expect(await nginx.reloads == 0)

        // A new endpoint of the backend: one reload, and nothing written.
        caches.slices.cache.put(slice(port: backends.ports["web"]!, addresses: ["127.0.0.1", "127.0.0.2"]))
        #expect(await sync.run() == .done)
        #expect(await nginx.reloads == 1)
        #expect(api.calls.isEmpty)
        #expect(try String(contentsOf: dir.appendingPathComponent("nginx.conf"), encoding: .utf8).contains("server 127.0.0.2:"))
        await nginx.stop()
    }

    @Test func aRefusedConfigurationKeepsTheLiveOneEvenAcrossAnNginxCrash() async throws {
        let backends = try Backends(names: ["web"])
        defer { backends.stop() }
        let api = RecordingAPI()
        let client = KubeClient(transport: api)
        let logger = Logger(label: "test")
        let caches = IngressCaches(client: client, nodeName: "node-1", logger: logger)
        caches.classes.cache.put(IngressClassPolicy.defaultClass)
        caches.ingresses.cache.put(ingress("web", className: "capstan", status: true))
        caches.services.cache.put(json(#"{"metadata":{"name":"web","namespace":"default"},"spec":{"ports":[{"port":80,"protocol":"TCP"}]}}"#))
        caches.slices.cache.put(slice(port: backends.ports["web"]!, addresses: ["127.0.0.1"]))
        let dir = try Host.tempDir("sync")
        defer { try? FileManager.default.removeItem(at: dir) }
        let nginx = NginxProcess(binary: Host.nginx, prefix: dir, logger: logger, onUnexpectedExit: { _ in })
        let http = Host.freePort()
        var sync = IngressSync(
            caches: caches, nginx: nginx, certificates: CertificateFiles(directory: dir.appendingPathComponent("certs")), client: client,
            events: EventRecorder(client: client, component: "test", logger: logger),
            settings: NginxSettings(httpPort: http, httpsPort: Host.freePort(), workerProcesses: "1"), logger: logger)
        #expect(await sync.run() == .done)
        func get() -> String { Host.get("http://web.example.com:\(http)/", resolve: "web.example.com:\(http):127.0.0.1").body }
        #expect(get() == "web /")

        // A Secret that looks like PEM but is not: nginx -t refuses, the running configuration stays, a Warning Event.
        var tls = ingress("web", className: "capstan", status: true)
        tls[path: ["spec", "tls"]] = [["hosts": ["web.example.com"], "secretName": "broken"]]
        caches.ingresses.cache.put(tls)
        let garbage = Data("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".utf8).base64EncodedString()
        caches.secrets.cache.put(json(#"{"metadata":{"name":"broken","namespace":"default"},"type":"kubernetes.io/tls","data":{"tls.crt":"\#(garbage)","tls.key":"\#(garbage)"}}"#))
        #expect(await sync.run() == .done)
        #expect(await nginx.reloads == 0)
        #expect(get() == "web /")
        for _ in 0..<50 where !api.calls.contains(where: { $0.contains("InvalidConfiguration") }) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(api.calls.contains { $0.hasPrefix("POST /api/v1/namespaces/default/events") && $0.contains("InvalidConfiguration") })

        // nginx dies: the next pass starts it on the last accepted configuration.
        let master = try #require(await nginx.pid)
        kill(master, SIGKILL)
        for _ in 0..<100 where await nginx.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await sync.run() == .done)
        #expect(await nginx.isRunning)
        #expect(get() == "web /")
        await nginx.stop()
    }
}
