import CapstanAPI
import Foundation

/// `kubectl get` columns for the built-in kinds, following Kubernetes' printers.
enum BuiltinTables {
    typealias C = TableDefinition.Column

    static func table(for kind: String) -> TableDefinition {
        switch kind {
        case "Pod": return PodTable.definition
        case "Namespace":
            return .standard([C("Status")]) { o in [str(o, "status", "phase", default: "Active")] }
        case "Node": return NodeTable.definition
        case "Service": return ServiceTable.definition
        case "ConfigMap":
            return .standard([C("Data", type: "integer")]) { o in
                [.int(Int64((o["data"]?.objectValue?.count ?? 0) + (o["binaryData"]?.objectValue?.count ?? 0)))]
            }
        case "Secret":
            return .standard([C("Type"), C("Data", type: "integer")]) { o in
                [str(o, "type", default: "Opaque"), .int(Int64(o["data"]?.objectValue?.count ?? 0))]
            }
        case "ServiceAccount":
            return .standard([C("Secrets", type: "integer")]) { o in [.int(Int64(o["secrets"]?.arrayValue?.count ?? 0))] }
        case "Endpoints":
            return .standard([C("Endpoints")]) { o in [.string(endpointsSummary(o))] }
        case "Event": return EventTable.definition
        case "Deployment": return WorkloadTables.deployment
        case "ReplicaSet": return WorkloadTables.replicaSet
        case "StatefulSet": return WorkloadTables.statefulSet
        case "DaemonSet": return WorkloadTables.daemonSet
        case "Job": return WorkloadTables.job
        case "CronJob": return WorkloadTables.cronJob
        case "ControllerRevision":
            return .standard([C("Controller"), C("Revision", type: "integer")]) { o in
                let owner = o[path: ["metadata", "ownerReferences"]]?.arrayValue?.first { $0["controller"]?.boolValue == true }
                let ctl = owner.map { ref -> String in
                    let gv = GroupVersion(apiVersion: ref["apiVersion"]?.stringValue ?? "")
                    let kind = (ref["kind"]?.stringValue ?? "").lowercased()
                    let g = gv.group.isEmpty ? kind : "\(kind).\(gv.group)"
                    return "\(g)/\(ref["name"]?.stringValue ?? "")"
                }
                return [.string(ctl ?? "<none>"), o["revision"] ?? .int(0)]
            }
        case "HorizontalPodAutoscaler":
            return .standard([C("Reference"), C("Targets"), C("MinPods", type: "integer"), C("MaxPods", type: "integer"), C("Replicas", type: "integer")]) { o in
                let ref = o[path: ["spec", "scaleTargetRef"]]
                return [
                    .string("\(ref?["kind"]?.stringValue ?? "")/\(ref?["name"]?.stringValue ?? "")"),
                    .string(hpaTargets(o)),
                    o[path: ["spec", "minReplicas"]] ?? .int(1), o[path: ["spec", "maxReplicas"]] ?? .int(0),
                    o[path: ["status", "currentReplicas"]] ?? .int(0),
                ]
            }
        case "Ingress": return NetworkTables.ingress
        case "IngressClass":
            return .standard([C("Controller"), C("Parameters")]) { o in
                [str(o, "spec", "controller", default: "<none>"), .string(o[path: ["spec", "parameters"]].map { "\($0["kind"]?.stringValue ?? "")/\($0["name"]?.stringValue ?? "")" } ?? "<none>")]
            }
        case "EndpointSlice": return NetworkTables.endpointSlice
        case "Lease":
            return .standard([C("Holder")]) { o in [str(o, "spec", "holderIdentity", default: "")] }
        case "StorageClass":
            return .standard([C("Provisioner"), C("ReclaimPolicy"), C("VolumeBindingMode"), C("AllowVolumeExpansion")]) { o in
                [str(o, "provisioner"), str(o, "reclaimPolicy", default: "Delete"), str(o, "volumeBindingMode", default: "Immediate"),
                 .string(o["allowVolumeExpansion"]?.boolValue == true ? "true" : "false")]
            }
        case "Role", "ClusterRole", "CustomResourceDefinition":
            return TableDefinition(columns: [TableDefinition.nameColumn, C("Created At", format: "date")]) { o, _ in
                [.string(TableDefinition.name(o)), o[path: ["metadata", "creationTimestamp"]] ?? .null]
            }
        case "RoleBinding", "ClusterRoleBinding":
            return .standard([C("Role"), C("Users", priority: 1), C("Groups", priority: 1), C("ServiceAccounts", priority: 1)]) { o in
                let subjects = o["subjects"]?.arrayValue ?? []
                func names(_ k: String) -> JSONValue {
                    .string(subjects.filter { $0["kind"]?.stringValue == k }.map { s in
                        k == "ServiceAccount" ? "\(s["namespace"]?.stringValue ?? ""):\(s["name"]?.stringValue ?? "")" : (s["name"]?.stringValue ?? "")
                    }.joined(separator: ", "))
                }
                return [.string("\(o[path: ["roleRef", "kind"]]?.stringValue ?? "")/\(o[path: ["roleRef", "name"]]?.stringValue ?? "")"),
                        names("User"), names("Group"), names("ServiceAccount")]
            }
        case "PersistentVolume": return StorageTables.pv
        case "PersistentVolumeClaim": return StorageTables.pvc
        case "PriorityClass":
            return .standard([C("Value", type: "integer"), C("Global-Default", type: "boolean"), C("PreemptionPolicy")]) { o in
                [o["value"] ?? .int(0), .bool(o["globalDefault"]?.boolValue ?? false), str(o, "preemptionPolicy", default: "PreemptLowerPriority")]
            }
        case "PodDisruptionBudget":
            return .standard([C("Min Available"), C("Max Unavailable"), C("Allowed Disruptions", type: "integer")]) { o in
                [.string(o[path: ["spec", "minAvailable"]].map(intOrStr) ?? "N/A"),
                 .string(o[path: ["spec", "maxUnavailable"]].map(intOrStr) ?? "N/A"),
                 o[path: ["status", "disruptionsAllowed"]] ?? .int(0)]
            }
        default: return .default
        }
    }

