import CapstanAPI
import Foundation

typealias Col = TableDefinition.Column

/// Pod columns and the STATUS logic of Kubernetes' pod printer.
enum PodTable {
    static let definition = TableDefinition.standard(
        [Col("Ready"), Col("Status"), Col("Restarts"), Col("IP", priority: 1), Col("Node", priority: 1),
         Col("Nominated Node", priority: 1), Col("Readiness Gates", priority: 1)]
    ) { o in
        let statuses = o[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        let total = o[path: ["spec", "containers"]]?.arrayValue?.count ?? statuses.count
        let ready = statuses.filter { $0["ready"]?.boolValue == true }.count
        let restarts = statuses.reduce(Int64(0)) { $0 + ($1["restartCount"]?.intValue ?? 0) }
        let gates = o[path: ["spec", "readinessGates"]]?.arrayValue ?? []
        return [
            .string("\(ready)/\(total)"), .string(status(o)), .string(String(restarts)),
            .string(o[path: ["status", "podIP"]]?.stringValue ?? "<none>"),
            .string(o[path: ["spec", "nodeName"]]?.stringValue ?? "<none>"),
            .string(o[path: ["status", "nominatedNodeName"]]?.stringValue ?? "<none>"),
            .string(gates.isEmpty ? "<none>" : "0/\(gates.count)"),
        ]
    }

    static func status(_ o: JSONValue) -> String {
        var reason = o[path: ["status", "reason"]]?.stringValue ?? o[path: ["status", "phase"]]?.stringValue ?? "Pending"
        let initStatuses = o[path: ["status", "initContainerStatuses"]]?.arrayValue ?? []
        let initCount = o[path: ["spec", "initContainers"]]?.arrayValue?.count ?? 0
        var initializing = false
        for (i, c) in initStatuses.enumerated() {
            if let t = c[path: ["state", "terminated"]], t["exitCode"]?.intValue == 0 { continue }
            if let t = c[path: ["state", "terminated"]] {
                reason = "Init:" + (t["reason"]?.stringValue ?? "ExitCode:\(t["exitCode"]?.intValue ?? 0)")
            } else if let w = c[path: ["state", "waiting"]]?["reason"]?.stringValue, w != "PodInitializing" {
                reason = "Init:\(w)"
            } else {
                reason = "Init:\(i)/\(initCount)"
            }
            initializing = true
            break
        }
        if !initializing {
            var hasRunning = false
            for c in (o[path: ["status", "containerStatuses"]]?.arrayValue ?? []).reversed() {
                if let w = c[path: ["state", "waiting"]]?["reason"]?.stringValue, !w.isEmpty {
                    reason = w
                } else if let t = c[path: ["state", "terminated"]] {
                    reason = t["reason"]?.stringValue ?? "ExitCode:\(t["exitCode"]?.intValue ?? 0)"
                } else if c[path: ["state", "running"]] != nil, c["ready"]?.boolValue == true {
                    hasRunning = true
                }
            }
            if reason == "Completed" && hasRunning { reason = "Running" }
        }
        if o[path: ["metadata", "deletionTimestamp"]] != nil {
            reason = o[path: ["status", "reason"]]?.stringValue == "NodeLost" ? "Unknown" : "Terminating"
        }
        return reason
    }
}

enum NodeTable {
    static let definition = TableDefinition.standard(
        [Col("Status"), Col("Roles"), Col("Version"), Col("Internal-IP", priority: 1), Col("External-IP", priority: 1),
         Col("OS-Image", priority: 1), Col("Kernel-Version", priority: 1), Col("Container-Runtime", priority: 1)]
    ) { o in
        let conds = o[path: ["status", "conditions"]]?.arrayValue ?? []
        var status = "Unknown"
        if let r = conds.first(where: { $0["type"]?.stringValue == "Ready" }) {
            status = r["status"]?.stringValue == "True" ? "Ready" : "NotReady"
        }
        if o[path: ["spec", "unschedulable"]]?.boolValue == true { status += ",SchedulingDisabled" }
        let roles = (o[path: ["metadata", "labels"]]?.objectValue ?? [:]).keys.compactMap { k -> String? in
            guard k.hasPrefix("node-role.kubernetes.io/") else { return nil }
            return String(k.dropFirst("node-role.kubernetes.io/".count))
        }.sorted()
        let addrs = o[path: ["status", "addresses"]]?.arrayValue ?? []
        func addr(_ t: String) -> JSONValue {
            .string(addrs.first { $0["type"]?.stringValue == t }?["address"]?.stringValue ?? "<none>")
        }
        let info = o[path: ["status", "nodeInfo"]]
        return [
            .string(status), .string(roles.isEmpty ? "<none>" : roles.joined(separator: ",")),
            .string(info?["kubeletVersion"]?.stringValue ?? ""), addr("InternalIP"), addr("ExternalIP"),
            .string(info?["osImage"]?.stringValue ?? "<unknown>"), .string(info?["kernelVersion"]?.stringValue ?? "<unknown>"),
            .string(info?["containerRuntimeVersion"]?.stringValue ?? "<unknown>"),
        ]
    }
}

enum ServiceTable {
    static let definition = TableDefinition.standard(
        [Col("Type"), Col("Cluster-IP"), Col("External-IP"), Col("Port(s)"), Col("Selector", priority: 1)]
    ) { o in
        let type = o[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
        var external = "<none>"
        let ips = (o[path: ["spec", "externalIPs"]]?.arrayValue ?? []).compactMap(\.stringValue)
        let lb = (o[path: ["status", "loadBalancer", "ingress"]]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue }
        switch type {
        case "ExternalName": external = o[path: ["spec", "externalName"]]?.stringValue ?? "<none>"
        case "LoadBalancer": external = (lb + ips).isEmpty ? "<pending>" : (lb + ips).joined(separator: ",")
        default: if !ips.isEmpty { external = ips.joined(separator: ",") }
        }
        let ports = (o[path: ["spec", "ports"]]?.arrayValue ?? []).map { p -> String in
            var s = "\(p["port"]?.intValue ?? 0)"
            if let np = p["nodePort"]?.intValue { s += ":\(np)" }
            return s + "/\(p["protocol"]?.stringValue ?? "TCP")"
        }
        let sel = (o[path: ["spec", "selector"]]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }
        return [
            .string(type), .string(o[path: ["spec", "clusterIP"]]?.stringValue ?? "<none>"), .string(external),
            .string(ports.isEmpty ? "<none>" : ports.joined(separator: ",")),
            .string(sel.isEmpty ? "<none>" : sel.joined(separator: ",")),
        ]
    }
}

enum EventTable {
    static let definition = TableDefinition(
        columns: [Col("Last Seen"), Col("Type"), Col("Reason"), Col("Object"), Col("Subobject", priority: 1),
                  Col("Source", priority: 1), Col("Message"), Col("First Seen", priority: 1),
                  Col("Count", priority: 1), Col("Name", priority: 1)]
    ) { o, now in
        func ago(_ path: [String]) -> String {
            guard let s = o[path: path]?.stringValue, let d = Time.parse(s) else { return "<unknown>" }
            return TableDefinition.humanDuration(now.timeIntervalSince(d))
        }
        let last = o["lastTimestamp"]?.stringValue != nil ? ago(["lastTimestamp"]) : (o["eventTime"] != nil ? ago(["eventTime"]) : ago(["metadata", "creationTimestamp"]))
        let io = o["involvedObject"]
        let obj = "\((io?["kind"]?.stringValue ?? "").lowercased())/\(io?["name"]?.stringValue ?? "")"
        let source = o[path: ["source", "component"]]?.stringValue ?? o["reportingComponent"]?.stringValue ?? ""
        return [
            .string(last), .string(o["type"]?.stringValue ?? ""), .string(o["reason"]?.stringValue ?? ""), .string(obj),
            .string(io?["fieldPath"]?.stringValue ?? ""), .string(source), .string(o["message"]?.stringValue ?? ""),
            .string(ago(["firstTimestamp"])), .string(String(o["count"]?.intValue ?? 1)), .string(TableDefinition.name(o)),
        ]
    }
}
