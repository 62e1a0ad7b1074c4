import CapstanAPI
import CapstanClient

/// Deletes everything in one namespace (Kubernetes' namespacedResourcesDeleter):
/// every namespaced resource discovery lists with the list and delete verbs,
/// each object deleted with propagationPolicy Background (its dependents
/// are the garbage collector's), then counts what is left and which
/// finalizers hold it. Reads are live lists, not caches: this runs rarely,
/// and the content of a namespace must not be judged gone from a cache
/// that has not caught up.
struct NamespaceContentDeleter: Sendable {
    let client: KubeClient

    func deleteContent(of namespace: String) async -> NamespaceDeletionReport {
        var report = NamespaceDeletionReport()
        let found: DiscoveryResult
        do {
            found = try await ResourceDiscovery(client: client).discover()
        } catch {
            report.discoveryFailures["core"] = "\(error)"
            return report
        }
        report.discoveryFailures = found.failedGroups
        for r in found.resources where r.resource.namespaced && r.supports("list", "delete") {
            await deleteAll(r.resource, in: namespace, into: &report)
        }
        return report
    }

    /// "pods." for core pods, "replicasets.apps": Kubernetes' resource.group.
    static func label(_ r: APIResource) -> String { "\(r.plural).\(r.group)" }

    private func deleteAll(_ r: APIResource, in namespace: String, into report: inout NamespaceDeletionReport) async {
        do {
            let items = try await client.list(r, namespace: namespace).items
            guard !items.isEmpty else { return }
            // Objects already being deleted are left alone: another delete would change nothing.
            for item in items where !OwnerReferences.isBeingDeleted(item) {
                do {
                    try await client.delete(
                        r, namespace: namespace, name: OwnerReferences.name(item), preconditionUID: OwnerReferences.uid(item),
                        propagationPolicy: "Background")
                } catch let e as APIStatusError where e.isNotFound || e.isConflict {
                    // Gone, or replaced by a new object the next pass will see.
                }
            }
            // What the deletes left (graceful pods, finalizers) is counted from a fresh list.
            let left = try await client.list(r, namespace: namespace).items
            guard !left.isEmpty else { return }
            report.remaining[Self.label(r)] = left.count
            for item in left {
                for f in ObjectGraph.finalizers(item) { report.finalizers[f, default: 0] += 1 }
            }
        } catch {
            report.deleteFailures[Self.label(r)] = "\(error)"
        }
    }
}
