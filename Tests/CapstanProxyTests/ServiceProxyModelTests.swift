import CapstanAPI
import Testing

@testable import CapstanProxy

/// Service + EndpointSlices → the rules of each port, from real Kubernetes JSON.
struct ServiceProxyModelTests {
    static func json(_ s: String) -> JSONValue { try! JSONValue.parse(Array(s.utf8)) }

    static let web = json(#"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
         "spec":{"type":"NodePort","clusterIP":"10.43.0.20","selector":{"app":"web"},
           "ports":[{"name":"http","port":80,"targetPort":"http","nodePort":30080,"protocol":"TCP"},
                    {"name":"dns","port":53,"protocol":"UDP","nodePort":30053}]}}
        """#)

    static let slice = json(#"""
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","addressType":"IPv4",
         "metadata":{"name":"web-1","namespace":"default","labels":{"kubernetes.io/service-name":"web"}},
         "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"dns","port":5353,"protocol":"UDP"}],
         "endpoints":[
           {"addresses":["10.42.0.7"],"conditions":{"ready":true,"serving":true,"terminating":false}},
           {"addresses":["10.42.0.5"],"conditions":{"ready":true}},
           {"addresses":["10.42.0.9"],"conditions":{"ready":false,"serving":false}},
           {"addresses":["10.42.0.8"],"conditions":{"ready":false,"serving":true,"terminating":true}}]}
        """#)

    @Test func portsGetTheirFrontendsAndReadyEndpoints() {
        let rules = ServiceProxyModel.rules(service: Self.web, slices: [Self.slice], options: .init())
        #expect(rules.map(\.id.description) == ["default/web/tcp/http", "default/web/udp/dns"])
        #expect(rules[0].frontends == [.address(ip: "10.43.0.20", port: 80), .nodePort(30080)])
        #expect(rules[0].endpoints == [.init(ip: "10.42.0.5", port: 8080), .init(ip: "10.42.0.7", port: 8080)])
        #expect(rules[1].endpoints.map(\.port) == [5353, 5353])
        #expect(rules[0].affinitySeconds == nil)
    }

    @Test func terminatingButServingEndpointsOnlyWhenNoneIsReady() {
        var s = Self.slice
        s[path: ["endpoints"]] = .array([Self.json(#"{"addresses":["10.42.0.8"],"conditions":{"ready":false,"serving":true,"terminating":true}}"#)])
        let rules = ServiceProxyModel.rules(service: Self.web, slices: [s], options: .init())
        #expect(rules[0].endpoints == [.init(ip: "10.42.0.8", port: 8080)])
    }

    @Test func loadBalancerPortsAnswerOnTheNodeOnceServiceLBHasGivenAnAddress() {
        var svc = Self.web
        svc[path: ["spec", "type"]] = "LoadBalancer"
        let options = ServiceProxyModel.Options(loadBalancerAddresses: ["192.168.1.10", "127.0.0.1"])
        #expect(ServiceProxyModel.rules(service: svc, slices: [], options: options)[0].frontends.count == 2)
        svc[path: ["status"]] = Self.json(#"{"loadBalancer":{"ingress":[{"ip":"192.168.1.10"}]}}"#)
        let fronts = ServiceProxyModel.rules(service: svc, slices: [], options: options)[0].frontends
        #expect(fronts == [.address(ip: "10.43.0.20", port: 80), .address(ip: "127.0.0.1", port: 80),
                           .address(ip: "192.168.1.10", port: 80), .nodePort(30080)])
    }

    @Test func headlessExternalNameAndSkippedAddressesGetNoRules() {
        var svc = Self.web
        svc[path: ["spec", "type"]] = "ClusterIP"
        svc[path: ["spec", "clusterIP"]] = "None"
        #expect(ServiceProxyModel.rules(service: svc, slices: [Self.slice], options: .init()).isEmpty)
        svc[path: ["spec", "type"]] = "ExternalName"
        #expect(ServiceProxyModel.rules(service: svc, slices: [], options: .init()).isEmpty)
        #expect(ServiceProxyModel.rules(service: Self.web, slices: [], options: .init(skipClusterIPs: ["10.43.0.20"])).isEmpty)
    }

    @Test func clientIPAffinityCarriesItsTimeout() {
        var svc = Self.web
        svc[path: ["spec", "sessionAffinity"]] = "ClientIP"
        #expect(ServiceProxyModel.rules(service: svc, slices: [], options: .init())[0].affinitySeconds == 10800)
        svc[path: ["spec", "sessionAffinityConfig"]] = Self.json(#"{"clientIP":{"timeoutSeconds":60}}"#)
        #expect(ServiceProxyModel.rules(service: svc, slices: [], options: .init())[0].affinitySeconds == 60)
    }

    @Test func unnamedSinglePortIsNamedByItsNumber() {
        let svc = Self.json(#"{"metadata":{"name":"a","namespace":"n"},"spec":{"clusterIP":"10.43.1.1","ports":[{"port":8443}]}}"#)
        let sl = Self.json(#"{"metadata":{"name":"a-1","namespace":"n","labels":{"kubernetes.io/service-name":"a"}},"ports":[{"port":443}],"endpoints":[{"addresses":["10.42.1.2"]}]}"#)
        let r = ServiceProxyModel.rules(service: svc, slices: [sl], options: .init())
        #expect(r.map(\.id.description) == ["n/a/tcp/8443"])
        #expect(r[0].endpoints == [.init(ip: "10.42.1.2", port: 443)])
        #expect(ServiceProxyModel.serviceKey(ofSlice: sl) == "n/a")
    }
}
