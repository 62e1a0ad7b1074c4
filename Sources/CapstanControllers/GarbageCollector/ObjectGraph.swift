import CapstanAPI
import CapstanClient

/// Who an object is: enough to GET, DELETE or PATCH it and to compare it
/// with what an ownerReference says.
public struct ObjectIdentity: Sendable, Hashable, CustomStringConvertible {
    public var apiVersion: String
    public var kind: String
    public var namespace: String
    public var name: String
    public var uid: String

    /// Kubernetes' objectReference.String(), used in event messages.
    public var description: String { "[\(apiVersion)/\(kind), namespace: \(namespace), name: \(name), uid: \(uid)]" }
}

/// One object in the ownership graph. A "virtual" node stands for an owner
/// some dependent names but no informer has shown yet; the collector checks
/// with the API whether it exists.
struct GraphNode: Sendable {
    var identity: ObjectIdentity
    /// Known for observed nodes; virtual ones are resolved from apiVersion/kind.
    var resource: APIResource?
    var owners: [OwnerReferences.Reference]
    var dependents: Set<String> = []
    var observed: Bool
    var beingDeleted = false
    var foregroundFinalizer = false

    /// Deleted with propagationPolicy Foreground: waits for its blocking dependents.
    var deletingDependents: Bool { beingDeleted && foregroundFinalizer }
}

/// The ownership graph the garbage collector keeps from informer events
/// (Kubernetes' GraphBuilder): nodes by uid, each with its owners (from
/// its ownerReferences) and its dependents (the reverse edges). A value
/// type: every change returns the work it makes necessary, and the caller
/// puts that on the queues.
struct ObjectGraph: Sendable {
    enum Action: Sendable, Equatable {
        /// Check whether the object (by uid) must be deleted, or its deletion finished.
        case attemptToDelete(String)
        /// Strip the owner (by uid) from its dependents, then drop its "orphan" finalizer.
        case attemptToOrphan(String)
        /// The dependent names an owner observed in another namespace.
        case invalidNamespace(dependent: ObjectIdentity, owner: ObjectIdentity)
    }

    private(set) var nodes: [String: GraphNode] = [:]
    /// Owners verified absent, as "uid|namespace looked up in" (client-go keeps an LRU; ours is bounded by clearing).
    private var absentOwners: Set<String> = []

    static let foreground = "foregroundDeletion"
    static let orphan = "orphan"

    subscript(uid: String) -> GraphNode? { nodes[uid] }

    func isAbsent(uid: String, namespace: String) -> Bool {
        absentOwners.contains("\(uid)|") || absentOwners.contains("\(uid)|\(namespace)")
    }

    mutating func markAbsent(uid: String, namespace: String) {
        if absentOwners.count > 4096 { absentOwners.removeAll() }
        absentOwners.insert("\(uid)|\(namespace)")
    }

    static func identity(of obj: JSONValue, apiVersion: String, kind: String) -> ObjectIdentity {
        ObjectIdentity(
            apiVersion: apiVersion, kind: kind, namespace: OwnerReferences.namespace(obj), name: OwnerReferences.name(obj),
            uid: OwnerReferences.uid(obj))
    }