    static func str(_ o: JSONValue, _ path: String..., default def: String = "") -> JSONValue {
        .string(o[path: path]?.stringValue ?? def)
    }

    static func intOrStr(_ v: JSONValue) -> String {
        switch v {
        case .int(let i): return String(i)
        case .string(let s): return s
        default: return v.serializedString()
        }
    }

    static func endpointsSummary(_ o: JSONValue) -> String {
        var parts: [String] = []
        for subset in o["subsets"]?.arrayValue ?? [] {
            let ports = subset["ports"]?.arrayValue ?? []
            for a in subset["addresses"]?.arrayValue ?? [] {
                let ip = a["ip"]?.stringValue ?? ""
                if ports.isEmpty { parts.append(ip) }
                for p in ports { parts.append("\(ip):\(p["port"]?.intValue ?? 0)") }
            }
        }
        if parts.isEmpty { return "<none>" }
        if parts.count > 3 { return parts.prefix(3).joined(separator: ",") + " + \(parts.count - 3) more..." }
        return parts.joined(separator: ",")
    }

    static func hpaTargets(_ o: JSONValue) -> String {
        let metrics = o[path: ["spec", "metrics"]]?.arrayValue ?? []
        if metrics.isEmpty { return "<unknown>" }
        let current = o[path: ["status", "currentMetrics"]]?.arrayValue ?? []
        return metrics.enumerated().map { i, m in
            let name = m[path: ["resource", "name"]]?.stringValue ?? m["type"]?.stringValue ?? "metric"
            let target = m[path: ["resource", "target", "averageUtilization"]].map { "\($0.intValue ?? 0)%" }
                ?? m[path: ["resource", "target", "averageValue"]]?.stringValue ?? "?"
            let cur = i < current.count ? current[i][path: ["resource", "current", "averageUtilization"]].map { "\($0.intValue ?? 0)%" } : nil
            return "\(name): \(cur ?? "<unknown>")/\(target)"
        }.joined(separator: ", ")
    }

    /// "a,b" from the containers of a pod template.
    static func containersAndImages(_ podSpec: JSONValue?) -> (JSONValue, JSONValue) {
        let cs = podSpec?["containers"]?.arrayValue ?? []
        return (.string(cs.compactMap { $0["name"]?.stringValue }.joined(separator: ",")),
                .string(cs.compactMap { $0["image"]?.stringValue }.joined(separator: ",")))
    }

    static func selectorString(_ sel: JSONValue?) -> String {
        guard let sel else { return "<none>" }
        var parts: [String] = []
        for (k, v) in (sel["matchLabels"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            parts.append("\(k)=\(v.stringValue ?? "")")
        }
        for e in sel["matchExpressions"]?.arrayValue ?? [] {
            let key = e["key"]?.stringValue ?? ""
            let vals = (e["values"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
            switch e["operator"]?.stringValue {
            case "In": parts.append("\(key) in (\(vals))")
            case "NotIn": parts.append("\(key) notin (\(vals))")
            case "Exists": parts.append(key)
            case "DoesNotExist": parts.append("!\(key)")
            default: break
            }
        }
        return parts.isEmpty ? "<none>" : parts.joined(separator: ",")
    }
}
