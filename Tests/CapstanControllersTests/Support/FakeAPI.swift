import CapstanAPI
import CapstanClient
import Foundation
import Logging
import Synchronization
@testable import CapstanControllers

/// An in-memory stand-in for the API server in one-call reconcile tests:
/// it answers create/get/update/patch/delete from a map of objects and
/// records every write, so a test asserts on what a controller did without
/// a server, a watch or a sleep. (Integration tests use the real server.)
/// It applies no defaulting or validation beyond name generation, uid and
/// resourceVersion, so tests assert controller behaviour, not API rules.
final class FakeAPI: APITransport {
    struct Action: Sendable, CustomStringConvertible {
        var verb: String  // create, update, patch, delete
        var resource: String  // plural[/subresource]
        var namespace: String
        var name: String
        var body: JSONValue?
        var description: String { "\(verb) \(resource) \(namespace.isEmpty ? "" : namespace + "/")\(name)" }
    }

    struct State {
        var objects: [String: JSONValue] = [:]  // path-ish key: plural/ns/name
        var actions: [Action] = []
        var rv: Int64 = 100
        var failNext: [String: Int] = [:]  // "verb plural" → status code
    }
    let state = Mutex(State())

    var actions: [Action] { state.withLock { $0.actions } }
    func clearActions() { state.withLock { $0.actions.removeAll() } }
    /// Writes of one verb on one resource.
    func writes(_ verb: String, _ resource: String) -> [Action] {
        actions.filter { $0.verb == verb && $0.resource == resource }
    }
    /// The next `verb` on `plural` answers with `code`.
    func fail(_ verb: String, _ plural: String, code: Int) { state.withLock { $0.failNext["\(verb) \(plural)"] = code } }

    func seed(_ plural: String, _ objects: [JSONValue]) {
        state.withLock { s in
            for o in objects {
                s.objects["\(plural)/\(OwnerReferences.namespace(o))/\(OwnerReferences.name(o))"] = o
            }
        }
    }
    func object(_ plural: String, _ namespace: String, _ name: String) -> JSONValue? {
        state.withLock { $0.objects["\(plural)/\(namespace)/\(name)"] }
    }
    func objects(_ plural: String) -> [JSONValue] {
        state.withLock { s in s.objects.filter { $0.key.hasPrefix(plural + "/") }.map(\.value) }
    }

    /// /api/v1/namespaces/NS/PLURAL/NAME/SUB or /apis/G/V/...
    static func parse(_ path: String) -> (plural: String, namespace: String, name: String, sub: String) {
        var parts = path.split(separator: "/").map(String.init)
        parts.removeFirst(parts.first == "api" ? 2 : 3)
        var ns = ""
        if parts.first == "namespaces", parts.count >= 3 {
            ns = parts[1]
            parts.removeFirst(2)
        }
        return (parts[0], ns, parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "")
    }

