import Foundation

/// Known bugs of plugin versions we meet, worked around narrowly.
enum PluginQuirks {
    /// portmap before v1.2.0 (Debian 12 ships v1.1.1) fails CHECK for a pod
    /// with only IPv4 addresses: it always checks the IPv6 DNAT chain too,
    /// which ADD never created ("could not check ipv6 dnat: chain … not
    /// found"; containernetworking/plugins#819). Ignored only for that
    /// message and only when the result holds no IPv6 address.
    static func isSpuriousCheckFailure(type: String, _ error: CNIError, result: CNIJSON?) -> Bool {
        guard type == "portmap", error.message.contains("could not check ipv6 dnat") else { return false }
        guard let result, let parsed = try? CNIResult(json: result) else { return false }
        return !parsed.ips.contains(where: \.isIPv6)
    }
}
