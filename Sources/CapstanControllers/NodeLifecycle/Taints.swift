import CapstanAPI

/// Taints and tolerations as the node lifecycle and taint eviction
/// controllers reason about them.
public enum Taints {
    public static let notReady = "node.kubernetes.io/not-ready"
    public static let unreachable = "node.kubernetes.io/unreachable"

    /// Whether `toleration` tolerates `taint` (Kubernetes' ToleratesTaint).
    public static func tolerates(_ toleration: JSONValue, _ taint: JSONValue) -> Bool {
        let tEffect = toleration["effect"]?.stringValue ?? ""
        if !tEffect.isEmpty && tEffect != (taint["effect"]?.stringValue ?? "") { return false }
        let tKey = toleration["key"]?.stringValue ?? ""
        if !tKey.isEmpty && tKey != (taint["key"]?.stringValue ?? "") { return false }
        switch toleration["operator"]?.stringValue ?? "Equal" {
        case "Exists": return true
        case "Equal", "": return (toleration["value"]?.stringValue ?? "") == (taint["value"]?.stringValue ?? "")
        default: return false
        }
    }

    public static func of(_ node: JSONValue) -> [JSONValue] { node[path: ["spec", "taints"]]?.arrayValue ?? [] }

    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        a["key"] == b["key"] && a["effect"] == b["effect"]
    }
}
