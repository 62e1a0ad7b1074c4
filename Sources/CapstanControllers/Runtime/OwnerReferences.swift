import CapstanAPI
import CapstanClient

/// ownerReferences as controllers use them: who controls an object, and
/// the reference a controller stamps on what it creates.
public enum OwnerReferences {
    public struct Reference: Sendable, Equatable {
        public var apiVersion: String
        public var kind: String
        public var name: String
        public var uid: String
        public var controller: Bool
        public var blockOwnerDeletion: Bool
    }

    /// Cache index: objects by their controller's uid.
    public static let controllerUIDIndex = "controllerUID"
    /// Cache index: objects without a controller, by namespace.
    public static let orphanIndex = "orphansByNamespace"

    /// What an owner may claim from `cache`: the objects it controls and the
    /// namespace's orphans (it may adopt those). Kubernetes lists the whole
    /// namespace here; with 10,000 pods in one namespace and a sync per pod
    /// event that is quadratic, while both indexes are kept in step anyway.
    public static func claimCandidates(in cache: ObjectCache, owner: JSONValue) -> [JSONValue] {
        cache.byIndex(controllerUIDIndex, uid(owner)) + cache.byIndex(orphanIndex, namespace(owner))
    }

    public static func all(of obj: JSONValue) -> [Reference] {
        (obj[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).compactMap { r in
            guard let uid = r["uid"]?.stringValue, let kind = r["kind"]?.stringValue else { return nil }
            return Reference(
                apiVersion: r["apiVersion"]?.stringValue ?? "", kind: kind, name: r["name"]?.stringValue ?? "", uid: uid,
                controller: r["controller"]?.boolValue ?? false, blockOwnerDeletion: r["blockOwnerDeletion"]?.boolValue ?? false)
        }
    }

    /// The reference with controller: true, if any.
    public static func controller(of obj: JSONValue) -> Reference? { all(of: obj).first { $0.controller } }

    /// The controller reference a controller puts on an object it creates or adopts.
    public static func controllerRef(to owner: JSONValue, apiVersion: String, kind: String) -> JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind),
            "name": owner[path: ["metadata", "name"]] ?? "", "uid": owner[path: ["metadata", "uid"]] ?? "",
            "controller": true, "blockOwnerDeletion": true,
        ]
    }

    public static func uid(_ obj: JSONValue) -> String { obj[path: ["metadata", "uid"]]?.stringValue ?? "" }
    public static func name(_ obj: JSONValue) -> String { obj[path: ["metadata", "name"]]?.stringValue ?? "" }
    public static func namespace(_ obj: JSONValue) -> String { obj[path: ["metadata", "namespace"]]?.stringValue ?? "" }
    public static func isBeingDeleted(_ obj: JSONValue) -> Bool { obj[path: ["metadata", "deletionTimestamp"]] != nil }

    public static func labels(_ obj: JSONValue) -> [String: String] {
        (obj[path: ["metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    /// Splits a `namespace/name` key.
    public static func split(_ key: String) -> (namespace: String, name: String) {
        guard let slash = key.firstIndex(of: "/") else { return ("", key) }
        return (String(key[..<slash]), String(key[key.index(after: slash)...]))
    }

    /// Keys of the objects of `ownerKind` that control `obj` (for mapping a
    /// dependent's event to its owner's queue key).
    public static func ownerKeys(_ obj: JSONValue, kind ownerKind: String) -> [String] {
        guard let ref = controller(of: obj), ref.kind == ownerKind else { return [] }
        let ns = namespace(obj)
        return [ns.isEmpty ? ref.name : "\(ns)/\(ref.name)"]
    }
}
