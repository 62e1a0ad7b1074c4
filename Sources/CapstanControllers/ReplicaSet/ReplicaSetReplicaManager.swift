import CapstanAPI
import CapstanClient

/// One sync's creates or deletes for one ReplicaSet (Kubernetes'
/// manageReplicas). Expectations are raised before any write and lowered
/// for every write that will never be observed (failed or skipped), so the
/// pod informer's events alone bring them back to zero.
struct ReplicaSetReplicaManager {
    let controller: ReplicaSetController
    let rs: JSONValue
    let key: String

    private var client: KubeClient { controller.context.client }
    private var recorder: EventRecorder { controller.context.recorder }
    private var expectations: Expectations { controller.expectations }

    func manage(_ owned: [JSONValue]) async throws {
        let want = Int(rs[path: ["spec", "replicas"]]?.intValue ?? 1)
        let diff = owned.count - want
        if diff < 0 {
            try await create(min(-diff, ReplicaSetController.burstReplicas))
        } else if diff > 0 {
            try await delete(from: owned, count: min(diff, ReplicaSetController.burstReplicas))
        }
    }

    private func create(_ count: Int) async throws {
        expectations.expect(key, adds: count)
        let ns = OwnerReferences.namespace(rs)
        let pod = Pods.fromTemplate(
            rs[path: ["spec", "template"]] ?? .emptyObject, owner: rs, ownerAPIVersion: "apps/v1", ownerKind: "ReplicaSet",
            generateName: OwnerReferences.name(rs) + "-")
        let (client, recorder, rs) = (self.client, self.recorder, self.rs)
        let outcome = await ReplicaSetSlowStart.run(count: count) {
            do {
                let created = try await client.create(.pods, namespace: ns, pod)
                await recorder.record(rs, .normal, reason: "SuccessfulCreate", message: "Created pod: \(OwnerReferences.name(created))")
            } catch {
                await recorder.record(rs, .warning, reason: "FailedCreate", message: "Error creating: \(Self.message(error))")
                throw error
            }
        }
        // Pods that failed or were never tried will not show up in the informer.
        for _ in 0..<(count - outcome.successes) { expectations.creationObserved(key) }
        if let error = outcome.error { throw error }
    }

    private func delete(from owned: [JSONValue], count: Int) async throws {
        let related = controller.relatedPods(of: rs, own: owned)
        let victims = ReplicaSetPodRanking.podsToDelete(owned, related: related, count: count)
        expectations.expect(key, deletingUIDs: victims.map(OwnerReferences.uid))
        let (client, recorder, rs, key, expectations) = (self.client, self.recorder, self.rs, self.key, self.expectations)
        let errors = await withTaskGroup(of: (any Error)?.self) { group in
            for pod in victims {
                group.addTask {
                    let name = OwnerReferences.name(pod)
                    do {
                        try await client.delete(
                            .pods, namespace: OwnerReferences.namespace(pod), name: name, preconditionUID: OwnerReferences.uid(pod))
                        await recorder.record(rs, .normal, reason: "SuccessfulDelete", message: "Deleted pod: \(name)")
                        return nil
                    } catch {
                        // This deletion will never be observed.
                        expectations.deletionObserved(key, uid: OwnerReferences.uid(pod))
                        if let e = error as? APIStatusError, e.isNotFound { return nil }
                        await recorder.record(rs, .warning, reason: "FailedDelete", message: "Error deleting: \(Self.message(error))")
                        return error
                    }
                }
            }
            var errors: [any Error] = []
            for await e in group { if let e { errors.append(e) } }
            return errors
        }
        if let first = errors.first { throw first }
    }

    static func message(_ error: any Error) -> String {
        (error as? APIStatusError)?.message ?? String(describing: error)
    }
}
