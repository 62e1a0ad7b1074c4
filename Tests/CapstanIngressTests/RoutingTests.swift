import CapstanAPI
import Foundation
import Testing
@testable import CapstanIngress

/// The routing table and the nginx text, from typed inputs (no processes).
@Suite struct RoutingTests {
    typealias P = Fixture.Path

    func server(_ t: RoutingTable, _ host: String) -> VirtualServer? { t.servers.first { $0.host == host } }

    @Test func pathTypesBecomeLocations() {
        let ing = Fixture.ingress("web", rules: [(nil, [
            P(path: "/exact", type: "Exact", service: "a", port: "80"),
            P(path: "/foo/", type: "Prefix", service: "a", port: "80"),
            P(path: "/impl", type: "ImplementationSpecific", service: "b", port: "80"),
        ])])
        let t = RoutingBuilder.build(Fixture.inputs([ing], backends: ["a": ["10.0.0.1"], "b": ["10.0.0.2"]]))
        let d = try! #require(server(t, ""))
        #expect(d.locations.map(\.match) == [.exact("/exact"), .exact("/foo"), .prefix("/foo/"), .prefix("/impl")])
        #expect(d.locations.map(\.route) == [.upstream("default_a_80"), .upstream("default_a_80"), .upstream("default_a_80"), .upstream("default_b_80")])
        #expect(t.upstreams == [Upstream(name: "default_a_80", servers: ["10.0.0.1:8080"]), Upstream(name: "default_b_80", servers: ["10.0.0.2:8080"])])
        let text = NginxRenderer.render(t, settings: NginxSettings(httpPort: 8080, httpsPort: 8443))
        #expect(text.contains(#"location = "/foo" {"#) && text.contains(#"location "/foo/" {"#) && text.contains(#"location "/impl" {"#))
        #expect(text.contains("proxy_pass http://default_a_80;"))
        #expect(text.contains("server 10.0.0.1:8080 max_fails=0;"))
        #expect(text.contains("listen 8080 default_server;"))
        // Nothing matches / on the default server without a default backend: 404.
        #expect(d.fallback == .notFound && text.contains("return 404;"))
    }

    @Test func prefixRootIsEverything() {
        let ing = Fixture.ingress("web", rules: [("h.example.com", [P(path: "/", type: "Prefix", service: "a", port: "80")])])
        let t = RoutingBuilder.build(Fixture.inputs([ing], backends: ["a": ["10.0.0.1"]]))
        #expect(server(t, "h.example.com")?.locations.map(\.match) == [.prefix("/")])
        // The rendered server has no extra fallback `location /` (it would be a duplicate).
        let text = NginxRenderer.render(t, settings: NginxSettings())
        let block = text.components(separatedBy: "server_name h.example.com;")[1]
        #expect(block.components(separatedBy: "location ").count == 2)
    }

    @Test func exactBeatsPrefixAndOlderIngressWinsConflicts() {
        let older = Fixture.ingress("old", created: "2026-01-01T00:00:00Z", rules: [("h.example.com", [P(path: "/foo", type: "Prefix", service: "a", port: "80")])])
        let newer = Fixture.ingress("new", created: "2026-02-01T00:00:00Z", rules: [("h.example.com", [
            P(path: "/foo", type: "Exact", service: "b", port: "80"),
            P(path: "/foo/", type: "ImplementationSpecific", service: "b", port: "80"),
            P(path: "/bar", type: "Prefix", service: "b", port: "80"),
        ])])
        let again = Fixture.ingress("again", created: "2026-03-01T00:00:00Z", rules: [("h.example.com", [P(path: "/bar", type: "Prefix", service: "a", port: "80")])])
        let t = RoutingBuilder.build(Fixture.inputs([again, newer, older], backends: ["a": ["10.0.0.1"], "b": ["10.0.0.2"]]))
        let s = try! #require(server(t, "h.example.com"))
        let routes = Dictionary(uniqueKeysWithValues: s.locations.map { ($0.match, $0.route) })
        #expect(routes[.exact("/foo")] == .upstream("default_b_80"))  // Exact before Prefix
        #expect(routes[.prefix("/foo/")] == .upstream("default_a_80"))  // Prefix before ImplementationSpecific
        #expect(routes[.exact("/bar")] == .upstream("default_b_80"))  // the older Ingress keeps its path
        #expect(s.locations.count == 4)
    }