    func send(_ request: APIRequest) async throws -> APIResponse {
        let (plural, ns, name, sub) = Self.parse(request.path)
        let body = try request.body.map { try JSONValue.parse($0) }
        return state.withLock { s in
            let verb: String = switch request.method {
            case .post: "create"
            case .put: "update"
            case .patch: "patch"
            case .delete: "delete"
            case .get: "get"
            }
            if let code = s.failNext.removeValue(forKey: "\(verb) \(plural)") {
                return Self.status(code, "injected failure")
            }
            let key = { (n: String) in "\(plural)/\(ns)/\(n)" }
            s.rv += 1
            let rv = JSONValue.string(String(s.rv))
            switch request.method {
            case .get:
                if name.isEmpty {
                    let items = s.objects.filter { $0.key.hasPrefix("\(plural)/\(ns)") }.map(\.value)
                    return Self.ok(["kind": "List", "metadata": ["resourceVersion": rv], "items": .array(items)])
                }
                guard let o = s.objects[key(name)] else { return Self.status(404, "\(plural) \"\(name)\" not found") }
                return Self.ok(o)
            case .post:
                var o = body ?? .emptyObject
                if !sub.isEmpty {
                    s.actions.append(Action(verb: "create", resource: "\(plural)/\(sub)", namespace: ns, name: name, body: body))
                    return Self.ok(o)
                }
                var n = o[path: ["metadata", "name"]]?.stringValue ?? ""
                if n.isEmpty {
                    n = (o[path: ["metadata", "generateName"]]?.stringValue ?? "") + String(s.rv, radix: 36)
                    o[path: ["metadata", "name"]] = .string(n)
                }
                if s.objects[key(n)] != nil { return Self.status(409, "\(plural) \"\(n)\" already exists", reason: "AlreadyExists") }
                if !ns.isEmpty { o[path: ["metadata", "namespace"]] = .string(ns) }
                o[path: ["metadata", "uid"]] = .string("uid-\(n)")
                o[path: ["metadata", "resourceVersion"]] = rv
                o[path: ["metadata", "generation"]] = 1
                o[path: ["metadata", "creationTimestamp"]] = "2027-01-15T08:00:00Z"
                s.objects[key(n)] = o
                s.actions.append(Action(verb: "create", resource: plural, namespace: ns, name: n, body: o))
                return Self.ok(o)
            case .put:
                guard var o = body else { return Self.status(400, "no body") }
                guard s.objects[key(name)] != nil else { return Self.status(404, "\(plural) \"\(name)\" not found") }
                o[path: ["metadata", "resourceVersion"]] = rv
                s.objects[key(name)] = o
                s.actions.append(Action(verb: "update", resource: sub.isEmpty ? plural : "\(plural)/\(sub)", namespace: ns, name: name, body: o))
                return Self.ok(o)
            case .patch:
                guard let old = s.objects[key(name)] else { return Self.status(404, "\(plural) \"\(name)\" not found") }
                let patch = body ?? .emptyObject
                var o: JSONValue
                do {
                    o = request.contentType == KubeClient.PatchType.json.rawValue
                        ? try JSONPatch.apply(patch, to: old) : try MergePatch.apply(patch, to: old)
                } catch { return Self.status(422, "\(error)") }
                o[path: ["metadata", "resourceVersion"]] = rv
                s.objects[key(name)] = o
                s.actions.append(Action(verb: "patch", resource: sub.isEmpty ? plural : "\(plural)/\(sub)", namespace: ns, name: name, body: patch))
                return Self.ok(o)
            case .delete:
                guard let o = s.objects.removeValue(forKey: key(name)) else { return Self.status(404, "\(plural) \"\(name)\" not found") }
                s.actions.append(Action(verb: "delete", resource: plural, namespace: ns, name: name, body: body))
                return Self.ok(o)
            }
        }
    }

    func watch(_ request: APIRequest) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { $0.finish() }
    }

    static func ok(_ v: JSONValue) -> APIResponse { APIResponse(status: 200, body: v.serialized()) }
    static func status(_ code: Int, _ message: String, reason: String = "") -> APIResponse {
        let r = reason.isEmpty ? (code == 404 ? "NotFound" : code == 409 ? "Conflict" : "Invalid") : reason
        return APIResponse(
            status: code,
            body: JSONValue.object([
                "kind": "Status", "apiVersion": "v1", "status": "Failure", "code": .int(Int64(code)), "reason": .string(r),
                "message": .string(message),
            ]).serialized())
    }
}

/// A controller context over a `FakeAPI` and a manual clock; tests fill the
/// caches with `context.informers.cache(for:).replace(...)` (no informer runs).
struct TestHarness {
    let api = FakeAPI()
    let clock = ManualClock()
    let context: ControllerContext

    init() {
        let client = KubeClient(transport: api)
        let logger = Logger(label: "test")
        context = ControllerContext(
            client: client, informers: InformerFactory(client: client, logger: logger),
            recorder: EventRecorder(client: client, component: "test", logger: logger, now: { [clock] in clock.now() }),
            clock: clock, logger: logger)
    }

    func cache(_ r: APIResource) -> ObjectCache { context.informers.cache(for: r) }

    /// Puts `objects` in the informer cache of `r` and in the fake server.
    func seed(_ r: APIResource, _ objects: [JSONValue]) {
        for o in objects { cache(r).put(o) }
        api.seed(r.plural, objects)
    }
}
