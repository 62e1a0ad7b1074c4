import CapstanAPI

/// persistentVolumeClaimRetentionPolicy as owner references, Kubernetes'
/// way: the controller never deletes a claim itself. `whenDeleted: Delete`
/// makes the StatefulSet an owner of the claim (the garbage collector
/// removes it with the set); `whenScaled: Delete` makes a scaled-down pod
/// its owner just before the pod is deleted (so it goes with the pod).
/// Retain removes the corresponding reference again.
enum ClaimRetention {
    /// `refs` (a claim's ownerReferences) adjusted for the policy. `pod` is
    /// the claim's pod (nil when the claim is being created for a pod not
    /// yet made); `podInRange` is false for a pod condemned by a scale-down.
    static func ownerReferences(
        _ refs: [JSONValue], set: JSONValue, pod: JSONValue?, settings: StatefulSetSettings, podInRange: Bool
    ) -> [JSONValue] {
        let setRef = reference(to: set, apiVersion: "apps/v1", kind: "StatefulSet")
        let podRef = pod.map { reference(to: $0, apiVersion: "v1", kind: "Pod") }
        var wantSet = false
        var wantPod = false
        switch (settings.whenDeleted, settings.whenScaled) {
        case (.retain, .retain): break
        case (.delete, .retain): wantSet = true
        case (.retain, .delete): wantPod = !podInRange
        case (.delete, .delete):
            wantPod = !podInRange
            wantSet = podInRange
        }
        var out = refs.filter { r in
            let uid = r["uid"]?.stringValue
            return uid != setRef["uid"]?.stringValue && (podRef == nil || uid != podRef?["uid"]?.stringValue)
        }
        if wantSet { out.append(refs.first { $0["uid"] == setRef["uid"] } ?? setRef) }
        if wantPod, let podRef { out.append(refs.first { $0["uid"] == podRef["uid"] } ?? podRef) }
        return out
    }

    /// A plain (non-controller) owner reference, as Kubernetes sets on claims.
    static func reference(to owner: JSONValue, apiVersion: String, kind: String) -> JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind),
            "name": owner[path: ["metadata", "name"]] ?? "", "uid": owner[path: ["metadata", "uid"]] ?? "",
        ]
    }

    /// Whether the refs differ as sets of owner uids (order is not meaningful).
    static func differ(_ a: [JSONValue], _ b: [JSONValue]) -> Bool {
        Set(a.compactMap { $0["uid"]?.stringValue }) != Set(b.compactMap { $0["uid"]?.stringValue })
    }
}
