import CapstanAPI
import CapstanClient

/// The attemptToDelete worker's one step for one uid (Kubernetes'
/// attemptToDeleteItem): read the object live, classify its owners, then
/// keep it, strip bad references, or delete it.
extension GarbageCollector {
    enum GCError: Error, CustomStringConvertible {
        case unknownKind(apiVersion: String, kind: String)
        var description: String {
            switch self {
            case .unknownKind(let v, let k): "no resource serves \(v) \(k) (yet): will retry after rediscovery"
            }
        }
    }

    /// Owners sorted by what they mean for the dependent.
    struct Classification {
        /// Exist and are not deleting in the foreground: the dependent stays.
        var solid: [OwnerReferences.Reference] = []
        /// Verified absent.
        var dangling: [OwnerReferences.Reference] = []
        /// In foreground deletion: waiting for this dependent to go.
        var waiting: [OwnerReferences.Reference] = []
    }

    func attemptToDelete(_ uid: String) async throws -> Outcome {
        guard let node = graph.withLock({ $0[uid] }) else { return .forget }
        // Being deleted without waiting on dependents: its delete event will come.
        if node.beingDeleted && !node.deletingDependents { return .forget }
        let resource = try resolve(node.identity, known: node.resource)
        if resource.namespaced && node.identity.namespace.isEmpty {
            // A virtual owner named by a cluster-scoped dependent with a
            // namespaced kind: there is nowhere to find it.
            await perform(graph.withLock { $0.observeDeletion(uid: uid) })
            return .forget
        }
        let latest: JSONValue
        do {
            latest = try await client.get(resource, namespace: namespace(node.identity, resource), name: node.identity.name)
        } catch let e as APIStatusError where e.isNotFound {
            await perform(graph.withLock { $0.observeDeletion(uid: uid) })
            return .forget
        }
        guard OwnerReferences.uid(latest) == uid else {
            // Same name, another object: ours is gone.
            await perform(graph.withLock { $0.observeDeletion(uid: uid) })
            return .forget
        }
        // Until an informer shows a virtual node, look again later.
        let settled: Outcome = node.observed ? .forget : .requeue
        if node.deletingDependents {
            try await finishForegroundDeletion(node, latest: latest, resource: resource)
            return settled
        }
        let refs = OwnerReferences.all(of: latest)
        if refs.isEmpty { return settled }
        // A cluster-scoped object cannot be owned by a namespaced one: the
        // reference can never resolve, so it is reported and never collected.
        if node.identity.namespace.isEmpty,
            let bad = try refs.first(where: { try resolve(ref: $0).resource.namespaced })
        {
            await reportClusterScopedWithNamespacedOwner(node.identity, bad)
            return .forget
        }
        let c = try await classify(refs, dependentNamespace: node.identity.namespace)
        if !c.solid.isEmpty {
            let stale = c.dangling + c.waiting
            if stale.isEmpty { return settled }
            // Waiting owners would otherwise wait forever on a dependent that stays.
            try await removeOwnerReferences(Set(stale.map(\.uid)), from: latest, resource: resource)
        } else if !c.waiting.isEmpty && !node.dependents.isEmpty {
            // Its owner waits for it, and it has dependents of its own: delete it
            // in the foreground too, so the wait covers the whole tree. A dependent
            // already deleting in the foreground could be waiting on it (a cycle):
            // make its references non-blocking first, as Kubernetes does.
            let cycle = graph.withLock { g in node.dependents.contains { g[$0]?.deletingDependents == true } }
            if cycle { try await unblockOwnerReferences(latest, resource: resource) }
            try await deleteObject(latest, resource: resource, policy: "Foreground")
        } else {
            let finalizers = ObjectGraph.finalizers(latest)
            let policy =
                finalizers.contains(ObjectGraph.orphan) ? "Orphan"
                : finalizers.contains(ObjectGraph.foreground) ? "Foreground" : "Background"
            try await deleteObject(latest, resource: resource, policy: policy)
        }
        return settled
    }

