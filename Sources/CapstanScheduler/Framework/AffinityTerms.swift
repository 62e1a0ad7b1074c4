import CapstanAPI

/// A parsed pod (anti-)affinity term (kube-scheduler's `framework.AffinityTerm`):
/// which pods it selects (namespaces + label selector) and over which
/// topology it applies.
public struct AffinityTerm: Sendable, Hashable {
    /// Namespaces listed in the term, or the owning pod's own namespace when
    /// the term lists none and has no namespace selector.
    public var namespaces: [String]
    /// `.nothing` when the term has no namespace selector; `.everything` for `{}`.
    public var namespaceSelector: LabelSelectorExpression
    public var selector: LabelSelectorExpression
    public var topologyKey: String

    /// Parses a term of a pod in `namespace` with `labels`. `matchLabelKeys`
    /// add `key in (value)` and `mismatchLabelKeys` add `key notin (value)`
    /// for the owning pod's value of each key, as kube-scheduler 1.31+ does.
    init(_ term: PodAffinityTerm, namespace: String, labels: [String: String]) throws(SelectorError) {
        var selector = try LabelSelectorExpression(term.labelSelector)
        if !selector.matchesNothing {
            var extra: [LabelSelectorExpression.Requirement] = []
            for key in term.matchLabelKeys ?? [] {
                if let v = labels[key] { extra.append(try .init(key: key, op: .in, values: [v])) }
            }
            for key in term.mismatchLabelKeys ?? [] {
                if let v = labels[key] { extra.append(try .init(key: key, op: .notIn, values: [v])) }
            }
            if !extra.isEmpty { selector = LabelSelectorExpression(requirements: selector.requirements + extra) }
        }
        self.selector = selector
        self.namespaceSelector = try LabelSelectorExpression(term.namespaceSelector)
        let listed = term.namespaces ?? []
        self.namespaces = listed.isEmpty && term.namespaceSelector == nil ? [namespace] : listed
        self.topologyKey = term.topologyKey
    }

    /// True when a pod in `namespace` with `labels` is selected by the term.
    /// `namespaceLabels` are the labels of that pod's namespace, if known.
    @inline(__always)
    public func matches(namespace: String, labels: [String: String], namespaceLabels: [String: String]?) -> Bool {
        guard namespaces.contains(namespace) || namespaceSelector.matches(namespaceLabels ?? [:]) else { return false }
        return selector.matches(labels)
    }

    /// True when `pod` is selected by the term.
    @inline(__always)
    public func matches(_ pod: PodInfo, namespaceLabels: [String: String]?) -> Bool {
        matches(namespace: pod.namespace, labels: pod.labels, namespaceLabels: namespaceLabels)
    }

    /// The term with its namespace selector folded into `namespaces` using the
    /// snapshot's namespaces, as kube-scheduler does for the incoming pod's
    /// terms, so matching needs no namespace lookup. `{}` stays (all namespaces).
    func resolvingNamespaces(in snapshot: ClusterSnapshot) -> AffinityTerm {
        guard !namespaceSelector.matchesNothing, !namespaceSelector.isEmpty else { return self }
        var t = self
        for (name, labels) in snapshot.namespaceLabels where namespaceSelector.matches(labels) {
            if !t.namespaces.contains(name) { t.namespaces.append(name) }
        }
        t.namespaceSelector = .nothing
        return t
    }
}

/// A preferred (weighted) pod (anti-)affinity term.
public struct WeightedAffinityTerm: Sendable, Equatable {
    public var term: AffinityTerm
    public var weight: Int32
}

/// True when `pod` matches every term (and there is at least one), ignoring
/// namespace selectors as kube-scheduler's `podMatchesAllAffinityTerms` does.
func podMatchesAll(_ terms: [AffinityTerm], _ pod: PodInfo) -> Bool {
    guard !terms.isEmpty else { return false }
    return terms.allSatisfy { $0.matches(pod, namespaceLabels: nil) }
}
