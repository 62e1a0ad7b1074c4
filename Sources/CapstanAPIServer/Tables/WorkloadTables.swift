import CapstanAPI
import Foundation

enum WorkloadTables {
    static func int(_ o: JSONValue, _ p: String...) -> Int64 { o[path: p]?.intValue ?? 0 }
    static let wide = [Col("Containers", priority: 1), Col("Images", priority: 1), Col("Selector", priority: 1)]

    static func wideCells(_ o: JSONValue) -> [JSONValue] {
        let (c, i) = BuiltinTables.containersAndImages(o[path: ["spec", "template", "spec"]])
        return [c, i, .string(BuiltinTables.selectorString(o[path: ["spec", "selector"]]))]
    }

    static let deployment = TableDefinition.standard([Col("Ready"), Col("Up-to-date", type: "integer"), Col("Available", type: "integer")] + wide) { o in
        [.string("\(int(o, "status", "readyReplicas"))/\(o[path: ["spec", "replicas"]]?.intValue ?? 1)"),
         .int(int(o, "status", "updatedReplicas")), .int(int(o, "status", "availableReplicas"))] + wideCells(o)
    }
    static let replicaSet = TableDefinition.standard([Col("Desired", type: "integer"), Col("Current", type: "integer"), Col("Ready", type: "integer")] + wide) { o in
        [.int(o[path: ["spec", "replicas"]]?.intValue ?? 1), .int(int(o, "status", "replicas")), .int(int(o, "status", "readyReplicas"))] + wideCells(o)
    }
    static let statefulSet = TableDefinition.standard([Col("Ready"), Col("Containers", priority: 1), Col("Images", priority: 1)]) { o in
        let (c, i) = BuiltinTables.containersAndImages(o[path: ["spec", "template", "spec"]])
        return [.string("\(int(o, "status", "readyReplicas"))/\(o[path: ["spec", "replicas"]]?.intValue ?? 1)"), c, i]
    }
    static let daemonSet = TableDefinition.standard(
        [Col("Desired", type: "integer"), Col("Current", type: "integer"), Col("Ready", type: "integer"), Col("Up-to-date", type: "integer"),
         Col("Available", type: "integer"), Col("Node Selector")] + wide
    ) { o in
        let ns = (o[path: ["spec", "template", "spec", "nodeSelector"]]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
        return [.int(int(o, "status", "desiredNumberScheduled")), .int(int(o, "status", "currentNumberScheduled")),
                .int(int(o, "status", "numberReady")), .int(int(o, "status", "updatedNumberScheduled")),
                .int(int(o, "status", "numberAvailable")), .string(ns.isEmpty ? "<none>" : ns)] + wideCells(o)
    }
    static let job = TableDefinition.standard([Col("Status"), Col("Completions"), Col("Duration")] + wide) { o in
        let conds = o[path: ["status", "conditions"]]?.arrayValue ?? []
        func has(_ t: String) -> Bool { conds.contains { $0["type"]?.stringValue == t && $0["status"]?.stringValue == "True" } }
        var status = "Running"
        if has("Complete") { status = "Complete" } else if has("Failed") { status = "Failed" }
        else if has("FailureTarget") { status = "FailureTarget" } else if has("SuccessCriteriaMet") { status = "SuccessCriteriaMet" }
        else if has("Suspended") { status = "Suspended" }
        let completions = o[path: ["spec", "completions"]]?.intValue
        let succeeded = int(o, "status", "succeeded")
        let comp = completions.map { "\(succeeded)/\($0)" } ?? "\(succeeded)/1 of \(o[path: ["spec", "parallelism"]]?.intValue ?? 1)"
        var duration = ""
        if let s = o[path: ["status", "startTime"]]?.stringValue.flatMap(Time.parse) {
            let end = o[path: ["status", "completionTime"]]?.stringValue.flatMap(Time.parse) ?? Date()
            duration = TableDefinition.humanDuration(end.timeIntervalSince(s))
        }
        return [.string(status), .string(comp), .string(duration)] + wideCells(o)
    }
    static let cronJob = TableDefinition.standard(
        [Col("Schedule"), Col("Timezone"), Col("Suspend", type: "boolean"), Col("Active", type: "integer"), Col("Last Schedule"),
         Col("Containers", priority: 1), Col("Images", priority: 1), Col("Selector", priority: 1)]
    ) { o in
        let last = o[path: ["status", "lastScheduleTime"]]?.stringValue.flatMap(Time.parse)
            .map { TableDefinition.humanDuration(Date().timeIntervalSince($0)) } ?? "<none>"
        let (c, i) = BuiltinTables.containersAndImages(o[path: ["spec", "jobTemplate", "spec", "template", "spec"]])
        return [
            .string(o[path: ["spec", "schedule"]]?.stringValue ?? ""), .string(o[path: ["spec", "timeZone"]]?.stringValue ?? "<none>"),
            .string(o[path: ["spec", "suspend"]]?.boolValue == true ? "True" : "False"),
            .int(Int64(o[path: ["status", "active"]]?.arrayValue?.count ?? 0)), .string(last), c, i,
            .string(BuiltinTables.selectorString(o[path: ["spec", "jobTemplate", "spec", "selector"]])),
        ]
    }
}

enum NetworkTables {
    static let ingress = TableDefinition.standard([Col("Class"), Col("Hosts"), Col("Address"), Col("Ports")]) { o in
        let rules = o[path: ["spec", "rules"]]?.arrayValue ?? []
        let hosts = rules.map { $0["host"]?.stringValue ?? "*" }
        let addrs = (o[path: ["status", "loadBalancer", "ingress"]]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue }
        let tls = !(o[path: ["spec", "tls"]]?.arrayValue ?? []).isEmpty
        return [
            .string(o[path: ["spec", "ingressClassName"]]?.stringValue ?? "<none>"),
            .string(hosts.isEmpty ? "*" : hosts.joined(separator: ",")),
            .string(addrs.joined(separator: ",")), .string(tls ? "80, 443" : "80"),
        ]
    }
    static let endpointSlice = TableDefinition.standard([Col("AddressType"), Col("Ports"), Col("Endpoints")]) { o in
        let ports = (o["ports"]?.arrayValue ?? []).map { String($0["port"]?.intValue ?? 0) }
        let addrs = (o["endpoints"]?.arrayValue ?? []).flatMap { ($0["addresses"]?.arrayValue ?? []).compactMap(\.stringValue) }
        var ep = addrs.prefix(3).joined(separator: ",")
        if addrs.count > 3 { ep += " + \(addrs.count - 3) more..." }
        return [.string(o["addressType"]?.stringValue ?? ""), .string(ports.isEmpty ? "<unset>" : ports.joined(separator: ",")),
                .string(addrs.isEmpty ? "<unset>" : ep)]
    }
}

enum StorageTables {
    static func modes(_ v: JSONValue?) -> String {
        (v?.arrayValue ?? []).compactMap(\.stringValue).map { m in
            switch m {
            case "ReadWriteOnce": return "RWO"
            case "ReadOnlyMany": return "ROX"
            case "ReadWriteMany": return "RWX"
            case "ReadWriteOncePod": return "RWOP"
            default: return m
            }
        }.joined(separator: ",")
    }
    static let pv = TableDefinition.standard(
        [Col("Capacity"), Col("Access Modes"), Col("Reclaim Policy"), Col("Status"), Col("Claim"), Col("StorageClass"),
         Col("VolumeAttributesClass"), Col("Reason"), Col("VolumeMode", priority: 1)]
    ) { o in
        let claim = o[path: ["spec", "claimRef"]].map { "\($0["namespace"]?.stringValue ?? "")/\($0["name"]?.stringValue ?? "")" } ?? ""
        return [
            .string(o[path: ["spec", "capacity", "storage"]]?.stringValue ?? ""), .string(modes(o[path: ["spec", "accessModes"]])),
            .string(o[path: ["spec", "persistentVolumeReclaimPolicy"]]?.stringValue ?? "Retain"),
            .string(o[path: ["status", "phase"]]?.stringValue ?? "Pending"), .string(claim),
            .string(o[path: ["spec", "storageClassName"]]?.stringValue ?? ""), .string("<unset>"),
            .string(o[path: ["status", "reason"]]?.stringValue ?? ""), .string(o[path: ["spec", "volumeMode"]]?.stringValue ?? "Filesystem"),
        ]
    }
    static let pvc = TableDefinition.standard(
        [Col("Status"), Col("Volume"), Col("Capacity"), Col("Access Modes"), Col("StorageClass"), Col("VolumeAttributesClass"),
         Col("VolumeMode", priority: 1)]
    ) { o in
        [
            .string(o[path: ["status", "phase"]]?.stringValue ?? "Pending"), .string(o[path: ["spec", "volumeName"]]?.stringValue ?? ""),
            .string(o[path: ["status", "capacity", "storage"]]?.stringValue ?? ""), .string(modes(o[path: ["status", "accessModes"]])),
            .string(o[path: ["spec", "storageClassName"]]?.stringValue ?? "<unset>"), .string("<unset>"),
            .string(o[path: ["spec", "volumeMode"]]?.stringValue ?? "Filesystem"),
        ]
    }
}
