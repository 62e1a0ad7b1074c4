import CapstanAPI
import Foundation
import Logging

/// Writes core/v1 Events about objects, folding repeats as Kubernetes does:
/// the same (object, type, reason, message) within the series bumps `count`
/// and `lastTimestamp` on the existing Event instead of creating another.
/// Recording never fails the caller; errors are logged.
public actor EventRecorder {
    let client: KubeClient
    let component: String
    let logger: Logger
    let now: @Sendable () -> Date
    /// Folding key → (event namespace/name, count).
    private var seen: [String: (namespace: String, name: String, count: Int64)] = [:]

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

    public func record(_ object: JSONValue, _ type: EventType, reason: String, message: String, at: Date? = nil) async {
        let meta = object["metadata"] ?? .emptyObject
        let namespace = meta["namespace"]?.stringValue ?? "default"
        let uid = meta["uid"]?.stringValue ?? ""
        let key = [uid, type.rawValue, reason, message].joined(separator: "\u{0}")
        let stamp = JSONValue.string(Time(at ?? now()).rfc3339)
        if let prior = seen[key] {
            let count = prior.count + 1
            do {
                _ = try await client.patch(
                    .events, namespace: prior.namespace, name: prior.name, .merge,
                    ["count": .int(count), "lastTimestamp": stamp])
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
            seen[key] = (namespace, name, 1)
            if seen.count > 4096 { seen.removeAll() }
        } catch {
            logger.debug("event \(reason) for \(namespace)/\(meta["name"]?.stringValue ?? ""): \(error)")
        }
    }
}
