import CapstanAPI

/// autoscaling/v1 ⇄ autoscaling/v2 HorizontalPodAutoscaler, as Kubernetes
/// converts them. v1 only knows a CPU utilization target; whatever v2 holds
/// beyond it (other metrics, behavior, conditions, current metrics) travels
/// through v1 in the `autoscaling.alpha.kubernetes.io/*` annotations, so a
/// read-modify-write through v1 loses nothing.
enum HPAConversion {
    static let metricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics"
    static let behaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior"
    static let conditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions"
    static let currentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics"

    static let v1 = VersionConversion(toStorage: v1ToV2, fromStorage: v2ToV1)

    static func isCPUUtilization(_ m: JSONValue) -> Bool {
        m["type"]?.stringValue == "Resource" && m[path: ["resource", "name"]]?.stringValue == "cpu"
            && m[path: ["resource", "target", "type"]]?.stringValue == "Utilization"
    }

    static func v2ToV1(_ v2: JSONValue) -> JSONValue {
        var out = v2
        out["apiVersion"] = "autoscaling/v1"
        var annotations = v2[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        var spec = v2["spec"]?.objectValue ?? [:]
        let metrics = spec.removeValue(forKey: "metrics")?.arrayValue ?? []
        if let cpu = metrics.first(where: isCPUUtilization), let u = cpu[path: ["resource", "target", "averageUtilization"]] {
            spec["targetCPUUtilizationPercentage"] = u
        }
        let others = metrics.filter { !isCPUUtilization($0) }
        if !others.isEmpty { annotations[metricsAnnotation] = .string(JSONValue.array(others).serializedString()) }
        if let behavior = spec.removeValue(forKey: "behavior") {
            annotations[behaviorAnnotation] = .string(behavior.serializedString())
        }
        out["spec"] = .object(spec)
        if var status = v2["status"]?.objectValue {
            let current = status.removeValue(forKey: "currentMetrics")?.arrayValue ?? []
            if let cpu = current.first(where: {
                $0["type"]?.stringValue == "Resource" && $0[path: ["resource", "name"]]?.stringValue == "cpu"
            }), let u = cpu[path: ["resource", "current", "averageUtilization"]] {
                status["currentCPUUtilizationPercentage"] = u
            }
            if !current.isEmpty { annotations[currentMetricsAnnotation] = .string(JSONValue.array(current).serializedString()) }
            if let conditions = status.removeValue(forKey: "conditions"), !(conditions.arrayValue ?? []).isEmpty {
                annotations[conditionsAnnotation] = .string(conditions.serializedString())
            }
            status["currentReplicas"] = status["currentReplicas"] ?? .int(0)
            status["desiredReplicas"] = status["desiredReplicas"] ?? .int(0)
            out["status"] = .object(status)
        }
        out[path: ["metadata", "annotations"]] = annotations.isEmpty ? nil : .object(annotations)
        return out
    }

    static func v1ToV2(_ v1: JSONValue) -> JSONValue {
        var out = v1
        out["apiVersion"] = "autoscaling/v2"
        var annotations = v1[path: ["metadata", "annotations"]]?.objectValue ?? [:]
        func takeJSON(_ key: String) -> JSONValue? {
            guard let s = annotations.removeValue(forKey: key)?.stringValue else { return nil }
            return try? JSONValue.parse(Array(s.utf8))
        }
        var spec = v1["spec"]?.objectValue ?? [:]
        var metrics: [JSONValue] = []
        if let u = spec.removeValue(forKey: "targetCPUUtilizationPercentage") {
            metrics.append([
                "type": "Resource",
                "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": u]],
            ])
        }
        metrics += takeJSON(metricsAnnotation)?.arrayValue ?? []
        if !metrics.isEmpty { spec["metrics"] = .array(metrics) }
        if let behavior = takeJSON(behaviorAnnotation) { spec["behavior"] = behavior }
        out["spec"] = .object(spec)
        let current = takeJSON(currentMetricsAnnotation)
        let conditions = takeJSON(conditionsAnnotation)
        if var status = v1["status"]?.objectValue {
            let cpu = status.removeValue(forKey: "currentCPUUtilizationPercentage")
            if let current {
                status["currentMetrics"] = current
            } else if let cpu {
                status["currentMetrics"] = [["type": "Resource", "resource": ["name": "cpu", "current": ["averageUtilization": cpu]]]]
            }
            if let conditions { status["conditions"] = conditions }
            out["status"] = .object(status)
        }
        out[path: ["metadata", "annotations"]] = annotations.isEmpty ? nil : .object(annotations)
        return out
    }
}
