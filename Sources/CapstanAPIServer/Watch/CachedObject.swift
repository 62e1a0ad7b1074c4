import CapstanAPI
import CapstanStore

/// An object as the watch cache holds it: its JSON bytes with
/// metadata.resourceVersion filled in, plus what filters look at.
///
/// Memory: an object decoded from the store keeps the store's own bytes
/// (the same buffer the SQLite writer's index and the store event hold,
/// so the cluster's objects are in memory once, not twice) and where in
/// them resourceVersion goes; `bytes` splices it in when the object is
/// served. Stored values are our serializer's canonical JSON (sorted keys,
/// no resourceVersion); anything else is re-serialized once, as before.
public struct CachedObject: Sendable {
    public var key: String
    public var namespace: String?
    public var name: String
    private var stored: [UInt8]
    /// Where `"resourceVersion":"N"` goes in `stored`; nil when `stored`
    /// has it already.
    private var slot: ResourceVersionSlot?
    public var labels: [String: String]
    /// Field-selector values (metadata.name, status.phase, ...).
    public var fields: SelectableFields
    public var revision: Int64

    /// The object's JSON with metadata.resourceVersion.
    public var bytes: [UInt8] {
        guard let slot else { return stored }
        return slot.splice(into: stored)
    }

    /// Decodes a stored value, setting resourceVersion to its revision.
    public init(kv: KeyValue, fieldSet: (JSONValue) -> [String: String]) throws {
        var obj = try JSONValue.parse(kv.value)
        if let slot = ResourceVersionSlot(in: kv.value, revision: kv.modRevision) {
            self.init(key: kv.key, object: obj, revision: kv.modRevision, fieldSet: fieldSet, stored: kv.value, slot: slot)
        } else {
            obj[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision))
            self.init(key: kv.key, object: obj, revision: kv.modRevision, fieldSet: fieldSet)
        }
    }

    public init(key: String, object: JSONValue, revision: Int64, fieldSet: (JSONValue) -> [String: String]) {
        self.init(key: key, object: object, revision: revision, fieldSet: fieldSet, stored: object.serialized(), slot: nil)
    }

    private init(
        key: String, object: JSONValue, revision: Int64, fieldSet: (JSONValue) -> [String: String], stored: [UInt8],
        slot: ResourceVersionSlot?
    ) {
        self.key = key
        self.namespace = object[path: ["metadata", "namespace"]]?.stringValue
        self.name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        self.stored = stored
        self.slot = slot
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

/// Where metadata.resourceVersion goes in an object's canonical JSON
/// (compact, keys sorted by byte order, as `JSONValue.serialized()` writes
/// it), found by a scan that skips values without decoding them.
struct ResourceVersionSlot: Sendable, Equatable {
    /// Byte offset of the insertion.
    var offset: Int
    /// The text inserted there (with its comma).
    var text: [UInt8]

    /// Nil when `json` is not a canonical object with a metadata object, or
    /// its metadata has a resourceVersion already.
    init?(in json: [UInt8], revision: Int64) {
        let member = Array(#""resourceVersion":""#.utf8) + Array(String(revision).utf8) + [UInt8(ascii: "\"")]
        guard let found = json.withUnsafeBufferPointer({ Self.find(in: $0) }) else { return nil }
        offset = found.offset
        switch found.place {
        case .beforeKey: text = member + [UInt8(ascii: ",")]
        case .atEndAfterMember: text = [UInt8(ascii: ",")] + member
        case .intoEmpty: text = member
        }
    }

    func splice(into stored: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(stored.count + text.count)
        out.append(contentsOf: stored[..<offset])
        out.append(contentsOf: text)
        out.append(contentsOf: stored[offset...])
        return out
    }

    enum Place { case beforeKey, atEndAfterMember, intoEmpty }

    static let metadataKey = Array("metadata".utf8)
    static let resourceVersionKey = Array("resourceVersion".utf8)

    static func find(in b: UnsafeBufferPointer<UInt8>) -> (offset: Int, place: Place)? {
        var i = 0
        guard b.count > 1, b[0] == UInt8(ascii: "{") else { return nil }
        i = 1
        // Top-level members, up to "metadata".
        while i < b.count, b[i] == UInt8(ascii: "\"") {
            guard let (keyStart, keyEnd, next) = string(b, i), next < b.count, b[next] == UInt8(ascii: ":") else { return nil }
            i = next + 1
            if equal(b, keyStart, keyEnd, metadataKey) {
                return metadataSlot(b, i)
            }
            guard let after = skipValue(b, i) else { return nil }
            i = after
            if i < b.count, b[i] == UInt8(ascii: ",") { i += 1 } else { return nil }
        }
        return nil
    }

    /// `i` at the metadata object's `{`.
    static func metadataSlot(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> (offset: Int, place: Place)? {
        guard start < b.count, b[start] == UInt8(ascii: "{") else { return nil }
        var i = start + 1
        if i < b.count, b[i] == UInt8(ascii: "}") { return (i, .intoEmpty) }
        while i < b.count {
            guard b[i] == UInt8(ascii: "\""), let (keyStart, keyEnd, next) = string(b, i), next < b.count,
                b[next] == UInt8(ascii: ":")
            else { return nil }
            switch compare(b, keyStart, keyEnd, resourceVersionKey) {
            case 0: return nil
            case 1: return (i, .beforeKey)
            default: break
            }
            guard let after = skipValue(b, next + 1), after < b.count else { return nil }
            i = after
            if b[i] == UInt8(ascii: "}") { return (i, .atEndAfterMember) }
            guard b[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
        return nil
    }

    /// A string starting at `i` (its quote): the content's bounds and the index after the closing quote.
    static func string(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int, Int)? {
        var j = i + 1
        while j < b.count {
            switch b[j] {
            case UInt8(ascii: "\\"): j += 2
            case UInt8(ascii: "\""): return (i + 1, j, j + 1)
            default: j += 1
            }
        }
        return nil
    }

    /// The index after the value starting at `i`.
    static func skipValue(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i < b.count else { return nil }
        switch b[i] {
        case UInt8(ascii: "\""): return string(b, i)?.2
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var j = i
            while j < b.count {
                switch b[j] {
                case UInt8(ascii: "\""):
                    guard let s = string(b, j) else { return nil }
                    j = s.2
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return j + 1 }
                default: break
                }
                j += 1
            }
            return nil
        default:
            var j = i
            while j < b.count, b[j] != UInt8(ascii: ","), b[j] != UInt8(ascii: "}"), b[j] != UInt8(ascii: "]") { j += 1 }
            return j
        }
    }

    static func equal(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ key: [UInt8]) -> Bool {
        compare(b, s, e, key) == 0
    }

    /// Byte-order comparison of b[s..<e] with `key`: -1, 0 or 1. Keys with
    /// escapes never match or sort reliably, so the caller falls back.
    static func compare(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ key: [UInt8]) -> Int {
        var i = s
        var k = 0
        while i < e, k < key.count {
            if b[i] != key[k] { return b[i] < key[k] ? -1 : 1 }
            i += 1
            k += 1
        }
        if i == e && k == key.count { return 0 }
        return i == e ? -1 : 1
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
