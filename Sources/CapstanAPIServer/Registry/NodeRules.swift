import CapstanAPI
import Foundation

/// Node defaulting and validation of the pod range (Kubernetes'
/// ValidateNode / ValidateNodeUpdate): spec.podCIDR and spec.podCIDRs[0]
/// are kept in step, each entry must be a CIDR, at most one per family,
/// and once set the range may not change (the node IPAM controller sets
/// it from empty; pods already have addresses in it).
enum NodeRules {
    static let defaults: @Sendable (inout JSONValue) -> Void = { o in
        let single = o[path: ["spec", "podCIDR"]]?.stringValue ?? ""
        let list = o[path: ["spec", "podCIDRs"]]?.arrayValue ?? []
        if !single.isEmpty, list.isEmpty { o[path: ["spec", "podCIDRs"]] = [.string(single)] }
        if single.isEmpty, let first = list.first?.stringValue, !first.isEmpty { o[path: ["spec", "podCIDR"]] = .string(first) }
    }

    static let validate: @Sendable (JSONValue, JSONValue?) -> [FieldError] = { o, old in
        var errs: [FieldError] = []
        let list = (o[path: ["spec", "podCIDRs"]]?.arrayValue ?? []).map { $0.stringValue ?? "" }
        var families: Set<Bool> = []
        for (i, cidr) in list.enumerated() {
            guard let isV6 = family(of: cidr) else {
                errs.append(.invalid("spec.podCIDRs[\(i)]", .string(cidr), "must be a valid CIDR, e.g. 10.42.0.0/24"))
                continue
            }
            if !families.insert(isV6).inserted {
                errs.append(.invalid("spec.podCIDRs", .array(list.map(JSONValue.string)), "may specify no more than one CIDR for each IP family"))
            }
        }
        if let single = o[path: ["spec", "podCIDR"]]?.stringValue, !single.isEmpty, list.first != single {
            errs.append(.invalid("spec.podCIDR", .string(single), "must equal spec.podCIDRs[0]"))
        }
        if let old {
            let oldList = (old[path: ["spec", "podCIDRs"]]?.arrayValue ?? []).map { $0.stringValue ?? "" }
            if !oldList.isEmpty, oldList != list {
                errs.append(.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"))
            }
        }
        return errs
    }

    /// false for IPv4, true for IPv6, nil if not a CIDR.
    static func family(of cidr: String) -> Bool? {
        if IPv4CIDR(cidr) != nil { return false }
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[1]), (0...128).contains(n), parts[0].contains(":") else { return nil }
        var addr = in6_addr()
        return inet_pton(AF_INET6, String(parts[0]), &addr) == 1 ? true : nil
    }
}
