import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// The informers the controller reads, and the typed inputs taken from them.
struct IngressCaches: Sendable {
    static let serviceIndex = "service"

    let ingresses: Informer
    let classes: Informer
    let services: Informer
    let slices: Informer
    let secrets: Informer
    let node: Informer

    init(client: KubeClient, nodeName: String, logger: Logger) {
        ingresses = Informer(client: client, resource: .ingresses, logger: logger)
        classes = Informer(client: client, resource: .ingressClasses, logger: logger)
        services = Informer(client: client, resource: .services, logger: logger)
        slices = Informer(
            client: client, resource: .endpointSlices,
            indexers: [Self.serviceIndex: { obj in
                guard let svc = obj[path: ["metadata", "labels", "kubernetes.io/service-name"]]?.stringValue else { return [] }
                return ["\(obj[path: ["metadata", "namespace"]]?.stringValue ?? "")/\(svc)"]
            }],
            logger: logger)
        // Only TLS Secrets: the rest never matter here, and are not kept in memory.
        secrets = Informer(client: client, resource: .secrets, fieldSelector: "type=kubernetes.io/tls", logger: logger)
        node = Informer(client: client, resource: .nodes, fieldSelector: "metadata.name=\(nodeName)", logger: logger)
    }

    var all: [Informer] { [ingresses, classes, services, slices, secrets, node] }

    /// Our Ingresses (not being deleted), oldest first by the builder's order, as typed values.
    func ourIngresses() -> [Ingress] {
        let policy = IngressClassPolicy(classes: classes.items.compactMap { decode(IngressClass.self, $0) })
        return ingresses.items.compactMap { decode(Ingress.self, $0) }
            .filter { $0.metadata.deletionTimestamp == nil && policy.serves($0) }
    }

    /// The builder's inputs for `ours`: only the Services, slices and Secrets they name.
    func inputs(for ours: [Ingress]) -> RoutingInputs {
        var inputs = RoutingInputs(ingresses: ours)
        for ing in ours {
            let ns = ing.metadata.namespace ?? "default"
            let backends = [ing.spec?.defaultBackend].compactMap { $0 }
                + (ing.spec?.rules ?? []).flatMap { $0.http?.paths.map(\.backend) ?? [] }
            for name in Set(backends.compactMap { $0.service?.name }) {
                let key = "\(ns)/\(name)"
                guard inputs.services[key] == nil else { continue }
                if let svc = services.cache.get(key).flatMap({ decode(Service.self, $0) }) { inputs.services[key] = svc }
                inputs.endpointSlices[key] = slices.cache.byIndex(Self.serviceIndex, key).compactMap { decode(EndpointSlice.self, $0) }
            }
            for tls in ing.spec?.tls ?? [] {
                guard let name = tls.secretName, !name.isEmpty else { continue }
                let key = "\(ns)/\(name)"
                if let pair = secrets.cache.get(key).flatMap(Self.keyPair) { inputs.keyPairs[key] = pair }
            }
        }
        return inputs
    }

    /// `tls.crt` and `tls.key` of a `kubernetes.io/tls` Secret, when both are PEM.
    static func keyPair(_ secret: JSONValue) -> TLSKeyPair? {
        guard secret["type"]?.stringValue == "kubernetes.io/tls" else { return nil }
        func pem(_ key: String) -> String? {
            guard let b64 = secret[path: ["data", key]]?.stringValue, let raw = Data(base64Encoded: b64) else { return nil }
            let text = String(decoding: raw, as: UTF8.self)
            return text.contains("-----BEGIN ") ? text : nil
        }
        guard let crt = pem("tls.crt"), let key = pem("tls.key") else { return nil }
        return TLSKeyPair(certificatePEM: crt, keyPEM: key)
    }

    /// The node's InternalIP (ExternalIP, then any, if it has none).
    func nodeAddress() -> String? {
        let addresses = node.items.first?[path: ["status", "addresses"]]?.arrayValue ?? []
        for type in ["InternalIP", "ExternalIP"] {
            if let a = addresses.first(where: { $0["type"]?.stringValue == type })?["address"]?.stringValue { return a }
        }
        return addresses.first?["address"]?.stringValue
    }

    func decode<T: Decodable>(_ type: T.Type, _ v: JSONValue) -> T? { try? JSONValueDecoder().decode(type, from: v) }
}
