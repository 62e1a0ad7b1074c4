import CapstanAPI
import CapstanClient

/// The collector's writes. Each is guarded by the object's uid and
/// resourceVersion, so it never acts on a replaced object or on a state it
/// did not judge; a 409 surfaces as an error and the worker retries from a
/// fresh read.
extension GarbageCollector {
    /// Deletes with `policy`. When the object changed since it was judged but
    /// its ownerReferences did not, the judgement still holds: delete by uid only
    /// (Kubernetes does the same, so busy status writers cannot starve it).
    func deleteObject(_ obj: JSONValue, resource: APIResource, policy: String) async throws {
        let ns = resource.namespaced ? OwnerReferences.namespace(obj) : nil
        let name = OwnerReferences.name(obj)
        let uid = OwnerReferences.uid(obj)
        do {
            try await client.delete(
                resource, namespace: ns, name: name, preconditionUID: uid,
                preconditionResourceVersion: obj[path: ["metadata", "resourceVersion"]]?.stringValue, propagationPolicy: policy)
        } catch let e as APIStatusError where e.isConflict {
            let fresh = try await client.get(resource, namespace: ns, name: name)
            guard OwnerReferences.uid(fresh) == uid, OwnerReferences.all(of: fresh) == OwnerReferences.all(of: obj) else { throw e }
            try await client.delete(resource, namespace: ns, name: name, preconditionUID: uid, propagationPolicy: policy)
        } catch let e as APIStatusError where e.isNotFound {
            await perform(graph.withLock { $0.observeDeletion(uid: uid) })
        }
    }

    /// Removes `finalizer` with a merge patch of the whole list that carries
    /// uid and resourceVersion (preconditions for the server).
    func removeFinalizer(_ finalizer: String, from obj: JSONValue, resource: APIResource) async throws {
        let finalizers = ObjectGraph.finalizers(obj)
        guard finalizers.contains(finalizer) else { return }
        try await patchMetadata(obj, resource: resource, ["finalizers": .array(finalizers.filter { $0 != finalizer }.map { .string($0) })])
    }

    /// Drops the references to `owners` (null when none remain).
    func removeOwnerReferences(_ owners: Set<String>, from obj: JSONValue, resource: APIResource) async throws {
        let refs = obj[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        let kept = refs.filter { !owners.contains($0["uid"]?.stringValue ?? "") }
        guard kept.count != refs.count else { return }
        try await patchMetadata(obj, resource: resource, ["ownerReferences": kept.isEmpty ? .null : .array(kept)])
    }

    /// Sets blockOwnerDeletion false on every reference (cycle breaking).
    func unblockOwnerReferences(_ obj: JSONValue, resource: APIResource) async throws {
        let refs = obj[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        guard refs.contains(where: { $0["blockOwnerDeletion"]?.boolValue == true }) else { return }
        let unblocked = refs.map { r -> JSONValue in
            var r = r
            if r["blockOwnerDeletion"]?.boolValue == true { r["blockOwnerDeletion"] = false }
            return r
        }
        try await patchMetadata(obj, resource: resource, ["ownerReferences": .array(unblocked)])
    }

    private func patchMetadata(_ obj: JSONValue, resource: APIResource, _ fields: [String: JSONValue]) async throws {
        var meta = fields
        meta["uid"] = obj[path: ["metadata", "uid"]] ?? .null
        meta["resourceVersion"] = obj[path: ["metadata", "resourceVersion"]] ?? .null
        do {
            _ = try await client.patch(
                resource, namespace: resource.namespaced ? OwnerReferences.namespace(obj) : nil, name: OwnerReferences.name(obj),
                .merge, ["metadata": .object(meta)])
        } catch let e as APIStatusError where e.isNotFound {
            // Gone already: nothing to strip.
        }
    }

    // MARK: orphaning

    /// The attemptToOrphan worker's step (Kubernetes' attemptToOrphanWorker):
    /// every dependent the graph knows loses its reference to the owner, then
    /// the owner loses its "orphan" finalizer and the server removes it.
    func attemptToOrphan(_ uid: String) async throws -> Outcome {
        guard let owner = graph.withLock({ $0[uid] }) else { return .forget }
        let dependents = graph.withLock { g in owner.dependents.compactMap { g[$0] } }
        for dep in dependents {
            guard let r = dep.resource else { continue }
            let ns = namespace(dep.identity, r)
            let obj: JSONValue
            do {
                obj = try await client.get(r, namespace: ns, name: dep.identity.name)
            } catch let e as APIStatusError where e.isNotFound { continue }
            guard OwnerReferences.uid(obj) == dep.identity.uid else { continue }
            try await removeOwnerReferences([uid], from: obj, resource: r)
        }
        let resource = try resolve(owner.identity, known: owner.resource)
        let latest: JSONValue
        do {
            latest = try await client.get(resource, namespace: namespace(owner.identity, resource), name: owner.identity.name)
        } catch let e as APIStatusError where e.isNotFound { return .forget }
        guard OwnerReferences.uid(latest) == uid else { return .forget }
        try await removeFinalizer(ObjectGraph.orphan, from: latest, resource: resource)
        return .forget
    }
}