    /// An owner in foreground deletion: delete its blocking dependents;
    /// once none is left, remove its "foregroundDeletion" finalizer (the
    /// server then removes it).
    func finishForegroundDeletion(_ node: GraphNode, latest: JSONValue, resource: APIResource) async throws {
        let blocking = graph.withLock { g in
            node.dependents.compactMap { g[$0] }.filter { dep in
                dep.owners.contains { $0.uid == node.identity.uid && $0.blockOwnerDeletion }
            }
        }
        if blocking.isEmpty {
            try await removeFinalizer(ObjectGraph.foreground, from: latest, resource: resource)
            return
        }
        for dep in blocking where !dep.deletingDependents { await deleteQueue.add(dep.identity.uid) }
    }

    func classify(_ refs: [OwnerReferences.Reference], dependentNamespace: String) async throws -> Classification {
        var c = Classification()
        for ref in refs {
            guard let owner = try await lookUpOwner(ref, dependentNamespace: dependentNamespace) else {
                c.dangling.append(ref)
                continue
            }
            if owner.beingDeleted && owner.foregroundFinalizer { c.waiting.append(ref) } else { c.solid.append(ref) }
        }
        return c
    }

    struct OwnerState {
        var beingDeleted: Bool
        var foregroundFinalizer: Bool
    }

    /// The owner as the graph shows it when an informer has seen it where the
    /// reference points (the dependent's namespace, or cluster scope);
    /// otherwise from a live GET, because the owner's cache may not be
    /// synced yet. nil: verified absent (404 or another uid there).
    func lookUpOwner(_ ref: OwnerReferences.Reference, dependentNamespace: String) async throws -> OwnerState? {
        let cached = graph.withLock { g -> (absent: Bool, node: GraphNode?) in
            (g.isAbsent(uid: ref.uid, namespace: dependentNamespace), g[ref.uid])
        }
        if cached.absent { return nil }
        if let n = cached.node, n.observed, n.identity.namespace.isEmpty || n.identity.namespace == dependentNamespace {
            return OwnerState(beingDeleted: n.beingDeleted, foregroundFinalizer: n.foregroundFinalizer)
        }
        let r = try resolve(ref: ref).resource
        let lookedIn = r.namespaced ? dependentNamespace : ""
        do {
            let owner = try await client.get(r, namespace: r.namespaced ? dependentNamespace : nil, name: ref.name)
            if OwnerReferences.uid(owner) == ref.uid {
                return OwnerState(
                    beingDeleted: OwnerReferences.isBeingDeleted(owner),
                    foregroundFinalizer: ObjectGraph.finalizers(owner).contains(ObjectGraph.foreground))
            }
        } catch let e as APIStatusError where e.isNotFound {}
        graph.withLock { $0.markAbsent(uid: ref.uid, namespace: lookedIn) }
        return nil
    }

    func reportClusterScopedWithNamespacedOwner(_ dependent: ObjectIdentity, _ ref: OwnerReferences.Reference) async {
        let owner = ObjectIdentity(apiVersion: ref.apiVersion, kind: ref.kind, namespace: "", name: ref.name, uid: ref.uid)
        await perform([.invalidNamespace(dependent: dependent, owner: owner)])
    }

    // MARK: resources

    func resolve(ref: OwnerReferences.Reference) throws -> DiscoveredResource {
        guard let r = mapper.withLock({ $0.resource(apiVersion: ref.apiVersion, kind: ref.kind) }) else {
            throw GCError.unknownKind(apiVersion: ref.apiVersion, kind: ref.kind)
        }
        return r
    }

    func resolve(_ id: ObjectIdentity, known: APIResource?) throws -> APIResource {
        if let known { return known }
        guard let r = mapper.withLock({ $0.resource(apiVersion: id.apiVersion, kind: id.kind) }) else {
            throw GCError.unknownKind(apiVersion: id.apiVersion, kind: id.kind)
        }
        return r.resource
    }

    func namespace(_ id: ObjectIdentity, _ r: APIResource) -> String? { r.namespaced ? id.namespace : nil }
}
