import CapstanAPI
import CapstanClient

/// Kubernetes' ControllerRefManager: decides which candidate dependents an
/// owner controls, adopting matching orphans and releasing owned objects
/// whose labels stopped matching. Used by the ReplicaSet controller for pods
/// and by the Deployment controller for ReplicaSets. (General enough for
/// Runtime/; it lives here until someone moves it.)
///
/// Both writes are merge patches that carry the dependent's resourceVersion,
/// so a concurrent change answers 409 and the sync is retried instead of
/// overwriting someone else's ownerReferences.
struct DependentClaims: Sendable {
    let client: KubeClient
    /// The dependents' resource (pods, replicasets).
    let dependents: APIResource
    /// The owner's resource, to re-read it before adopting.
    let ownerResource: APIResource
    let owner: JSONValue
    let ownerKind: String
    let selector: LabelSelectorExpression

    /// The candidates this owner controls after adoption and release, in
    /// their original order. Throws when an adoption fails for a reason
    /// other than the dependent being gone (the sync is retried).
    func claim(_ candidates: [JSONValue]) async throws -> [JSONValue] {
        let ownerUID = OwnerReferences.uid(owner)
        let ownerDeleting = OwnerReferences.isBeingDeleted(owner)
        var claimed: [JSONValue] = []
        var ownerChecked = false
        for obj in candidates {
            let matches = selector.matches(OwnerReferences.labels(obj))
            if let ref = OwnerReferences.controller(of: obj) {
                guard ref.uid == ownerUID else { continue }  // someone else's
                if matches {
                    claimed.append(obj)
                } else if !ownerDeleting {
                    // An owner being deleted keeps its dependents so the
                    // garbage collector can find them.
                    try await release(obj)
                }
                continue
            }
            // An orphan: adopt only if it matches, is not itself going away,
            // and the owner really still exists (the cache may lag a delete).
            guard matches, !ownerDeleting, !OwnerReferences.isBeingDeleted(obj) else { continue }
            if !ownerChecked {
                try await recheckOwner()
                ownerChecked = true
            }
            if let adopted = try await adopt(obj) { claimed.append(adopted) }
        }
        return claimed
    }

    /// Kubernetes' canAdopt: a fresh read, so a deleted or replaced owner adopts nothing.
    private func recheckOwner() async throws {
        let fresh = try await client.get(
            ownerResource, namespace: OwnerReferences.namespace(owner), name: OwnerReferences.name(owner))
        if OwnerReferences.uid(fresh) != OwnerReferences.uid(owner) {
            throw DependentClaimError(message: "original \(ownerKind) \(OwnerReferences.name(owner)) is gone: got uid \(OwnerReferences.uid(fresh))")
        }
        if OwnerReferences.isBeingDeleted(fresh) {
            throw DependentClaimError(message: "\(ownerKind) \(OwnerReferences.name(owner)) has just been deleted")
        }
    }

    private func adopt(_ obj: JSONValue) async throws -> JSONValue? {
        var refs = obj[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        refs.append(OwnerReferences.controllerRef(to: owner, apiVersion: ownerResource.apiVersion, kind: ownerKind))
        do {
            return try await client.patch(
                dependents, namespace: OwnerReferences.namespace(obj), name: OwnerReferences.name(obj), .merge,
                patchBody(obj, refs: .array(refs)))
        } catch let e as APIStatusError where e.isNotFound {
            return nil  // gone meanwhile: nothing to adopt
        }
    }

    private func release(_ obj: JSONValue) async throws {
        let ownerUID = OwnerReferences.uid(owner)
        let refs = (obj[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).filter { $0["uid"]?.stringValue != ownerUID }
        do {
            _ = try await client.patch(
                dependents, namespace: OwnerReferences.namespace(obj), name: OwnerReferences.name(obj), .merge,
                patchBody(obj, refs: refs.isEmpty ? .null : .array(refs)))
        } catch let e as APIStatusError where e.isNotFound || e.code == 422 {
            // Gone, or being deleted: either way it is no longer ours.
        }
    }

    private func patchBody(_ obj: JSONValue, refs: JSONValue) -> JSONValue {
        var meta: [String: JSONValue] = ["ownerReferences": refs]
        if let rv = obj[path: ["metadata", "resourceVersion"]] { meta["resourceVersion"] = rv }
        return ["metadata": .object(meta)]
    }
}

struct DependentClaimError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
