import CapstanAPI
import CapstanClient
import Foundation
import Logging
@testable import CapstanControllers

/// `FakeAPI` plus what the garbage collector and the namespace controller
/// need from a server beyond CRUD: legacy discovery documents for a fixed
/// set of resources, and the namespaces/NAME/{status,finalize}
/// subresources (which `FakeAPI.parse` reads as a namespaced resource
/// "status"/"finalize"). Finalize removes a terminating namespace whose
/// spec and metadata finalizers are both empty, as the API server does.
final class DiscoveryFakeAPI: APITransport {
    let api: FakeAPI
    let resources: [DiscoveredResource]

    init(api: FakeAPI, resources: [DiscoveredResource] = DiscoveryFakeAPI.standard) {
        self.api = api
        self.resources = resources
    }

    static func r(_ group: String, _ plural: String, _ kind: String, namespaced: Bool = true) -> DiscoveredResource {
        DiscoveredResource(
            resource: APIResource(group: group, version: "v1", plural: plural, namespaced: namespaced), kind: kind,
            verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"])
    }

    static let standard: [DiscoveredResource] = [
        r("", "pods", "Pod"), r("", "configmaps", "ConfigMap"), r("", "events", "Event"),
        r("", "namespaces", "Namespace", namespaced: false), r("apps", "replicasets", "ReplicaSet"),
        r("apps", "deployments", "Deployment"), r("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", namespaced: false),
    ]

    func send(_ request: APIRequest) async throws -> APIResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        if request.method == .get, let doc = discovery(parts) { return FakeAPI.ok(doc) }
        if parts.count == 5, parts[0] == "api", parts[2] == "namespaces", ["status", "finalize"].contains(parts[4]) {
            return namespaceSubresource(name: parts[3], sub: parts[4], body: try request.body.map { try JSONValue.parse($0) })
        }
        return try await api.send(request)
    }

    func watch(_ request: APIRequest) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        try await api.watch(request)
    }

    private func discovery(_ parts: [String]) -> JSONValue? {
        switch parts.count {
        case 1 where parts[0] == "api": return ["kind": "APIVersions", "versions": ["v1"]]
        case 1 where parts[0] == "apis":
            let groups = Set(resources.map(\.resource.group)).subtracting([""]).sorted()
            return [
                "kind": "APIGroupList",
                "groups": .array(groups.map { g in
                    let gv: JSONValue = ["groupVersion": .string("\(g)/v1"), "version": "v1"]
                    return ["name": .string(g), "versions": [gv], "preferredVersion": gv]
                }),
            ]
        case 2 where parts[0] == "api": return resourceList(group: "", version: parts[1])
        case 3 where parts[0] == "apis": return resourceList(group: parts[1], version: parts[2])
        default: return nil
        }
    }

    private func resourceList(group: String, version: String) -> JSONValue {
        var list: [JSONValue] = []
        for d in resources where d.resource.group == group && d.resource.version == version {
            list.append([
                "name": .string(d.resource.plural), "kind": .string(d.kind), "namespaced": .bool(d.resource.namespaced),
                "verbs": .array(d.verbs.sorted().map { .string($0) }),
            ])
            list.append(["name": .string(d.resource.plural + "/status"), "kind": .string(d.kind), "namespaced": .bool(d.resource.namespaced), "verbs": ["get", "update"]])
        }
        return ["kind": "APIResourceList", "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(list)]
    }

    private func namespaceSubresource(name: String, sub: String, body: JSONValue?) -> APIResponse {
        api.state.withLock { s in
            let key = "namespaces//\(name)"
            guard var ns = s.objects[key] else { return FakeAPI.status(404, "namespaces \"\(name)\" not found") }
            if sub == "status" {
                ns["status"] = body?["status"]
            } else {
                ns[path: ["spec", "finalizers"]] = body?[path: ["spec", "finalizers"]] ?? .array([])
            }
            s.rv += 1
            ns[path: ["metadata", "resourceVersion"]] = .string(String(s.rv))
            s.actions.append(FakeAPI.Action(verb: "update", resource: "namespaces/\(sub)", namespace: "", name: name, body: body))
            let specEmpty = (ns[path: ["spec", "finalizers"]]?.arrayValue ?? []).isEmpty
            let metaEmpty = (ns[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty
            if sub == "finalize" && specEmpty && metaEmpty && OwnerReferences.isBeingDeleted(ns) {
                s.objects[key] = nil
            } else {
                s.objects[key] = ns
            }
            return FakeAPI.ok(ns)
        }
    }
}

/// A controller context over `DiscoveryFakeAPI` and a manual clock.
struct DiscoveryHarness {
    let api = FakeAPI()
    let transport: DiscoveryFakeAPI
    let clock = ManualClock()
    let context: ControllerContext

    init(resources: [DiscoveredResource] = DiscoveryFakeAPI.standard) {
        transport = DiscoveryFakeAPI(api: api, resources: resources)
        let client = KubeClient(transport: transport)
        let logger = Logger(label: "test")
        context = ControllerContext(
            client: client, informers: InformerFactory(client: client, logger: logger),
            recorder: EventRecorder(client: client, component: "test", logger: logger, now: { [clock] in clock.now() }),
            clock: clock, logger: logger)
    }

    func cache(_ r: APIResource) -> ObjectCache { context.informers.cache(for: r) }

    func seed(_ r: APIResource, _ objects: [JSONValue]) {
        for o in objects { cache(r).put(o) }
        api.seed(r.plural, objects)
    }

    /// Events recorded, as "reason: message".
    var events: [String] {
        api.writes("create", "events").map { "\($0.body?["reason"]?.stringValue ?? ""): \($0.body?["message"]?.stringValue ?? "")" }
    }
}
