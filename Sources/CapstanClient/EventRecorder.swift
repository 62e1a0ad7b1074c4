import CapstanAPI
import Foundation
import Logging

/// Writes core/v1 Events about objects with client-go's event correlation:
/// - the same (object, type, reason, message) again bumps `count` and
///   `lastTimestamp` on the existing Event instead of creating another;
/// - the tenth different message with the same (object, type, reason)
///   within ten minutes becomes one Event "(combined from similar events):
///   MESSAGE" whose count grows with every further one (a ReplicaSet
///   creating 100 pods leaves 10 Events, not 100);
/// - per object and source, a token bucket of 25 refilled one per five
///   minutes drops what comes faster (client-go's spam filter).
/// Recording never fails the caller; errors are logged.
public actor EventRecorder {
    let client: KubeClient
    let component: String
    let logger: Logger
    let now: @Sendable () -> Date
    /// Folding key → (event namespace/name, count).
    private var seen: [String: (namespace: String, name: String, count: Int64)] = [:]
    /// (object, type, reason) → the distinct messages seen and when the last came.
    private var similar: [String: (messages: Set<String>, last: Date)] = [:]
    /// (object, source) → spam-filter tokens and when they were counted.
    private var buckets: [String: (tokens: Double, at: Date)] = [:]

    /// client-go's defaults (tools/record/events_cache.go).
    static let aggregateMaxEvents = 10
    static let aggregateInterval: TimeInterval = 600
    static let spamBurst = 25.0
    static let spamRefillPerSecond = 1.0 / 300
    /// Keys kept per map before it is cleared (client-go keeps LRU caches of 4096).
    static let maxKeys = 4096

    public init(client: KubeClient, component: String, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.component = component
        self.logger = logger
        self.now = now
    }

    public enum EventType: String, Sendable { case normal = "Normal", warning = "Warning" }

    /// `object` is the involved object (its kind, apiVersion and metadata are read).
    /// Records without waiting for the API: for callers whose own work must
    /// not queue behind event writes (the kubelet's broadcaster is
    /// asynchronous too). The time is taken now.
    public nonisolated func post(_ object: JSONValue, _ type: EventType, reason: String, message: String) {
        let at = now()
        Task { await self.record(object, type, reason: reason, message: message, at: at) }
    }

    public func record(_ object: JSONValue, _ type: EventType, reason: String, message originalMessage: String, at: Date? = nil) async {
        let meta = object["metadata"] ?? .emptyObject
        let namespace = meta["namespace"]?.stringValue ?? "default"
        let time = at ?? now()
        let objectKey = [
            object["kind"]?.stringValue ?? "", object["apiVersion"]?.stringValue ?? "", meta["namespace"]?.stringValue ?? "",
            meta["name"]?.stringValue ?? "", meta["uid"]?.stringValue ?? "",
        ].joined(separator: "\u{0}")
        let (message, key) = aggregated(objectKey, type, reason, originalMessage, time)
        guard admitted(objectKey, time) else {
            logger.debug("event \(reason) for \(namespace)/\(meta["name"]?.stringValue ?? ""): dropped by the spam filter")
            return
        }
        let stamp = JSONValue.string(Time(time).rfc3339)
        if let prior = seen[key] {
            let count = prior.count + 1
            do {
                _ = try await client.patch(
                    .events, namespace: prior.namespace, name: prior.name, .merge,
                    ["count": .int(count), "lastTimestamp": stamp, "message": .string(message)])
                seen[key] = (prior.namespace, prior.name, count)
                return
            } catch {
                seen[key] = nil  // expired or deleted: start a new series
            }
        }
        let name = (meta["name"]?.stringValue ?? "object") + "." + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "involvedObject": [
                "kind": object["kind"] ?? "", "apiVersion": object["apiVersion"] ?? "", "namespace": meta["namespace"] ?? "",
                "name": meta["name"] ?? "", "uid": meta["uid"] ?? "", "resourceVersion": meta["resourceVersion"] ?? "",
            ],
            "type": .string(type.rawValue), "reason": .string(reason), "message": .string(message),
            "source": ["component": .string(component)], "reportingComponent": .string(component),
            "firstTimestamp": stamp, "lastTimestamp": stamp, "count": 1,
        ]
        do {
            _ = try await client.create(.events, namespace: namespace, event)
            if seen.count >= Self.maxKeys { seen.removeAll() }
            seen[key] = (namespace, name, 1)
        } catch {
            logger.debug("event \(reason) for \(namespace)/\(meta["name"]?.stringValue ?? ""): \(error)")
        }
    }

    /// The message to record and the key it folds under: the original
    /// message under (object, type, reason, message); or, once
    /// `aggregateMaxEvents` different ones for the same object, type and
    /// reason came within `aggregateInterval`, the combined form under
    /// (object, type, reason), so that one Event counts them all and shows
    /// the latest (client-go's EventAggregatorByReasonFunc).
    private func aggregated(
        _ objectKey: String, _ type: EventType, _ reason: String, _ message: String, _ time: Date
    ) -> (message: String, foldKey: String) {
        let key = [objectKey, type.rawValue, reason].joined(separator: "\u{0}")
        var record = similar[key] ?? (messages: [], last: time)
        if time.timeIntervalSince(record.last) > Self.aggregateInterval { record.messages = [] }
        record.last = time
        record.messages.insert(message)
        let combine = record.messages.count >= Self.aggregateMaxEvents
        // The set never grows past the limit (client-go drops one to stay there).
        if combine { record.messages.remove(message) }
        if similar[key] == nil, similar.count >= Self.maxKeys { similar.removeAll() }
        similar[key] = record
        return combine
            ? ("(combined from similar events): " + message, key)
            : (message, key + "\u{0}" + message)
    }

    /// Takes a token from the object's bucket (client-go's
    /// EventSourceObjectSpamFilter: the key is the source and the object).
    private func admitted(_ objectKey: String, _ time: Date) -> Bool {
        var bucket = buckets[objectKey] ?? (tokens: Self.spamBurst, at: time)
        bucket.tokens = min(Self.spamBurst, bucket.tokens + max(0, time.timeIntervalSince(bucket.at)) * Self.spamRefillPerSecond)
        bucket.at = time
        let ok = bucket.tokens >= 1
        if ok { bucket.tokens -= 1 }
        if buckets[objectKey] == nil, buckets.count >= Self.maxKeys { buckets.removeAll() }
        buckets[objectKey] = bucket
        return ok
    }
}
