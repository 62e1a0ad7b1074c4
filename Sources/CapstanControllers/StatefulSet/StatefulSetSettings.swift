import CapstanAPI

/// The parts of a StatefulSet's spec the controller acts on, read once per
/// sync with the API server's defaults assumed (missing fields fall back
/// to the same defaults, so hand-made test objects behave alike).
struct StatefulSetSettings: Sendable {
    enum Retention: String, Sendable { case retain = "Retain", delete = "Delete" }

    var name: String
    var namespace: String
    var replicas: Int
    /// First ordinal (spec.ordinals.start).
    var start: Int
    /// OrderedReady: one pod at a time, in ordinal order.
    var monotonic: Bool
    var rollingUpdate: Bool
    var partition: Int
    var maxUnavailable: IntOrString?
    var minReadySeconds: Int64
    var serviceName: String
    var claimTemplates: [JSONValue]
    var whenDeleted: Retention
    var whenScaled: Retention
    var historyLimit: Int

    init(_ set: JSONValue) {
        let spec = set["spec"] ?? .emptyObject
        name = set[path: ["metadata", "name"]]?.stringValue ?? ""
        namespace = set[path: ["metadata", "namespace"]]?.stringValue ?? "default"
        replicas = Int(spec["replicas"]?.intValue ?? 1)
        start = Int(spec[path: ["ordinals", "start"]]?.intValue ?? 0)
        monotonic = spec["podManagementPolicy"]?.stringValue != "Parallel"
        rollingUpdate = (spec[path: ["updateStrategy", "type"]]?.stringValue ?? "RollingUpdate") == "RollingUpdate"
        partition = Int(spec[path: ["updateStrategy", "rollingUpdate", "partition"]]?.intValue ?? 0)
        maxUnavailable = spec[path: ["updateStrategy", "rollingUpdate", "maxUnavailable"]].flatMap { try? JSONValueDecoder().decode(IntOrString.self, from: $0) }
        minReadySeconds = spec["minReadySeconds"]?.intValue ?? 0
        serviceName = spec["serviceName"]?.stringValue ?? ""
        claimTemplates = spec["volumeClaimTemplates"]?.arrayValue ?? []
        whenDeleted = spec[path: ["persistentVolumeClaimRetentionPolicy", "whenDeleted"]]?.stringValue.flatMap(Retention.init) ?? .retain
        whenScaled = spec[path: ["persistentVolumeClaimRetentionPolicy", "whenScaled"]]?.stringValue.flatMap(Retention.init) ?? .retain
        historyLimit = Int(spec["revisionHistoryLimit"]?.intValue ?? 10)
    }

    /// Ordinals the set should have: start ..< start+replicas.
    var ordinals: Range<Int> { start..<(start + max(0, replicas)) }

    /// maxUnavailable resolved against replicas (rounded up, at least 1, as Kubernetes does).
    var maxUnavailableCount: Int {
        max(1, maxUnavailable?.scaled(total: replicas, roundUp: true) ?? 1)
    }
}
