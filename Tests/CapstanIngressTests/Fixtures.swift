import CapstanAPI
import Foundation
@testable import CapstanIngress

/// Typed API objects from compact descriptions (decoded from JSON, as the controller decodes the caches).
enum Fixture {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> T {
        try! JSONValueDecoder().decode(type, from: try! JSONValue.parse(json))
    }

    struct Path {
        var path: String
        var type: String
        var service: String
        /// A number, or a name when not numeric.
        var port: String
    }

    static func ingress(
        _ name: String, namespace: String = "default", created: String = "2026-01-01T00:00:00Z", className: String? = nil,
        rules: [(host: String?, paths: [Path])] = [], tls: [(hosts: [String], secret: String)] = [], defaultBackend: (String, String)? = nil
    ) -> Ingress {
        func backend(_ svc: String, _ port: String) -> String {
            let p = Int(port).map { #"{"number":\#($0)}"# } ?? #"{"name":"\#(port)"}"#
            return #"{"service":{"name":"\#(svc)","port":\#(p)}}"#
        }
        let ruleJSON = rules.map { r in
            let paths = r.paths.map { #"{"path":"\#($0.path)","pathType":"\#($0.type)","backend":\#(backend($0.service, $0.port))}"# }
            let host = r.host.map { #""host":"\#($0)","# } ?? ""
            return #"{\#(host)"http":{"paths":[\#(paths.joined(separator: ","))]}}"#
        }
        let tlsJSON = tls.map { t in #"{"hosts":[\#(t.hosts.map { "\"\($0)\"" }.joined(separator: ","))],"secretName":"\#(t.secret)"}"# }
        var spec = [#""rules":[\#(ruleJSON.joined(separator: ","))]"#, #""tls":[\#(tlsJSON.joined(separator: ","))]"#]
        if let className { spec.append(#""ingressClassName":"\#(className)""#) }
        if let (svc, port) = defaultBackend { spec.append(#""defaultBackend":\#(backend(svc, port))"#) }
        return decode(Ingress.self, #"""
            {"metadata":{"name":"\#(name)","namespace":"\#(namespace)","creationTimestamp":"\#(created)"},"spec":{\#(spec.joined(separator: ","))}}
            """#)
    }

    static func service(_ name: String, namespace: String = "default", ports: [(name: String?, port: Int)]) -> Service {
        let p = ports.map { p in
            (p.name.map { #"{"name":"\#($0)","# } ?? "{") + #""port":\#(p.port),"protocol":"TCP"}"#
        }
        return decode(Service.self, #"{"metadata":{"name":"\#(name)","namespace":"\#(namespace)"},"spec":{"ports":[\#(p.joined(separator: ","))]}}"#)
    }

    static func slice(
        _ service: String, namespace: String = "default", suffix: String = "abc", ports: [(name: String?, port: Int)], ready: [String],
        notReady: [String] = []
    ) -> EndpointSlice {
        let p = ports.map { p in (p.name.map { #"{"name":"\#($0)","# } ?? "{") + #""port":\#(p.port),"protocol":"TCP"}"# }
        let eps = ready.map { #"{"addresses":["\#($0)"],"conditions":{"ready":true}}"# }
            + notReady.map { #"{"addresses":["\#($0)"],"conditions":{"ready":false}}"# }
        return decode(EndpointSlice.self, #"""
            {"metadata":{"name":"\#(service)-\#(suffix)","namespace":"\#(namespace)","labels":{"kubernetes.io/service-name":"\#(service)"}},
             "addressType":"IPv4","ports":[\#(p.joined(separator: ","))],"endpoints":[\#(eps.joined(separator: ","))]}
            """#)
    }

    /// Inputs with one Service per name, each with one slice on the given backends.
    static func inputs(_ ingresses: [Ingress], backends: [String: [String]], port: Int = 80, targetPort: Int = 8080, portName: String? = nil) -> RoutingInputs {
        var inputs = RoutingInputs(ingresses: ingresses)
        for (svc, addrs) in backends {
            inputs.services["default/\(svc)"] = service(svc, ports: [(portName, port)])
            inputs.endpointSlices["default/\(svc)"] = [slice(svc, ports: [(portName, targetPort)], ready: addrs)]
        }
        return inputs
    }
}