    static func finalizers(_ obj: JSONValue) -> [String] {
        (obj[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    // MARK: informer events

    /// An add or update seen by the informer of `resource` (whose objects are of `kind`).
    mutating func observe(_ obj: JSONValue, old: JSONValue?, resource: APIResource, kind: String) -> [Action] {
        let id = Self.identity(of: obj, apiVersion: resource.apiVersion, kind: kind)
        guard !id.uid.isEmpty else { return [] }
        let owners = OwnerReferences.all(of: obj)
        var actions: [Action] = []
        if var node = nodes[id.uid] {
            if !node.observed {
                actions += replaceVirtual(&node, with: id)
            }
            node.identity = id
            node.resource = resource
            node.observed = true
            let removed = node.owners.filter { o in !owners.contains { $0.uid == o.uid } }
            let added = owners.filter { n in !node.owners.contains { $0.uid == n.uid } }
            // An owner waiting in foreground deletion may have just been unblocked.
            for r in removed where r.blockOwnerDeletion { actions += waitingOwner(r.uid) }
            for n in owners where !n.blockOwnerDeletion {
                if node.owners.contains(where: { $0.uid == n.uid && $0.blockOwnerDeletion }) { actions += waitingOwner(n.uid) }
            }
            node.owners = owners
            node.beingDeleted = OwnerReferences.isBeingDeleted(obj)
            node.foregroundFinalizer = Self.finalizers(obj).contains(Self.foreground)
            nodes[id.uid] = node
            for r in removed { nodes[r.uid]?.dependents.remove(id.uid) }
            actions += addDependent(id, to: added)
        } else {
            var node = GraphNode(identity: id, resource: resource, owners: owners, observed: true)
            node.beingDeleted = OwnerReferences.isBeingDeleted(obj)
            node.foregroundFinalizer = Self.finalizers(obj).contains(Self.foreground)
            nodes[id.uid] = node
            actions += addDependent(id, to: owners)
        }
        actions += transitions(obj, old: old, uid: id.uid)
        return actions
    }

    /// A delete seen by an informer, or a "virtual" one: the collector found
    /// the object gone (404 or another uid) before any informer said so.
    mutating func observeDeletion(uid: String) -> [Action] {
        guard let node = nodes.removeValue(forKey: uid) else { return [] }
        for r in node.owners { nodes[r.uid]?.dependents.remove(uid) }
        var actions: [Action] = []
        if !node.dependents.isEmpty {
            // Its dependents will ask; no need to look it up again.
            markAbsent(uid: uid, namespace: node.identity.namespace)
        }
        actions += node.dependents.sorted().map { .attemptToDelete($0) }
        // Owners in foreground deletion may have lost their last blocking dependent.
        for r in node.owners where nodes[r.uid]?.deletingDependents == true { actions.append(.attemptToDelete(r.uid)) }
        return actions
    }

    private func waitingOwner(_ uid: String) -> [Action] {
        nodes[uid]?.deletingDependents == true ? [.attemptToDelete(uid)] : []
    }

    /// Links `dependent` under each owner, creating virtual owners for the
    /// ones not seen yet (queued so their existence is checked).
    private mutating func addDependent(_ dependent: ObjectIdentity, to owners: [OwnerReferences.Reference]) -> [Action] {
        var actions: [Action] = []
        var suspicious = false
        for ref in owners {
            guard var owner = nodes[ref.uid] else {
                let virtualID = ObjectIdentity(
                    apiVersion: ref.apiVersion, kind: ref.kind, namespace: dependent.namespace, name: ref.name, uid: ref.uid)
                var node = GraphNode(identity: virtualID, resource: nil, owners: [], observed: false)
                node.dependents.insert(dependent.uid)
                nodes[ref.uid] = node
                actions.append(.attemptToDelete(ref.uid))
                continue
            }
            owner.dependents.insert(dependent.uid)
            nodes[ref.uid] = owner
            guard owner.observed else { continue }
            let ownerNamespaced = !owner.identity.namespace.isEmpty
            if ownerNamespaced && owner.identity.namespace != dependent.namespace {
                // An ownerReference has no namespace: the owner is looked for in the
                // dependent's. One observed elsewhere is certainly the wrong object.
                actions.append(.invalidNamespace(dependent: dependent, owner: owner.identity))
                suspicious = true
            } else if ref.kind != owner.identity.kind || ref.name != owner.identity.name {
                suspicious = true
            }
        }
        if suspicious { actions.append(.attemptToDelete(dependent.uid)) }
        return actions
    }

    /// A virtual node is now observed: dependents that named it with other
    /// coordinates (another namespace, kind or name) must be re-checked.
    private func replaceVirtual(_ node: inout GraphNode, with observed: ObjectIdentity) -> [Action] {
        guard node.identity != observed else { return [] }
        var actions: [Action] = []
        for dep in node.dependents.sorted() {
            guard let d = nodes[dep] else { continue }
            let ref = d.owners.first { $0.uid == observed.uid }
            let matches = ref?.kind == observed.kind && ref?.name == observed.name
                && (observed.namespace.isEmpty || observed.namespace == d.identity.namespace)
            if matches { continue }
            if !observed.namespace.isEmpty && d.identity.namespace != observed.namespace {
                actions.append(.invalidNamespace(dependent: d.identity, owner: observed))
            }
            actions.append(.attemptToDelete(dep))
        }
        return actions
    }

    /// Deletion with the orphan or foreground finalizer starts work. A
    /// resync (old == new) counts too, so a lost event is made up for.
    private mutating func transitions(_ obj: JSONValue, old: JSONValue?, uid: String) -> [Action] {
        guard OwnerReferences.isBeingDeleted(obj) else { return [] }
        let finalizers = Self.finalizers(obj)
        func starts(_ f: String) -> Bool {
            guard finalizers.contains(f) else { return false }
            guard let old, old != obj else { return true }
            return !OwnerReferences.isBeingDeleted(old) || !Self.finalizers(old).contains(f)
        }
        if starts(Self.orphan) { return [.attemptToOrphan(uid)] }
        if starts(Self.foreground) {
            let deps = nodes[uid]?.dependents.sorted() ?? []
            return deps.map { .attemptToDelete($0) } + [.attemptToDelete(uid)]
        }
        return []
    }
}
