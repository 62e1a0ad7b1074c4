import CapstanAPI
import Foundation

/// What one pass over a terminating namespace found: the input of its
/// status conditions (Kubernetes' namespaceConditionUpdater).
struct NamespaceDeletionReport: Sendable, Equatable {
    /// groupVersion → error, for discovery documents that failed.
    var discoveryFailures: [String: String] = [:]
    /// groupVersions that could not be parsed (legacy discovery cannot produce any; kept for the condition).
    var parsingFailures: [String] = []
    /// "resource.group" → error, for resources whose content could not be listed or deleted.
    var deleteFailures: [String: String] = [:]
    /// "resource.group" → objects still present.
    var remaining: [String: Int] = [:]
    /// finalizer → objects still carrying it.
    var finalizers: [String: Int] = [:]

    var isEmpty: Bool {
        discoveryFailures.isEmpty && parsingFailures.isEmpty && deleteFailures.isEmpty && remaining.isEmpty && finalizers.isEmpty
    }
}

/// The five namespace deletion conditions, with Kubernetes' types, reasons
/// and messages. Each is always present: False with its "ok" reason when
/// nothing is wrong.
enum NamespaceConditions {
    struct Condition: Equatable {
        var type: String
        var failing: Bool
        var reason: String
        var message: String
    }

    static let types = [
        "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure",
        "NamespaceContentRemaining", "NamespaceFinalizersRemaining",
    ]

    static func conditions(for r: NamespaceDeletionReport) -> [Condition] {
        func list(_ items: [String]) -> String { items.sorted().joined(separator: ", ") }
        return [
            r.discoveryFailures.isEmpty
                ? Condition(type: types[0], failing: false, reason: "ResourcesDiscovered", message: "All resources successfully discovered")
                : Condition(
                    type: types[0], failing: true, reason: "DiscoveryFailed",
                    message: "Discovery failed for some groups, \(r.discoveryFailures.count) failing: "
                        + list(r.discoveryFailures.map { "unable to retrieve the complete list of server APIs: \($0.key): \($0.value)" })),
            r.parsingFailures.isEmpty
                ? Condition(type: types[1], failing: false, reason: "ParsedGroupVersions", message: "All legacy kube types successfully parsed")
                : Condition(
                    type: types[1], failing: true, reason: "GroupVersionParsingFailed",
                    message: "GroupVersion parsing failed for some groups, \(r.parsingFailures.count) failing: \(list(r.parsingFailures))"),
            r.deleteFailures.isEmpty
                ? Condition(
                    type: types[2], failing: false, reason: "ContentDeleted",
                    message: "All content successfully deleted, may be waiting on finalization")
                : Condition(
                    type: types[2], failing: true, reason: "ContentDeletionFailed",
                    message: "Failed to delete all resource types, \(r.deleteFailures.count) remaining: "
                        + list(r.deleteFailures.map { "\($0.key): \($0.value)" })),
            r.remaining.isEmpty
                ? Condition(type: types[3], failing: false, reason: "ContentRemoved", message: "All content successfully removed")
                : Condition(
                    type: types[3], failing: true, reason: "SomeResourcesRemain",
                    message: "Some resources are remaining: " + list(r.remaining.map { "\($0.key) has \($0.value) resource instances" })),
            r.finalizers.isEmpty
                ? Condition(type: types[4], failing: false, reason: "ContentHasNoFinalizers", message: "All content-preserving finalizers finished")
                : Condition(
                    type: types[4], failing: true, reason: "SomeFinalizersRemain",
                    message: "Some content in the namespace has finalizers remaining: "
                        + list(r.finalizers.map { "\($0.key) in \($0.value) resource instances" })),
        ]
    }

    /// `existing` status.conditions with these five set; a condition's
    /// lastTransitionTime moves only when its status does. Other condition
    /// types are kept as they are.
    static func merged(_ existing: [JSONValue], with new: [Condition], now: Date) -> [JSONValue] {
        var result = existing
        for c in new {
            let status = c.failing ? "True" : "False"
            let index = result.firstIndex { $0["type"]?.stringValue == c.type }
            let old = index.map { result[$0] }
            let moved = old?["status"]?.stringValue != status
            let value: JSONValue = [
                "type": .string(c.type), "status": .string(status), "reason": .string(c.reason), "message": .string(c.message),
                "lastTransitionTime": moved ? .string(Time(now).rfc3339) : (old?["lastTransitionTime"] ?? .string(Time(now).rfc3339)),
            ]
            if let index { result[index] = value } else { result.append(value) }
        }
        return result
    }
}
