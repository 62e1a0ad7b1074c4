import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

protocol BenchTarget: Sendable {
    func create(name: String) async throws
    /// Returns the number of objects listed.
    func listAll() async throws -> Int
    /// Opens `watchers` watches, writes one object, returns each watcher's delay in ms.
    func fanOut(watchers: Int, trigger: String) async throws -> [Double]
    func shutdown() async throws
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

/// Capstan over HTTPS with the admin client certificate from the kubeconfig.
struct CapstanTarget: BenchTarget {
    let client: HTTPClient
    let base: String

    init(kubeconfig: URL) throws {
        let text = try String(contentsOf: kubeconfig, encoding: .utf8)
        func field(_ k: String) throws -> [UInt8] {
            guard let line = text.split(separator: "\n").first(where: { $0.contains(k + ":") }),
                let b64 = line.split(separator: " ").last, let d = Data(base64Encoded: String(b64))
            else { throw BenchError(description: "kubeconfig lacks \(k)") }
            return Array(d)
        }
        base = text.split(separator: "\n").first { $0.contains("server:") }!.split(separator: " ").last.map(String.init)!
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(try field("certificate-authority-data")))
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(try field("client-certificate-data")).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: try field("client-key-data"), format: .pem))
        var config = HTTPClient.Configuration(tlsConfiguration: tls)
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1200)
        config.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    func create(name: String) async throws {
        try await post(
            "/api/v1/namespaces/default/configmaps",
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":{"bench":"yes"}},"data":{"key":"value-\#(name)"}}"#)
    }

    func listAll() async throws -> Int {
        let resp = try await client.execute(HTTPClientRequest(url: base + "/api/v1/namespaces/default/configmaps"), timeout: .seconds(30))
        let body = try await resp.body.collect(upTo: 1 << 30)
        return body.readableBytesView.split(separator: UInt8(ascii: "\n")).count > 0 ? countOccurrences(body, of: "\"kind\":\"ConfigMap\"") : 0
    }

    func fanOut(watchers: Int, trigger: String) async throws -> [Double] {
        let rvResp = try await client.execute(HTTPClientRequest(url: base + "/api/v1/namespaces/default/configmaps?limit=1"), timeout: .seconds(30))
        let rvBody = try await rvResp.body.collect(upTo: 1 << 20)
        // The list's own resourceVersion (not an item's): watch from "now".
        let list = try JSONSerialization.jsonObject(with: Data(rvBody.readableBytesView)) as? [String: Any]
        let rv = (list?["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "0"
        return try await watchFanOut(watchers: watchers, open: { () async throws -> HTTPClientResponse in
            try await client.execute(HTTPClientRequest(url: base + "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(rv)&timeoutSeconds=5"), timeout: .seconds(30))
        }, trigger: { try await create(name: trigger) }, marker: trigger)
    }

    func shutdown() async throws { try await client.shutdown() }

    func post(_ path: String, _ body: String) async throws {
        var req = HTTPClientRequest(url: base + path)
        req.method = .POST
        req.headers.add(name: "Content-Type", value: "application/json")
        req.body = .bytes(ByteBuffer(string: body))
        let resp = try await client.execute(req, timeout: .seconds(30))
        let out = try await resp.body.collect(upTo: 1 << 20)
        guard resp.status == .created else {
            throw BenchError(description: "POST \(path): \(resp.status) \(String(buffer: out))")
        }
    }

    /// PATCH (strategic merge unless told otherwise); throws unless 200.
    func patch(_ path: String, _ body: String, contentType: String = "application/strategic-merge-patch+json") async throws {
        var req = HTTPClientRequest(url: base + path)
        req.method = .PATCH
        req.headers.add(name: "Content-Type", value: contentType)
        req.body = .bytes(ByteBuffer(string: body))
        let resp = try await client.execute(req, timeout: .seconds(30))
        let out = try await resp.body.collect(upTo: 1 << 20)
        guard resp.status == .ok else { throw BenchError(description: "PATCH \(path): \(resp.status) \(String(buffer: out))") }
    }

    func delete(_ path: String) async throws {
        var req = HTTPClientRequest(url: base + path)
        req.method = .DELETE
        let resp = try await client.execute(req, timeout: .seconds(30))
        _ = try await resp.body.collect(upTo: 1 << 20)
    }

    func getBody(_ path: String) async throws -> [UInt8] {
        let resp = try await client.execute(HTTPClientRequest(url: base + path), timeout: .seconds(30))
        return Array(try await resp.body.collect(upTo: 1 << 30).readableBytesView)
    }
}

/// Waits until every watcher is connected, triggers one write, and measures
/// when each watcher sees `marker` in its stream.
func watchFanOut(watchers: Int, open: @escaping @Sendable () async throws -> HTTPClientResponse,
                 trigger: @escaping @Sendable () async throws -> Void, marker: String) async throws -> [Double] {
    let ready = Counter()
    let clock = ContinuousClock()
    let t0Box = TimeBox()
    return try await withThrowingTaskGroup(of: Double.self) { group in
        for _ in 0..<watchers {
            group.addTask {
                let resp = try await open()
                await ready.increment()
                guard resp.status == .ok else { throw BenchError(description: "watch: \(resp.status)") }
                var buf = ""
                for try await chunk in resp.body {
                    buf += String(buffer: chunk)
                    if buf.contains(marker) {
                        let now = clock.now
                        let t0 = await t0Box.wait()
                        return ms(now - t0)
                    }
                    if buf.count > 1 << 16 { buf = String(buf.suffix(4096)) }
                }
                throw BenchError(description: "watch ended before the write arrived: \(buf.prefix(300))")
            }
        }
        while await ready.value < watchers { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(200))
        await t0Box.set(clock.now)
        try await trigger()
        var out: [Double] = []
        for try await v in group {
            out.append(v)
            if out.count == watchers { group.cancelAll() }
        }
        return out
    }
}

actor Counter {
    var value = 0
    func increment() { value += 1 }
}

actor TimeBox {
    var t: ContinuousClock.Instant?
    var waiters: [CheckedContinuation<ContinuousClock.Instant, Never>] = []
    func set(_ v: ContinuousClock.Instant) {
        t = v
        for w in waiters { w.resume(returning: v) }
        waiters = []
    }
    func wait() async -> ContinuousClock.Instant {
        if let t { return t }
        return await withCheckedContinuation { waiters.append($0) }
    }
}

func countOccurrences(_ buf: ByteBuffer, of s: String) -> Int {
    let hay = Array(buf.readableBytesView)
    let needle = Array(s.utf8)
    var n = 0
    var i = 0
    while i + needle.count <= hay.count {
        if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { n += 1; i += needle.count } else { i += 1 }
    }
    return n
}

/// etcd v3 through its JSON gateway: the anchor.
struct EtcdTarget: BenchTarget {
    let client: HTTPClient
    let base: String

    init(base: String) {
        self.base = base
        var config = HTTPClient.Configuration()
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1200)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    func post(_ path: String, _ body: String, timeout: TimeAmount = .seconds(30)) async throws -> HTTPClientResponse {
        var req = HTTPClientRequest(url: base + path)
        req.method = .POST
        req.body = .bytes(ByteBuffer(string: body))
        return try await client.execute(req, timeout: timeout)
    }

    func create(name: String) async throws {
        let value = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":{"bench":"yes"}},"data":{"key":"value-\#(name)"}}"#
        let resp = try await post("/v3/kv/put", #"{"key":"\#(Self.b64("/registry/configmaps/default/" + name))","value":"\#(Self.b64(value))"}"#)
        _ = try await resp.body.collect(upTo: 1 << 20)
        guard resp.status == .ok else { throw BenchError(description: "etcd put: \(resp.status)") }
    }

    func listAll() async throws -> Int {
        let resp = try await post("/v3/kv/range", #"{"key":"\#(Self.b64("/registry/configmaps/default/"))","range_end":"\#(Self.b64("/registry/configmaps/default0"))"}"#)
        let body = try await resp.body.collect(upTo: 1 << 30)
        return countOccurrences(body, of: "\"mod_revision\"")
    }

    func fanOut(watchers: Int, trigger: String) async throws -> [Double] {
        let body = #"{"create_request":{"key":"\#(Self.b64("/registry/configmaps/default/"))","range_end":"\#(Self.b64("/registry/configmaps/default0"))"}}"#
        let marker = Self.b64("/registry/configmaps/default/" + trigger)
        return try await watchFanOut(watchers: watchers, open: { try await post("/v3/watch", body, timeout: .seconds(8)) },
                                     trigger: { try await create(name: trigger) }, marker: marker)
    }

    func shutdown() async throws { try await client.shutdown() }
}