    @Test func tlsHostsGetTheirCertificateAndRedirect() {
        let ing = Fixture.ingress(
            "shop", rules: [("shop.example.com", [P(path: "/cart", type: "Prefix", service: "cart-svc", port: "80")])],
            tls: [(["shop.example.com"], "tls-cert-secret")])
        var inputs = Fixture.inputs([ing], backends: ["cart-svc": ["10.0.0.1"]])
        let pair = TLSKeyPair(certificatePEM: "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n", keyPEM: "-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----\n")
        inputs.keyPairs["default/tls-cert-secret"] = pair
        let t = RoutingBuilder.build(inputs)
        let file = pair.fileName(secretKey: "default/tls-cert-secret")
        #expect(file.hasPrefix("default_tls-cert-secret-") && file.hasSuffix(".pem"))
        #expect(server(t, "shop.example.com")?.certificateFile == file)
        #expect(t.certificates == [file: pair])
        let text = NginxRenderer.render(t, settings: NginxSettings(httpPort: 8080, httpsPort: 8443, defaultCertificateFile: "default.pem"))
        #expect(text.contains("listen 8443 ssl http2;"))
        #expect(text.contains("ssl_certificate certs/\(file);"))
        #expect(text.contains("return 308 https://$host:8443$request_uri;"))
        // On 443 the redirect names no port.
        #expect(NginxRenderer.render(t, settings: NginxSettings()).contains("return 308 https://$host$request_uri;"))
        // A renewed certificate is a new file name, so new text (and a reload).
        var renewed = inputs
        renewed.keyPairs["default/tls-cert-secret"]?.certificatePEM += "x"
        #expect(NginxRenderer.render(RoutingBuilder.build(renewed), settings: NginxSettings()) != NginxRenderer.render(t, settings: NginxSettings()))
    }

    @Test func missingSecretServesWithoutRedirectAndWarns() {
        let ing = Fixture.ingress(
            "shop", rules: [("shop.example.com", [P(path: "/", type: "Prefix", service: "a", port: "80")])], tls: [(["shop.example.com"], "nope")])
        let t = RoutingBuilder.build(Fixture.inputs([ing], backends: ["a": ["10.0.0.1"]]))
        #expect(server(t, "shop.example.com")?.certificateFile == nil)
        #expect(!NginxRenderer.render(t, settings: NginxSettings()).contains("return 308"))
        #expect(t.warnings.contains { $0.ingress == "default/shop" && $0.message.contains("default/nope not found") })
    }

    @Test func defaultBackendServesTheDefaultServerAndUnmatchedPaths() {
        let ing = Fixture.ingress(
            "web", rules: [("h.example.com", [P(path: "/app", type: "Prefix", service: "a", port: "80")])], defaultBackend: ("fallback", "80"))
        let t = RoutingBuilder.build(Fixture.inputs([ing], backends: ["a": ["10.0.0.1"], "fallback": ["10.0.0.9"]]))
        #expect(server(t, "")?.fallback == .upstream("default_fallback_80"))
        #expect(server(t, "h.example.com")?.fallback == .upstream("default_fallback_80"))
        #expect(t.upstreams.map(\.name) == ["default_a_80", "default_fallback_80"])
    }

    @Test func noReadyEndpointsOrNoServiceIs503() {
        let ing = Fixture.ingress("web", rules: [(nil, [
            P(path: "/down", type: "Prefix", service: "down", port: "80"),
            P(path: "/gone", type: "Prefix", service: "gone", port: "80"),
            P(path: "/badport", type: "Prefix", service: "down", port: "81"),
        ])])
        var inputs = Fixture.inputs([ing], backends: [:])
        inputs.services["default/down"] = Fixture.service("down", ports: [(nil, 80)])
        inputs.endpointSlices["default/down"] = [Fixture.slice("down", ports: [(nil, 8080)], ready: [], notReady: ["10.0.0.3"])]
        let t = RoutingBuilder.build(inputs)
        #expect(server(t, "")?.locations.allSatisfy { $0.route == .unavailable } == true)
        #expect(t.upstreams.isEmpty)
        #expect(NginxRenderer.render(t, settings: NginxSettings()).contains("return 503;"))
        #expect(t.warnings.map(\.message).contains { $0.contains("service default/gone not found") })
        #expect(t.warnings.map(\.message).contains { $0.contains("has no port 81") })
    }

