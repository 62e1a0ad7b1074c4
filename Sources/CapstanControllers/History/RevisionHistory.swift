import CapstanAPI
import CapstanClient

/// The ControllerRevisions of one owner (a StatefulSet or a DaemonSet),
/// kept as Kubernetes' controller history keeps them, so `kubectl rollout
/// history` and `kubectl rollout undo` work on them:
/// - one revision per distinct pod template, named OWNER-HASH, holding the
///   template as the patch `{"spec":{"template":{…,"$patch":"replace"}}}`
///   (what `rollout undo` applies back to the owner);
/// - labelled with the template's labels (so the owner's selector finds
///   them) plus `controller-revision-hash`, controlled by the owner;
/// - `revision` numbers grow; going back to an older template reuses its
///   revision and gives it the next number instead of copying it.
public struct RevisionHistory: Sendable {
    public static let hashLabel = "controller-revision-hash"

    let client: KubeClient
    let ownerKind: String

    public init(client: KubeClient, ownerKind: String) {
        self.client = client
        self.ownerKind = ownerKind
    }

    /// The revision data for a pod template.
    public static func data(forTemplate template: JSONValue) -> JSONValue {
        var t = template
        t["$patch"] = "replace"
        return ["spec": ["template": t]]
    }

    /// The pod template a revision records (its patch without the directive).
    public static func template(of revision: JSONValue) -> JSONValue {
        var t = revision[path: ["data", "spec", "template"]] ?? .emptyObject
        t["$patch"] = nil
        return t
    }

    public static func number(_ revision: JSONValue) -> Int64 { revision["revision"]?.intValue ?? 0 }

    /// The owner's revisions in `cache`, oldest first (by revision, then name).
    public static func revisions(of owner: JSONValue, in cache: ObjectCache) -> [JSONValue] {
        cache.byIndex(OwnerReferences.controllerUIDIndex, OwnerReferences.uid(owner)).sorted {
            (number($0), OwnerReferences.name($0)) < (number($1), OwnerReferences.name($1))
        }
    }

    /// The revision of the owner's current template and the collisionCount
    /// that named it (to be written to the owner's status when it grew).
    public struct Current: Sendable {
        public var revision: JSONValue
        public var collisionCount: Int64
        public var name: String { OwnerReferences.name(revision) }
        public var hash: String { revision[path: ["metadata", "labels", RevisionHistory.hashLabel]]?.stringValue ?? "" }
    }

    /// Finds or records the revision for `template` (Kubernetes'
    /// getStatefulSetRevisions / constructHistory). `revisions` are the
    /// owner's, oldest first. Idempotent: an unchanged template makes no call.
    public func current(
        for owner: JSONValue, template: JSONValue, revisions: [JSONValue], collisionCount: Int64
    ) async throws -> Current {
        let data = Self.data(forTemplate: template)
        let next = (revisions.last.map(Self.number) ?? 0) + 1
        guard let equal = revisions.last(where: { $0["data"] == data }) else {
            return try await create(owner: owner, template: template, data: data, number: next, collisionCount: collisionCount)
        }
        if OwnerReferences.name(equal) == OwnerReferences.name(revisions[revisions.count - 1]) {
            return Current(revision: equal, collisionCount: collisionCount)
        }
        // A template seen before (a rollback): that revision becomes the newest.
        let bumped = try await client.patch(
            .controllerRevisions, namespace: OwnerReferences.namespace(equal), name: OwnerReferences.name(equal), .merge,
            ["revision": .int(next)])
        return Current(revision: bumped, collisionCount: collisionCount)
    }

    /// Creates the revision; a name taken by different data is a hash
    /// collision, resolved as Kubernetes does by bumping collisionCount.
    func create(owner: JSONValue, template: JSONValue, data: JSONValue, number: Int64, collisionCount: Int64) async throws -> Current {
        let namespace = OwnerReferences.namespace(owner)
        var collisions = collisionCount
        // Bounded: a server that rewrote `data` must not make this loop forever.
        for _ in 0..<8 {
            let hash = RevisionHash.hash(data: data, collisionCount: collisions)
            var labels = template[path: ["metadata", "labels"]]?.objectValue ?? [:]
            labels[Self.hashLabel] = .string(hash)
            let revision: JSONValue = [
                "apiVersion": "apps/v1", "kind": "ControllerRevision",
                "metadata": [
                    "name": .string(RevisionHash.name(owner: OwnerReferences.name(owner), hash: hash)),
                    "namespace": .string(namespace), "labels": .object(labels),
                    "ownerReferences": [OwnerReferences.controllerRef(to: owner, apiVersion: "apps/v1", kind: ownerKind)],
                ],
                "data": data, "revision": .int(number),
            ]
            do {
                return Current(revision: try await client.create(.controllerRevisions, namespace: namespace, revision), collisionCount: collisions)
            } catch let e as APIStatusError where e.code == 409 {
                let existing = try await client.get(.controllerRevisions, namespace: namespace, name: OwnerReferences.name(revision))
                if existing["data"] == data, OwnerReferences.controller(of: existing)?.uid == OwnerReferences.uid(owner) {
                    return Current(revision: existing, collisionCount: collisions)  // ours, not yet in the cache
                }
                collisions += 1
            }
        }
        throw APIStatusError(code: 409, reason: "AlreadyExists", message: "no free ControllerRevision name for \(OwnerReferences.name(owner)) after 8 hash collisions")
    }

    /// Revisions to delete so at most `limit` remain that are not `live`
    /// (in use by a pod, or the current/update revision): the oldest go first.
    public static func expired(_ revisions: [JSONValue], live: Set<String>, limit: Int) -> [JSONValue] {
        let historic = revisions.filter { !live.contains(OwnerReferences.name($0)) }
        return Array(historic.prefix(max(0, historic.count - max(0, limit))))
    }

    /// Deletes `expired(...)`; a revision already gone is fine.
    public func truncate(_ revisions: [JSONValue], live: Set<String>, limit: Int) async throws {
        for r in Self.expired(revisions, live: live, limit: limit) {
            do {
                try await client.delete(
                    .controllerRevisions, namespace: OwnerReferences.namespace(r), name: OwnerReferences.name(r),
                    preconditionUID: OwnerReferences.uid(r))
            } catch let e as APIStatusError where e.isNotFound {}
        }
    }
}
