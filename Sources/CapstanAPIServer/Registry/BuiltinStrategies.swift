import CapstanAPI
import Foundation

/// Per-kind defaults and validation for the built-in kinds, following
/// Kubernetes' defaulters and validators for the fields users meet first.
enum BuiltinStrategies {
    static func strategy(for kind: String) -> ResourceDefinition.Strategy {
        var s = ResourceDefinition.Strategy()
        switch kind {
        case "Pod":
            s.defaults = { o in
                if o["spec"] != nil { PodDefaults.podSpec(&o, at: ["spec"], isTemplate: false) }
                if o[path: ["status", "phase"]] == nil { o[path: ["status", "phase"]] = "Pending" }
                if o[path: ["status", "qosClass"]] == nil, let spec = o["spec"] {
                    o[path: ["status", "qosClass"]] = .string(PodDefaults.qosClass(spec))
                }
            }
            s.validate = { o, _ in PodValidation.podSpec(o["spec"], path: "spec", allowedRestart: nil) }
            // As Kubernetes: a pod no node has taken, or one that has finished,
            // goes at once; otherwise its node agent gets the grace period to stop it.
            s.deletionGracePeriod = { o, requested in
                if (o[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty { return 0 }
                let phase = o[path: ["status", "phase"]]?.stringValue
                if phase == "Succeeded" || phase == "Failed" { return 0 }
                let grace = requested ?? o[path: ["spec", "terminationGracePeriodSeconds"]]?.intValue ?? 30
                return max(grace, 0)
            }
        case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet":
            s.defaults = { o in
                WorkloadDefaults.apply(kind: kind, &o)
                PodDefaults.podSpec(&o, at: ["spec", "template", "spec"], isTemplate: true)
            }
            s.validate = { o, old in
                var errs = WorkloadValidation.selectorMatchesTemplate(o, templatePath: ["spec", "template"])
                errs += PodValidation.podSpec(o[path: ["spec", "template", "spec"]], path: "spec.template.spec", allowedRestart: ["Always"])
                if let r = o[path: ["spec", "replicas"]]?.intValue, r < 0 {
                    errs.append(.invalid("spec.replicas", .int(r), "must be greater than or equal to 0"))
                }
                if let old, old[path: ["spec", "selector"]] != o[path: ["spec", "selector"]] {
                    errs.append(.invalid("spec.selector", o[path: ["spec", "selector"]] ?? .null, "field is immutable"))
                }
                return errs
            }
        case "Job":
            s.defaults = { o in
                WorkloadDefaults.job(&o)
                PodDefaults.podSpec(&o, at: ["spec", "template", "spec"], isTemplate: true)
            }
            s.validate = { o, _ in
                PodValidation.podSpec(o[path: ["spec", "template", "spec"]], path: "spec.template.spec", allowedRestart: ["OnFailure", "Never"])
            }
        case "CronJob":
            s.defaults = { o in
                WorkloadDefaults.setIfMissing(&o, ["spec", "concurrencyPolicy"], "Allow")
                WorkloadDefaults.setIfMissing(&o, ["spec", "suspend"], false)
                WorkloadDefaults.setIfMissing(&o, ["spec", "successfulJobsHistoryLimit"], 3)
                WorkloadDefaults.setIfMissing(&o, ["spec", "failedJobsHistoryLimit"], 1)
                PodDefaults.podSpec(&o, at: ["spec", "jobTemplate", "spec", "template", "spec"], isTemplate: true)
            }
            s.validate = { o, _ in
                var errs: [FieldError] = []
                if (o[path: ["spec", "schedule"]]?.stringValue ?? "").isEmpty { errs.append(.required("spec.schedule")) }
                errs += PodValidation.podSpec(
                    o[path: ["spec", "jobTemplate", "spec", "template", "spec"]], path: "spec.jobTemplate.spec.template.spec",
                    allowedRestart: ["OnFailure", "Never"])
                return errs
            }
        case "Node":
            s.defaults = NodeRules.defaults
            s.validate = NodeRules.validate
        case "Service":
            s.defaults = ServiceRules.defaults
            s.validate = ServiceRules.validate
        case "Namespace":
            s.defaults = { o in
                let name = o[path: ["metadata", "name"]]?.stringValue ?? ""
                o[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(name)
                if o[path: ["spec", "finalizers"]] == nil { o[path: ["spec", "finalizers"]] = ["kubernetes"] }
                if o[path: ["status", "phase"]] == nil { o[path: ["status", "phase"]] = "Active" }
            }
            // The namespace controller empties the namespace, then clears
            // spec.finalizers through namespaces/NAME/finalize; only then may it go.
            s.deletionHeld = { o in !(o[path: ["spec", "finalizers"]]?.arrayValue ?? []).isEmpty }
        case "Secret":
            s.defaults = { o in
                if o["type"] == nil { o["type"] = "Opaque" }
                if let sd = o["stringData"]?.objectValue {
                    for (k, v) in sd { o[path: ["data", k]] = .string(Data((v.stringValue ?? "").utf8).base64EncodedString()) }
                    o["stringData"] = nil
                }
            }
            s.validate = { o, _ in DataKeyValidation.keys(o, field: "data", base64: true) }
        case "ConfigMap":
            s.validate = { o, _ in
                DataKeyValidation.keys(o, field: "data", base64: false) + DataKeyValidation.keys(o, field: "binaryData", base64: true)
            }
        case "PersistentVolumeClaim":
            s.defaults = { o in
                WorkloadDefaults.setIfMissing(&o, ["spec", "volumeMode"], "Filesystem")
                WorkloadDefaults.setIfMissing(&o, ["status", "phase"], "Pending")
            }
        case "PersistentVolume":
            s.defaults = { o in
                WorkloadDefaults.setIfMissing(&o, ["spec", "persistentVolumeReclaimPolicy"], "Retain")
                WorkloadDefaults.setIfMissing(&o, ["spec", "volumeMode"], "Filesystem")
                WorkloadDefaults.setIfMissing(&o, ["status", "phase"], "Pending")
            }
        case "StorageClass":
            s.defaults = { o in
                WorkloadDefaults.setIfMissing(&o, ["reclaimPolicy"], "Delete")
                WorkloadDefaults.setIfMissing(&o, ["volumeBindingMode"], "Immediate")
            }
        case "PriorityClass":
            s.defaults = { o in WorkloadDefaults.setIfMissing(&o, ["preemptionPolicy"], "PreemptLowerPriority") }
            s.immutableFields = [["value"]]
        case "HorizontalPodAutoscaler":
            s.defaults = { o in
                WorkloadDefaults.setIfMissing(&o, ["spec", "minReplicas"], 1)
                // v2 defaults an HPA without metrics to 80 % average CPU utilization.
                if o["apiVersion"]?.stringValue == "autoscaling/v2", (o[path: ["spec", "metrics"]]?.arrayValue ?? []).isEmpty {
                    o[path: ["spec", "metrics"]] = [
                        ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80]]]
                    ]
                }
            }
        default:
            break
        }
        return s
    }
}

