import CapstanAPI
import CapstanDNS

/// Real Kubernetes JSON, as `kubectl get -o json` shows it.
enum Fixtures {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> T {
        try! JSONValueDecoder().decode(T.self, from: try! JSONValue.parse(json))
    }

    static let clusterIP = decode(Service.self, #"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default","uid":"5b1c"},
         "spec":{"type":"ClusterIP","clusterIP":"10.43.17.5","clusterIPs":["10.43.17.5"],"ipFamilies":["IPv4"],
           "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},{"name":"metrics","port":9090,"protocol":"TCP","targetPort":9090}],
           "selector":{"app":"web"},"sessionAffinity":"None"}}
        """#)

    static let unnamedPort = decode(Service.self, #"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"single","namespace":"apps"},
         "spec":{"type":"ClusterIP","clusterIP":"10.43.9.9","clusterIPs":["10.43.9.9","fd00:43::9"],"ports":[{"port":53,"protocol":"UDP"}]}}
        """#)

    static let headless = decode(Service.self, #"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"db","namespace":"data"},
         "spec":{"clusterIP":"None","clusterIPs":["None"],"ports":[{"name":"pg","port":5432,"protocol":"TCP"}],
           "selector":{"app":"db"},"type":"ClusterIP"}}
        """#)

    static let headlessSlice = decode(EndpointSlice.self, #"""
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","addressType":"IPv4",
         "metadata":{"name":"db-abc12","namespace":"data","labels":{"kubernetes.io/service-name":"db",
           "endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"}},
         "endpoints":[
           {"addresses":["10.42.0.7"],"conditions":{"ready":true,"serving":true,"terminating":false},"hostname":"db-0",
            "nodeName":"n1","targetRef":{"kind":"Pod","name":"db-0","namespace":"data","uid":"u0"}},
           {"addresses":["10.42.0.8"],"conditions":{"ready":true,"serving":true,"terminating":false},"hostname":"db-1",
            "nodeName":"n1","targetRef":{"kind":"Pod","name":"db-1","namespace":"data","uid":"u1"}},
           {"addresses":["10.42.0.9"],"conditions":{"ready":false,"serving":false,"terminating":false},"hostname":"db-2",
            "nodeName":"n1","targetRef":{"kind":"Pod","name":"db-2","namespace":"data","uid":"u2"}}],
         "ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}
        """#)

    static let anonymousHeadless = decode(Service.self, #"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"peers","namespace":"data"},
         "spec":{"clusterIP":"None","ports":[{"name":"gossip","port":7946,"protocol":"UDP"}],"publishNotReadyAddresses":true}}
        """#)

    static let anonymousSlice = decode(EndpointSlice.self, #"""
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","addressType":"IPv4",
         "metadata":{"name":"peers-x","namespace":"data","labels":{"kubernetes.io/service-name":"peers"}},
         "endpoints":[{"addresses":["10.42.1.4"],"conditions":{"ready":false}}],
         "ports":[{"name":"gossip","port":7946,"protocol":"UDP"}]}
        """#)

    static let externalName = decode(Service.self, #"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"search","namespace":"default"},
         "spec":{"type":"ExternalName","externalName":"search.example.com.","sessionAffinity":"None"}}
        """#)

    static let internalAlias = decode(Service.self, #"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"alias","namespace":"default"},
         "spec":{"type":"ExternalName","externalName":"web.default.svc.cluster.local"}}
        """#)

    static let zone = DNSZoneBuilder(domain: "cluster.local").build(
        services: [clusterIP, unnamedPort, headless, anonymousHeadless, externalName, internalAlias],
        slices: [headlessSlice, anonymousSlice])
}
