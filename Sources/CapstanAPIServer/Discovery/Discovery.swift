import CapstanAPI

/// Discovery documents: aggregated (apidiscovery.k8s.io/v2) and legacy.
enum Discovery {
    static func subresourceVerbs(_ s: ResourceDefinition.Subresource) -> [String] {
        switch s {
        case .status, .scale: return ["get", "patch", "update"]
        case .binding, .eviction, .token: return ["create"]
        case .log: return ["get"]
        case .exec, .attach, .portforward, .proxy: return ["create", "get"]
        case .finalize: return ["update"]
        }
    }

    static func subresourceKind(_ s: ResourceDefinition.Subresource, def: ResourceDefinition) -> (String, String, String) {
        switch s {
        case .scale: return ("autoscaling", "v1", "Scale")
        case .binding: return ("", "v1", "Binding")
        case .eviction: return ("policy", "v1", "Eviction")
        case .token: return ("authentication.k8s.io", "v1", "TokenRequest")
        case .exec: return ("", "v1", "PodExecOptions")
        case .attach: return ("", "v1", "PodAttachOptions")
        case .portforward: return ("", "v1", "PodPortForwardOptions")
        case .proxy: return ("", "v1", def.kind == "Node" ? "NodeProxyOptions" : (def.kind == "Pod" ? "PodProxyOptions" : "ServiceProxyOptions"))
        case .log: return ("", "v1", "Pod")
        case .status, .finalize: return (def.group, def.version, def.kind)
        }
    }

    static func aggregatedResource(_ d: ResourceDefinition) -> JSONValue {
        var r: JSONValue = [
            "resource": .string(d.plural),
            "responseKind": ["group": .string(d.group), "version": .string(d.version), "kind": .string(d.kind)],
            "scope": .string(d.namespaced ? "Namespaced" : "Cluster"),
            "singularResource": .string(d.singular),
            "verbs": .array(d.verbs.map { .string($0) }),
        ]
        if !d.shortNames.isEmpty { r["shortNames"] = .array(d.shortNames.map { .string($0) }) }
        if !d.categories.isEmpty { r["categories"] = .array(d.categories.map { .string($0) }) }
        if !d.subresources.isEmpty {
            r["subresources"] = .array(d.subresources.map { s in
                let (g, v, k) = subresourceKind(s, def: d)
                return ["subresource": .string(s.rawValue), "responseKind": ["group": .string(g), "version": .string(v), "kind": .string(k)],
                        "verbs": .array(subresourceVerbs(s).map { .string($0) })]
            })
        }
        return r
    }

    static func aggregated(_ registry: APIRegistry, core: Bool) -> JSONValue {
        let groups = registry.groups.filter { core ? $0.name.isEmpty : !$0.name.isEmpty }
        let items: [JSONValue] = groups.map { g in
            [
                "metadata": ["name": .string(g.name), "creationTimestamp": .null],
                "versions": .array(g.versions.map { v in
                    ["version": .string(v), "resources": .array(registry.resources(group: g.name, version: v).map(aggregatedResource)),
                     "freshness": "Current"]
                }),
            ]
        }
        return ["kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": .emptyObject, "items": .array(items)]
    }

    static func apiVersions(address: String) -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(address)]]]
    }

    static func groupJSON(_ name: String, _ versions: [String]) -> JSONValue {
        let vs: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["name": .string(name), "versions": .array(vs), "preferredVersion": vs.first ?? .null]
    }

    static func groupList(_ registry: APIRegistry) -> JSONValue {
        ["kind": "APIGroupList", "apiVersion": "v1",
         "groups": .array(registry.groups.filter { !$0.name.isEmpty }.map { groupJSON($0.name, $0.versions) })]
    }

    static func group(_ registry: APIRegistry, name: String) -> JSONValue? {
        guard let g = registry.groups.first(where: { $0.name == name && !name.isEmpty }) else { return nil }
        var j = groupJSON(g.name, g.versions)
        j["kind"] = "APIGroup"
        j["apiVersion"] = "v1"
        return j
    }

    static func resourceList(_ registry: APIRegistry, group: String, version: String) -> JSONValue {
        var resources: [JSONValue] = []
        for d in registry.resources(group: group, version: version) {
            var r: JSONValue = [
                "name": .string(d.plural), "singularName": .string(d.singular), "namespaced": .bool(d.namespaced),
                "kind": .string(d.kind), "verbs": .array(d.verbs.map { .string($0) }),
            ]
            if !d.shortNames.isEmpty { r["shortNames"] = .array(d.shortNames.map { .string($0) }) }
            if !d.categories.isEmpty { r["categories"] = .array(d.categories.map { .string($0) }) }
            resources.append(r)
            for s in d.subresources {
                let (g, v, k) = subresourceKind(s, def: d)
                var sr: JSONValue = ["name": .string("\(d.plural)/\(s.rawValue)"), "singularName": "", "namespaced": .bool(d.namespaced),
                                     "kind": .string(k), "verbs": .array(subresourceVerbs(s).map { .string($0) })]
                if g != d.group || v != d.version {
                    sr["group"] = .string(g)
                    sr["version"] = .string(v)
                }
                resources.append(sr)
            }
        }
        let gv = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(gv), "resources": .array(resources)]
    }
}
