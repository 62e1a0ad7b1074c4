import CapstanAPI
import CapstanStore
import Foundation
import Logging

/// Serves custom resources: for each CustomResourceDefinition, registers a
/// `ResourceDefinition` per served version (discovery, OpenAPI, REST and a
/// watch cache follow from that), marks the CRD Established, and on
/// deletion removes every instance before the CRD goes (Kubernetes'
/// customresourcecleanup finalizer).
public struct CRDController: Sendable {
    static let cleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io"
    let core: APIServerCore

    public init(core: APIServerCore) { self.core = core }

    public func run() async {
        guard let def = core.registry.lookup(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions"),
            let cache = await core.hub.cache(for: def),
            let sub = try? await cache.subscribeWithInitial(prefix: def.keyPrefix, filter: { _ in true })
        else { return }
        for await e in sub.stream {
            let crd = e.object.object()
            if e.type == .deleted {
                await unregister(crd)
                continue
            }
            if crd[path: ["metadata", "deletionTimestamp"]] != nil {
                await cleanup(crd, def: def)
                continue
            }
            await establish(crd, def: def)
        }
    }

    static func definitions(for crd: JSONValue) -> [ResourceDefinition] {
        let spec = crd["spec"] ?? .emptyObject
        let group = spec["group"]?.stringValue ?? ""
        let names = spec["names"] ?? .emptyObject
        let kind = names["kind"]?.stringValue ?? ""
        let plural = names["plural"]?.stringValue ?? ""
        var out: [ResourceDefinition] = []
        let storageVersion = (spec["versions"]?.arrayValue ?? []).first { $0["storage"]?.boolValue == true }?["name"]?.stringValue
        for v in spec["versions"]?.arrayValue ?? [] where v["served"]?.boolValue ?? true {
            let version = v["name"]?.stringValue ?? ""
            let gvk = GroupVersionKind(group: group, version: version, kind: kind)
            let schemaName = group.split(separator: ".").reversed().joined(separator: ".") + ".\(version).\(kind)"
            let schema = CRDSchema.rootSchema(v[path: ["schema", "openAPIV3Schema"]], gvk: gvk, name: schemaName)
            var d = ResourceDefinition(
                group: group, version: version, kind: kind, plural: plural,
                singular: names["singular"]?.stringValue ?? kind.lowercased(),
                namespaced: spec["scope"]?.stringValue != "Cluster", schema: schema)
            d.isBuiltin = false
            d.tracksGeneration = true
            d.shortNames = (names["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue)
            d.categories = (names["categories"]?.arrayValue ?? []).compactMap(\.stringValue)
            if v[path: ["subresources", "status"]] != nil { d.subresources.append(.status) }
            if let scale = v[path: ["subresources", "scale"]] {
                d.subresources.append(.scale)
                d.scale.specReplicas = jsonPathSegments(scale["specReplicasPath"]?.stringValue ?? ".spec.replicas")
                d.scale.statusReplicas = jsonPathSegments(scale["statusReplicasPath"]?.stringValue ?? ".status.replicas")
                d.scale.labelSelector = scale["labelSelectorPath"]?.stringValue.map(jsonPathSegments)
            }
            d.table = printerColumns(v["additionalPrinterColumns"]?.arrayValue ?? [])
            // Versions of one CRD share storage; only the "None" strategy (same schema) is supported.
            if let storageVersion, storageVersion != version {
                d.conversion = .apiVersionOnly(served: "\(group)/\(version)", storage: "\(group)/\(storageVersion)")
            }
            let root = schema
            d.strategy.validate = { obj, _ in CRDSchema.validate(obj, root, path: "") }
            out.append(d)
        }
        return out
    }

    static func jsonPathSegments(_ p: String) -> [String] {
        p.split(separator: ".").map(String.init)
    }

    /// additionalPrinterColumns → table columns, with Kubernetes' AGE last when none is given.
    static func printerColumns(_ cols: [JSONValue]) -> TableDefinition {
        if cols.isEmpty { return .default }
        let columns = [TableDefinition.nameColumn] + cols.map { c in
            TableDefinition.Column(
                c["name"]?.stringValue ?? "", type: c["type"]?.stringValue ?? "string", format: c["format"]?.stringValue ?? "",
                priority: Int(c["priority"]?.intValue ?? 0), c["description"]?.stringValue ?? "")
        }
        let paths = cols.map { $0["jsonPath"]?.stringValue ?? "" }
        let types = cols.map { $0["type"]?.stringValue ?? "string" }
        return TableDefinition(columns: columns) { obj, now in
            var cells: [JSONValue] = [.string(TableDefinition.name(obj))]
            for (p, t) in zip(paths, types) {
                let v = SimpleJSONPath.evaluate(p, in: obj)
                if t == "date", let s = v?.stringValue, let d = Time.parse(s) {
                    cells.append(.string(TableDefinition.humanDuration(now.timeIntervalSince(d))))
                } else {
                    cells.append(v ?? .null)
                }
            }
            return cells
        }
    }

    func establish(_ crd: JSONValue, def: ResourceDefinition) async {
        let defs = Self.definitions(for: crd)
        for d in defs {
            core.registry.register(d)
            try? await core.hub.register(d)
        }
        let name = crd[path: ["metadata", "name"]]?.stringValue ?? ""
        let rs = core.resourceStore(def)
        var opts = WriteOptions()
        opts.fieldManager = "capstan-apiextensions"
        opts.subresource = "status"
        _ = try? await rs.guaranteedUpdate(namespace: nil, name: name, precondition: nil, options: opts) { old in
            var n = old
            let now = Time.now().rfc3339
            var conds = n[path: ["status", "conditions"]]?.arrayValue ?? []
            for (type, reason, msg) in [("NamesAccepted", "NoConflicts", "no conflicts found"),
                                        ("Established", "InitialNamesAccepted", "the initial names have been accepted")]
            where !conds.contains(where: { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" }) {
                conds.removeAll { $0["type"]?.stringValue == type }
                conds.append(["type": .string(type), "status": "True", "reason": .string(reason), "message": .string(msg),
                              "lastTransitionTime": .string(now)])
            }
            n[path: ["status", "conditions"]] = .array(conds)
            n[path: ["status", "acceptedNames"]] = old[path: ["spec", "names"]]
            let stored = (old[path: ["spec", "versions"]]?.arrayValue ?? []).filter { $0["storage"]?.boolValue == true }.compactMap { $0["name"] }
            var storedVersions = old[path: ["status", "storedVersions"]]?.arrayValue ?? []
            for s in stored where !storedVersions.contains(s) { storedVersions.append(s) }
            n[path: ["status", "storedVersions"]] = .array(storedVersions)
            var fins = (n[path: ["metadata", "finalizers"]]?.arrayValue ?? [])
            if !fins.contains(.string(Self.cleanupFinalizer)) { fins.append(.string(Self.cleanupFinalizer)) }
            n[path: ["metadata", "finalizers"]] = .array(fins)
            return n
        }
    }

    func cleanup(_ crd: JSONValue, def: ResourceDefinition) async {
        for d in Self.definitions(for: crd) {
            guard let registered = core.registry.lookup(group: d.group, version: d.version, plural: d.plural),
                let cache = await core.hub.cache(for: registered)
            else { continue }
            _ = try? await core.hub.sync()
            let rs = core.resourceStore(registered)
            for o in await cache.list(prefix: registered.keyPrefix, filter: { _ in true }).items {
                _ = try? await rs.delete(namespace: o.namespace, name: o.name, options: DeleteOptions())
            }
        }
        let name = crd[path: ["metadata", "name"]]?.stringValue ?? ""
        var opts = WriteOptions()
        opts.fieldManager = "capstan-apiextensions"
        _ = try? await core.resourceStore(def).guaranteedUpdate(namespace: nil, name: name, precondition: nil, options: opts) { old in
            var n = old
            let fins = (n[path: ["metadata", "finalizers"]]?.arrayValue ?? []).filter { $0.stringValue != Self.cleanupFinalizer }
            n[path: ["metadata", "finalizers"]] = .array(fins)
            return n
        }
    }

    func unregister(_ crd: JSONValue) async {
        for d in Self.definitions(for: crd) {
            core.registry.unregister(group: d.group, version: d.version, plural: d.plural)
            await core.hub.unregister(keyPrefix: d.keyPrefix)
        }
    }
}

/// The JSONPath subset printer columns use: `.a.b`, `.a[0].b`, `.a[*].b`,
/// and `[?(@.type=="Ready")]` filters.
enum SimpleJSONPath {
    static func evaluate(_ path: String, in obj: JSONValue) -> JSONValue? {
        var p = path.trimmingCharacters(in: .whitespaces)
        if p.hasPrefix("{") && p.hasSuffix("}") { p = String(p.dropFirst().dropLast()) }
        var current: [JSONValue] = [obj]
        var i = p.startIndex
        while i < p.endIndex {
            let c = p[i]
            if c == "." {
                i = p.index(after: i)
                var name = ""
                while i < p.endIndex, p[i] != ".", p[i] != "[" { name.append(p[i]); i = p.index(after: i) }
                if name.isEmpty || name == "$" { continue }
                current = current.compactMap { $0[name] }
            } else if c == "[" {
                guard let close = p[i...].firstIndex(of: "]") else { return nil }
                let inner = String(p[p.index(after: i)..<close])
                i = p.index(after: close)
                if inner == "*" {
                    current = current.flatMap { $0.arrayValue ?? [] }
                } else if let n = Int(inner) {
                    current = current.compactMap { v in
                        guard let a = v.arrayValue else { return nil }
                        let idx = n < 0 ? a.count + n : n
                        return idx >= 0 && idx < a.count ? a[idx] : nil
                    }
                } else if inner.hasPrefix("?(@.") && inner.hasSuffix(")") {
                    let cond = inner.dropFirst(4).dropLast()
                    let parts = cond.components(separatedBy: "==")
                    guard parts.count == 2 else { return nil }
                    let field = parts[0].trimmingCharacters(in: .whitespaces)
                    let want = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                    current = current.flatMap { $0.arrayValue ?? [] }.filter { e in
                        guard let v = e[field] else { return false }
                        return v.stringValue == want || v.serializedString() == want
                    }
                } else {
                    let key = inner.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                    current = current.compactMap { $0[key] }
                }
            } else if c == "$" || c == "@" {
                i = p.index(after: i)
            } else {
                return nil
            }
        }
        if current.isEmpty { return nil }
        if current.count == 1 { return current[0] }
        return .string(current.map { $0.stringValue ?? $0.serializedString() }.joined(separator: ","))
    }
}
