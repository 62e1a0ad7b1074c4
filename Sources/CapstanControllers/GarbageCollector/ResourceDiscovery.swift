import CapstanAPI
import CapstanClient

/// A resource the server serves, as its discovery documents describe it.
public struct DiscoveredResource: Sendable, Hashable {
    public var resource: APIResource
    public var kind: String
    public var verbs: Set<String>

    public func supports(_ wanted: String...) -> Bool { wanted.allSatisfy(verbs.contains) }
}

/// What one discovery pass found, plus the groups whose documents failed
/// (the namespace controller reports them; the garbage collector keeps
/// what it had for them).
public struct DiscoveryResult: Sendable {
    public var resources: [DiscoveredResource]
    /// groupVersion → error text
    public var failedGroups: [String: String]

    /// The resource serving `apiVersion`/`kind` (client-go's RESTMapper for
    /// owner references). Any version of the group will do when the exact
    /// one is not served: every version of a resource shares its objects.
    public func resource(apiVersion: String, kind: String) -> DiscoveredResource? {
        let (group, version) = ResourceDiscovery.splitAPIVersion(apiVersion)
        let sameGroup = resources.filter { $0.resource.group == group && $0.kind == kind }
        return sameGroup.first { $0.resource.version == version } ?? sameGroup.first
    }
}

/// Legacy discovery (`/api`, `/api/v1`, `/apis`, `/apis/G/V`) through the
/// client's transport, keeping each group's preferred version only, as
/// client-go's ServerPreferredResources does: the versions of one resource
/// share storage, so watching several would show every object twice.
/// Subresources (`pods/status`) are skipped.
public struct ResourceDiscovery: Sendable {
    let client: KubeClient

    public init(client: KubeClient) { self.client = client }

    public func discover() async throws -> DiscoveryResult {
        var found: [DiscoveredResource] = []
        var failed: [String: String] = [:]
        var groupVersions: [String] = []
        let core = try await getJSON("/api")
        groupVersions += (core["versions"]?.arrayValue ?? []).compactMap(\.stringValue).prefix(1)
        let groups = try await getJSON("/apis")
        for g in groups["groups"]?.arrayValue ?? [] {
            if let preferred = g[path: ["preferredVersion", "groupVersion"]]?.stringValue
                ?? g["versions"]?.arrayValue?.first?["groupVersion"]?.stringValue
            {
                groupVersions.append(preferred)
            }
        }
        for gv in groupVersions {
            let path = gv.contains("/") ? "/apis/\(gv)" : "/api/\(gv)"
            do {
                found += Self.parseResourceList(try await getJSON(path), groupVersion: gv)
            } catch {
                failed[gv] = "\(error)"
            }
        }
        return DiscoveryResult(resources: found, failedGroups: failed)
    }

    static func parseResourceList(_ list: JSONValue, groupVersion: String) -> [DiscoveredResource] {
        let (group, version) = splitAPIVersion(groupVersion)
        return (list["resources"]?.arrayValue ?? []).compactMap { r in
            guard let name = r["name"]?.stringValue, !name.contains("/"), let kind = r["kind"]?.stringValue else { return nil }
            let verbs = Set((r["verbs"]?.arrayValue ?? []).compactMap(\.stringValue))
            return DiscoveredResource(
                resource: APIResource(group: group, version: version, plural: name, namespaced: r["namespaced"]?.boolValue ?? false),
                kind: kind, verbs: verbs)
        }
    }

    /// "apps/v1" → ("apps", "v1"); "v1" → ("", "v1").
    public static func splitAPIVersion(_ apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }

    func getJSON(_ path: String) async throws -> JSONValue {
        let response = try await client.transport.send(APIRequest(.get, path))
        guard (200...299).contains(response.status) else { throw APIStatusError(response: response) }
        return try JSONValue.parse(response.body)
    }
}
