import CapstanAPI

/// A parsed core/v1 `NodeSelectorTerm`: label requirements (In, NotIn,
/// Exists, DoesNotExist, Gt, Lt) and `metadata.name` field requirements, all
/// ANDed. A term with no requirements, or one that does not parse, matches
/// no node (kube-scheduler's lazy-error node selector).
public struct NodeSelectorTermMatcher: Sendable, Equatable {
    struct NameRequirement: Sendable, Equatable {
        var name: String
        var negated: Bool
    }

    var labelRequirements: [LabelSelectorExpression.Requirement] = []
    var nameRequirements: [NameRequirement] = []
    /// Why the term does not parse, if it does not.
    public private(set) var parseError: String?
    /// Node names required by `metadata.name In (...)` requirements, intersected; nil if none.
    public private(set) var requiredNodeNames: Set<String>?

    public init(_ term: NodeSelectorTerm) {
        for r in term.matchExpressions ?? [] {
            let op: LabelSelectorExpression.Operator
            switch r.operator {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            case "Gt": op = .greaterThan
            case "Lt": op = .lessThan
            default:
                parseError = "\"\(r.operator)\" is not a valid label selector operator"
                continue
            }
            do {
                labelRequirements.append(try .init(key: r.key, op: op, values: r.values ?? []))
            } catch {
                parseError = error.message
            }
        }
        for r in term.matchFields ?? [] {
            guard r.key == "metadata.name" else {
                parseError = "\"\(r.key)\" is not a valid field selector key"
                continue
            }
            let values = r.values ?? []
            guard values.count == 1 else {
                parseError = "unexpected number of value (\(values.count)) for node field selector operator \"\(r.operator)\""
                continue
            }
            switch r.operator {
            case "In":
                nameRequirements.append(NameRequirement(name: values[0], negated: false))
                requiredNodeNames = requiredNodeNames.map { $0.intersection([values[0]]) } ?? [values[0]]
            case "NotIn":
                nameRequirements.append(NameRequirement(name: values[0], negated: true))
            default:
                parseError = "\"\(r.operator)\" is not a valid node field selector operator"
            }
        }
    }

    public var isEmpty: Bool { labelRequirements.isEmpty && nameRequirements.isEmpty }

    public func matches(labels: [String: String], nodeName: String) -> Bool {
        guard parseError == nil, !isEmpty else { return false }
        for r in labelRequirements where !r.matches(labels) { return false }
        for r in nameRequirements where (r.name == nodeName) == r.negated { return false }
        return true
    }
}

/// A parsed required node affinity (`NodeSelector`): terms ORed together.
public struct NodeSelectorMatcher: Sendable, Equatable {
    public private(set) var terms: [NodeSelectorTermMatcher]

    public init(_ selector: NodeSelector) {
        terms = selector.nodeSelectorTerms.map(NodeSelectorTermMatcher.init)
    }

    public func matches(labels: [String: String], nodeName: String) -> Bool {
        terms.contains { $0.matches(labels: labels, nodeName: nodeName) }
    }
}

/// A preferred node affinity term with its weight.
public struct WeightedNodeSelectorTerm: Sendable, Equatable {
    public var term: NodeSelectorTermMatcher
    public var weight: Int32
}

/// A pod's required node placement: `spec.nodeSelector` AND required node
/// affinity (kube-scheduler's `RequiredNodeAffinity`).
public struct RequiredNodeAffinity: Sendable, Equatable {
    public var nodeSelector: [String: String]
    public var affinity: NodeSelectorMatcher?

    /// True when the pod has neither a node selector nor required node affinity.
    public var isEmpty: Bool { nodeSelector.isEmpty && affinity == nil }

    public func matches(_ node: NodeInfo) -> Bool {
        matches(labels: node.labels, nodeName: node.name)
    }

    public func matches(labels: [String: String], nodeName: String) -> Bool {
        for (k, v) in nodeSelector where labels[k] != v { return false }
        if let affinity, !affinity.matches(labels: labels, nodeName: nodeName) { return false }
        return true
    }
}
