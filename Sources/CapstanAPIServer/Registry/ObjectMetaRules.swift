import CapstanAPI
import Foundation

/// Server-side rules for metadata common to every kind: names, generated
/// names, server-owned fields, generation.
enum ObjectMetaRules {
    private static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// Kubernetes' 5-character suffix for generateName.
    static func generateName(prefix: String) -> String {
        let base = prefix.count > 58 ? String(prefix.prefix(58)) : prefix
        var s = base
        for _ in 0..<5 { s.append(nameAlphabet.randomElement()!) }
        return s
    }

    static func newUID() -> String { UUID().uuidString.lowercased() }

    /// Name validation per resource: a few use DNS labels, most subdomains,
    /// RBAC kinds allow path segments.
    static func validateName(_ name: String, resource: String) -> [String] {
        switch resource {
        case "namespaces", "services":
            return NameValidation.dns1123Label(name)
        case "roles", "clusterroles", "rolebindings", "clusterrolebindings":
            return NameValidation.pathSegmentName(name)
        default:
            return NameValidation.dns1123Subdomain(name)
        }
    }

    /// Everything outside metadata and status: a change here bumps generation.
    static func specPart(_ obj: JSONValue) -> JSONValue {
        guard case .object(var o) = obj else { return obj }
        o["metadata"] = nil
        o["status"] = nil
        o["apiVersion"] = nil
        o["kind"] = nil
        return .object(o)
    }

    /// Metadata the server owns and a client cannot set on create.
    static func resetServerFields(_ obj: inout JSONValue) {
        for k in ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generation"] {
            obj[path: ["metadata", k]] = nil
        }
    }

    /// Copies server-owned metadata from the stored object onto an update.
    static func carryOver(from old: JSONValue, to new: inout JSONValue) {
        for k in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace"] {
            new[path: ["metadata", k]] = old[path: ["metadata", k]]
        }
        new[path: ["metadata", "selfLink"]] = nil
    }
}
