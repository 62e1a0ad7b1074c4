import CapstanAPI
import CapstanStore

/// An object as the watch cache holds it: its JSON bytes with
/// metadata.resourceVersion filled in, plus what filters look at.
public struct CachedObject: Sendable {
    public var key: String
    public var namespace: String?
    public var name: String
    public var bytes: [UInt8]
    public var labels: [String: String]
    /// Field-selector values (metadata.name, status.phase, ...).
    public var fields: SelectableFields
    public var revision: Int64

    /// Decodes a stored value, setting resourceVersion to its revision.
    public init(kv: KeyValue, fieldSet: (JSONValue) -> [String: String]) throws {
        var obj = try JSONValue.parse(kv.value)
        obj[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision))
        self.init(key: kv.key, object: obj, revision: kv.modRevision, fieldSet: fieldSet)
    }

    public init(key: String, object: JSONValue, revision: Int64, fieldSet: (JSONValue) -> [String: String]) {
        self.key = key
        self.namespace = object[path: ["metadata", "namespace"]]?.stringValue
        self.name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        self.bytes = object.serialized()
        var labels: [String: String] = [:]
        if let l = object[path: ["metadata", "labels"]]?.objectValue {
            for (k, v) in l { labels[k] = v.stringValue ?? "" }
        }
        self.labels = labels
        self.fields = SelectableFields(fieldSet(object))
        self.revision = revision
    }

    public func object() -> JSONValue {
        (try? JSONValue.parse(bytes)) ?? .emptyObject
    }
}

public enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    case bookmark = "BOOKMARK"
    case error = "ERROR"
}

/// One change to one object, as the cache records and fans it out.
public struct CacheEvent: Sendable {
    public var type: WatchEventType
    public var object: CachedObject
    /// State before the change (for MODIFIED/DELETED), so filtered watchers
    /// can tell "left the selection" from "changed inside it".
    public var previous: CachedObject?
    public var revision: Int64 { object.revision }
}

/// Filter a watcher or list applies: namespace, label and field selectors.
public typealias ObjectFilter = @Sendable (CachedObject) -> Bool
