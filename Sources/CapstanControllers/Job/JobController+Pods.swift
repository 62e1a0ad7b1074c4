import CapstanAPI
import CapstanClient
import Foundation

/// Creating, deleting and releasing a Job's pods.
extension JobController {
    struct ManageOutcome {
        var active: Int
        var requeueAfter: TimeInterval? = nil
        var error: (any Error)? = nil
    }

    /// Kubernetes' manageJob: deletes everything when suspended, the excess
    /// otherwise, or creates what is missing once the failure backoff has
    /// passed — never both creations and deletions in one pass.
    func manage(_ sync: inout JobSync, key: String) async -> ManageOutcome {
        let active = sync.active.count
        if sync.spec.suspended {
            let (deleted, error) = await deletePods(sync.active, job: sync.job, key: key, releaseFirst: true)
            sync.active.removeAll { deleted.contains(OwnerReferences.uid($0)) }
            sync.terminating += deleted.count
            return ManageOutcome(active: active - deleted.count, error: error)
        }
        let want = sync.wantActive(active: active)
        let excess = Array(sync.podsToDelete(atLeast: max(0, active - want)).prefix(Self.maxPodChangesPerSync))
        if !excess.isEmpty {
            let (deleted, error) = await deletePods(excess, job: sync.job, key: key, releaseFirst: true)
            sync.active.removeAll { deleted.contains(OwnerReferences.uid($0)) }
            sync.terminating += deleted.count
            return ManageOutcome(active: active - deleted.count, error: error)
        }
        guard active < want else { return ManageOutcome(active: active) }
        let wait = sync.backoff.remaining(now: sync.now)
        if wait > 0 { return ManageOutcome(active: active, requeueAfter: wait) }
        // With podReplacementPolicy Failed, a terminating pod still holds its place.
        let held = sync.spec.onlyReplaceFailed ? sync.terminating : 0
        let diff = min(want - active - held, Self.maxPodChangesPerSync)
        guard diff > 0 else { return ManageOutcome(active: active) }
        let indexes: [Int?] = sync.spec.indexed ? sync.pendingIndexes(diff) : Array(repeating: nil, count: diff)
        let (created, error) = await createPods(indexes, job: sync.job, key: key)
        return ManageOutcome(active: active + created, error: error)
    }

    /// Kubernetes' MaxPodCreateDeletePerSync.
    static let maxPodChangesPerSync = 500

    /// Creates one pod per entry (its completion index, or nil) in
    /// slow-start batches of 1, 2, 4…: a batch with a failure ends the pass,
    /// so a quota or admission error costs one request, not hundreds.
    func createPods(_ indexes: [Int?], job: JSONValue, key: String) async -> (created: Int, error: (any Error)?) {
        guard !indexes.isEmpty else { return (0, nil) }
        expectations.expect(key, adds: indexes.count)
        let client = context.client
        let namespace = OwnerReferences.namespace(job)
        var remaining = indexes[...]
        var batch = 1
        var created = 0
        var firstError: (any Error)? = nil
        while !remaining.isEmpty {
            let chunk = remaining.prefix(batch)
            remaining = remaining.dropFirst(chunk.count)
            let results = await withTaskGroup(of: Result<JSONValue, any Error>.self) { group in
                for index in chunk {
                    let pod = JobPods.make(for: job, index: index)
                    group.addTask {
                        do { return .success(try await client.create(.pods, namespace: namespace, pod)) } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for result in results {
                switch result {
                case .success(let pod):
                    created += 1
                    await context.recorder.record(job, .normal, reason: "SuccessfulCreate", message: "Created pod: \(OwnerReferences.name(pod))")
                case .failure(let error):
                    expectations.creationFailed(key)
                    firstError = firstError ?? error
                    await context.recorder.record(job, .warning, reason: "FailedCreate", message: "Error creating: \(error)")
                }
            }
            if firstError != nil {
                // The pods never attempted will not be observed either.
                for _ in remaining { expectations.creationFailed(key) }
                break
            }
            batch *= 2
        }
        return (created, firstError)
    }

    /// Deletes `pods`, first releasing their finalizer when `releaseFirst`
    /// (suspension and excess pods are not failures and are not counted);
    /// returns the uids now gone or going.
    func deletePods(_ pods: [JSONValue], job: JSONValue, key: String, releaseFirst: Bool) async -> (deleted: Set<String>, error: (any Error)?) {
        guard !pods.isEmpty else { return ([], nil) }
        expectations.expect(key, deletingUIDs: pods.map(OwnerReferences.uid))
        var deleted = Set<String>()
        var firstError: (any Error)? = nil
        for pod in pods {
            let (namespace, name, uid) = (OwnerReferences.namespace(pod), OwnerReferences.name(pod), OwnerReferences.uid(pod))
            do {
                if releaseFirst, let patch = JobPods.removeFinalizerPatch(pod) {
                    _ = try await context.client.patch(.pods, namespace: namespace, name: name, .json, patch)
                    memory.removedFinalizer(key, uid: uid)
                }
                try await context.client.delete(.pods, namespace: namespace, name: name)
                deleted.insert(uid)
                await context.recorder.record(job, .normal, reason: "SuccessfulDelete", message: "Deleted pod: \(name)")
            } catch let error as APIStatusError where error.isNotFound {
                deleted.insert(uid)
                expectations.deletionObserved(key, uid: uid)
            } catch {
                expectations.deletionObserved(key, uid: uid)
                firstError = firstError ?? error
                await context.recorder.record(job, .warning, reason: "FailedDelete", message: "Error deleting: \(error)")
            }
        }
        return (deleted, firstError)
    }

    /// Removes the tracking finalizer from `pods`; returns the uids released
    /// (a pod already gone counts) and the first error.
    func release(_ pods: [JSONValue], key: String) async -> (released: Set<String>, error: (any Error)?) {
        var released = Set<String>()
        var firstError: (any Error)? = nil
        for pod in pods {
            guard let patch = JobPods.removeFinalizerPatch(pod) else { continue }
            let uid = OwnerReferences.uid(pod)
            do {
                _ = try await context.client.patch(
                    .pods, namespace: OwnerReferences.namespace(pod), name: OwnerReferences.name(pod), .json, patch)
                released.insert(uid)
                memory.removedFinalizer(key, uid: uid)
            } catch let error as APIStatusError where error.isNotFound {
                released.insert(uid)
            } catch {
                firstError = firstError ?? error
            }
        }
        return (released, firstError)
    }

    func releaseAll(_ pods: [JSONValue], key: String) async throws {
        let (_, error) = await release(pods, key: key)
        if let error { throw error }
    }
}
