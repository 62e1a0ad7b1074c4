/// What a request path addresses, parsed the way kube-apiserver's
/// RequestInfoFactory does: `/api/v1/namespaces/NS/pods/NAME/status`,
/// `/apis/apps/v1/deployments`, `/api/v1/namespaces/NS` and so on.
public struct RequestInfo: Sendable, Equatable {
    public var group: String
    public var version: String
    public var resource: String
    public var namespace: String?
    public var name: String?
    public var subresource: String?
    /// What follows `proxy` in `nodes/NAME/proxy/PATH` (with its leading
    /// slash; "/" for none); nil for other subresources.
    public var proxyPath: String?

    /// Parses a resource path; nil for anything else (discovery, health, ...).
    public init?(path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let root = parts.first else { return nil }
        switch root {
        case "api":
            guard parts.count >= 3 else { return nil }
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        case "apis":
            guard parts.count >= 4 else { return nil }
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        default:
            return nil
        }
        namespace = nil
        name = nil
        subresource = nil
        proxyPath = nil
        // namespaces/NS/RESOURCE/... addresses namespaced resources; namespaces
        // alone, or namespaces/NAME[/status|finalize], is the Namespace resource.
        if parts[0] == "namespaces" && parts.count >= 3 && !(parts.count == 3 && ["status", "finalize"].contains(parts[2])) {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        resource = parts[0]
        if parts.count >= 2 { name = parts[1] }
        if parts.count >= 3 { subresource = parts[2] }
        if parts.count >= 3, parts[2] == "proxy" {
            proxyPath = "/" + parts.dropFirst(3).joined(separator: "/")
            if path.hasSuffix("/"), parts.count > 3 { proxyPath! += "/" }
        } else if parts.count > 3 {
            return nil
        }
        if resource == "namespaces" && namespace == nil && name != nil && subresource == nil && parts.count == 2 {
            // GET /api/v1/namespaces/NAME
        }
    }
}