enum WorkloadDefaults {
    static func setIfMissing(_ o: inout JSONValue, _ path: [String], _ v: JSONValue) {
        if o[path: path] == nil { o[path: path] = v }
    }

    static func apply(kind: String, _ o: inout JSONValue) {
        switch kind {
        case "Deployment":
            setIfMissing(&o, ["spec", "replicas"], 1)
            setIfMissing(&o, ["spec", "strategy", "type"], "RollingUpdate")
            if o[path: ["spec", "strategy", "type"]]?.stringValue == "RollingUpdate" {
                setIfMissing(&o, ["spec", "strategy", "rollingUpdate", "maxSurge"], "25%")
                setIfMissing(&o, ["spec", "strategy", "rollingUpdate", "maxUnavailable"], "25%")
            }
            setIfMissing(&o, ["spec", "revisionHistoryLimit"], 10)
            setIfMissing(&o, ["spec", "progressDeadlineSeconds"], 600)
        case "ReplicaSet":
            setIfMissing(&o, ["spec", "replicas"], 1)
        case "StatefulSet":
            setIfMissing(&o, ["spec", "replicas"], 1)
            setIfMissing(&o, ["spec", "podManagementPolicy"], "OrderedReady")
            setIfMissing(&o, ["spec", "updateStrategy", "type"], "RollingUpdate")
            if o[path: ["spec", "updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
                setIfMissing(&o, ["spec", "updateStrategy", "rollingUpdate", "partition"], 0)
            }
            setIfMissing(&o, ["spec", "revisionHistoryLimit"], 10)
            setIfMissing(&o, ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"], "Retain")
            setIfMissing(&o, ["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"], "Retain")
        case "DaemonSet":
            setIfMissing(&o, ["spec", "updateStrategy", "type"], "RollingUpdate")
            if o[path: ["spec", "updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
                setIfMissing(&o, ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], 1)
                setIfMissing(&o, ["spec", "updateStrategy", "rollingUpdate", "maxSurge"], 0)
            }
            setIfMissing(&o, ["spec", "revisionHistoryLimit"], 10)
        default: break
        }
    }

    /// Job defaults, including the generated selector Kubernetes derives from the uid.
    static func job(_ o: inout JSONValue) {
        if o[path: ["spec", "completions"]] == nil && o[path: ["spec", "parallelism"]] == nil {
            o[path: ["spec", "completions"]] = 1
            o[path: ["spec", "parallelism"]] = 1
        }
        setIfMissing(&o, ["spec", "parallelism"], 1)
        setIfMissing(&o, ["spec", "backoffLimit"], 6)
        setIfMissing(&o, ["spec", "completionMode"], "NonIndexed")
        setIfMissing(&o, ["spec", "suspend"], false)
        setIfMissing(&o, ["spec", "podReplacementPolicy"], "TerminatingOrFailed")
        let manual = o[path: ["spec", "manualSelector"]]?.boolValue ?? false
        if !manual, o[path: ["spec", "selector"]] == nil, let uid = o[path: ["metadata", "uid"]]?.stringValue {
            let name = o[path: ["metadata", "name"]]?.stringValue ?? ""
            o[path: ["spec", "selector"]] = ["matchLabels": ["batch.kubernetes.io/controller-uid": .string(uid)]]
            for (k, v) in [("batch.kubernetes.io/controller-uid", uid), ("batch.kubernetes.io/job-name", name),
                           ("controller-uid", uid), ("job-name", name)] {
                o[path: ["spec", "template", "metadata", "labels", k]] = .string(v)
            }
        }
    }
}

enum WorkloadValidation {
    static func selectorMatchesTemplate(_ o: JSONValue, templatePath: [String]) -> [FieldError] {
        guard let sel = o[path: ["spec", "selector"]] else { return [.required("spec.selector")] }
        let labels = (o[path: templatePath + ["metadata", "labels"]]?.objectValue ?? [:]).mapValues { $0.stringValue ?? "" }
        guard let selector = try? LabelSelectorExpression(decodingJSON: sel) else {
            return [.invalid("spec.selector", sel, "invalid label selector")]
        }
        if selector.isEmpty {
            return [.invalid("spec.selector", sel, "empty selector is invalid for deployment")]
        }
        if !selector.matches(labels) {
            let rendered = "map[string]string{" + labels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ", ") + "}"
            return [FieldError(.invalid, "spec.template.metadata.labels", value: .string(rendered), "`selector` does not match template `labels`")]
        }
        return []
    }
}

enum DataKeyValidation {
    static func keys(_ o: JSONValue, field: String, base64: Bool) -> [FieldError] {
        var errs: [FieldError] = []
        for (k, v) in o[field]?.objectValue ?? [:] {
            let ok = !k.isEmpty && k.count <= 253 && k.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
            if !ok || k == "." || k == ".." {
                errs.append(.invalid("\(field)", .string(k), "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"))
            }
            if base64, let s = v.stringValue, Data(base64Encoded: s) == nil {
                errs.append(.invalid("\(field)[\(k)]", .string("<secret contents redacted>"), "illegal base64 data"))
            }
        }
        return errs
    }
}
