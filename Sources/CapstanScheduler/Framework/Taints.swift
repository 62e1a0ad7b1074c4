import CapstanAPI

/// Taint effects and the toleration rules of core/v1 (`ToleratesTaint`).
public enum TaintEffect {
    public static let noSchedule = "NoSchedule"
    public static let preferNoSchedule = "PreferNoSchedule"
    public static let noExecute = "NoExecute"
}

extension Toleration {
    /// Kubernetes' `Toleration.ToleratesTaint`: an empty effect matches every
    /// effect, an empty key (with Exists) every key; Equal (the default)
    /// compares values.
    public func tolerates(_ taint: Taint) -> Bool {
        if let effect, !effect.isEmpty, effect != taint.effect { return false }
        if let key, !key.isEmpty, key != taint.key { return false }
        switch self.operator ?? "" {
        case "", "Equal": return (value ?? "") == (taint.value ?? "")
        case "Exists": return true
        default: return false
        }
    }
}

enum Taints {
    /// The first taint with an effect in `effects` that no toleration tolerates.
    static func firstUntolerated(_ taints: [Taint], tolerations: [Toleration], effects: (String) -> Bool) -> Taint? {
        for taint in taints where effects(taint.effect) {
            if !tolerations.contains(where: { $0.tolerates(taint) }) { return taint }
        }
        return nil
    }

    /// NoSchedule and NoExecute: the effects that keep new pods off a node.
    static func isDoNotSchedule(_ effect: String) -> Bool {
        effect == TaintEffect.noSchedule || effect == TaintEffect.noExecute
    }
}