    @Test func namedServicePortPicksTheSlicePortOfThatName() {
        let ing = Fixture.ingress("web", rules: [(nil, [P(path: "/", type: "Prefix", service: "multi", port: "web")])])
        var inputs = RoutingInputs(ingresses: [ing])
        inputs.services["default/multi"] = Fixture.service("multi", ports: [("metrics", 9090), ("web", 80)])
        inputs.endpointSlices["default/multi"] = [
            Fixture.slice("multi", suffix: "a", ports: [("metrics", 9100), ("web", 8080)], ready: ["10.0.0.1", "10.0.0.2"]),
            // Another slice: pods exposing the named target port on another number.
            Fixture.slice("multi", suffix: "b", ports: [("metrics", 9100), ("web", 8081)], ready: ["10.0.0.3"]),
        ]
        let t = RoutingBuilder.build(inputs)
        #expect(t.upstreams == [Upstream(name: "default_multi_80", servers: ["10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8081"])])
    }

    @Test func invalidHostsAndPathsAreSkippedWithWarnings() {
        let ing = Fixture.ingress("web", rules: [
            ("bad host", [P(path: "/", type: "Prefix", service: "a", port: "80")]),
            ("ok.example.com", [P(path: "/x;y", type: "Prefix", service: "a", port: "80"), P(path: "rel", type: "Exact", service: "a", port: "80")]),
            ("*.wild.example.com", [P(path: "/", type: "Prefix", service: "a", port: "80")]),
        ], defaultBackend: ("a", "80"))
        let t = RoutingBuilder.build(Fixture.inputs([ing], backends: ["a": ["10.0.0.1"]]))
        #expect(t.servers.map(\.host) == ["", "*.wild.example.com", "ok.example.com"])
        #expect(server(t, "ok.example.com")?.locations.isEmpty == true)
        #expect(t.warnings.count == 3)
        #expect(NginxRenderer.render(t, settings: NginxSettings()).contains("server_name *.wild.example.com;"))
    }

    @Test func renderingIsDeterministic() {
        let a = Fixture.ingress("a", rules: [("x.example.com", [P(path: "/", type: "Prefix", service: "s", port: "80")])])
        let b = Fixture.ingress("b", rules: [("y.example.com", [P(path: "/", type: "Prefix", service: "s", port: "80")])])
        let one = NginxRenderer.render(RoutingBuilder.build(Fixture.inputs([a, b], backends: ["s": ["10.0.0.2", "10.0.0.1"]])), settings: NginxSettings())
        let two = NginxRenderer.render(RoutingBuilder.build(Fixture.inputs([b, a], backends: ["s": ["10.0.0.1", "10.0.0.2"]])), settings: NginxSettings())
        #expect(one == two)
    }

    @Test func classPolicy() {
        let ours = Fixture.decode(IngressClass.self, #"{"metadata":{"name":"capstan","annotations":{"ingressclass.kubernetes.io/is-default-class":"true"}},"spec":{"controller":"capstan.io/ingress-nginx"}}"#)
        let other = Fixture.decode(IngressClass.self, #"{"metadata":{"name":"traefik"},"spec":{"controller":"traefik.io/ingress-controller"}}"#)
        let policy = IngressClassPolicy(classes: [ours, other])
        #expect(policy.serves(Fixture.ingress("a", className: "capstan")))
        #expect(!policy.serves(Fixture.ingress("b", className: "traefik")))
        #expect(!policy.serves(Fixture.ingress("c", className: "missing")))
        #expect(policy.serves(Fixture.ingress("d")))  // no class: ours is the default
        var legacy = Fixture.ingress("e")
        legacy.metadata.annotations = ["kubernetes.io/ingress.class": "traefik"]
        #expect(!policy.serves(legacy))
        #expect(!IngressClassPolicy(classes: [other]).serves(Fixture.ingress("f")))
        let decoded = Fixture.decode(IngressClass.self, IngressClassPolicy.defaultClass.serializedString())
        #expect(IngressClassPolicy(classes: [decoded]).oursIsDefault)
    }

    @Test func tlsSecretsAreDecoded() {
        let crt = "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n", key = "-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----\n"
        func b64(_ s: String) -> JSONValue { .string(Data(s.utf8).base64EncodedString()) }
        let secret: JSONValue = ["type": "kubernetes.io/tls", "data": ["tls.crt": b64(crt), "tls.key": b64(key)]]
        #expect(IngressCaches.keyPair(secret) == TLSKeyPair(certificatePEM: crt, keyPEM: key))
        var opaque = secret
        opaque["type"] = "Opaque"
        #expect(IngressCaches.keyPair(opaque) == nil)
        var garbage = secret
        garbage[path: ["data", "tls.key"]] = b64("not a key")
        #expect(IngressCaches.keyPair(garbage) == nil)
    }
}
