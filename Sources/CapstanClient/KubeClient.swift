import CapstanAPI

/// A failed API call: the server's Status (code, reason, message).
public struct APIStatusError: Error, Sendable, CustomStringConvertible {
    public var code: Int
    public var reason: String
    public var message: String

    public init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }

    /// From a non-2xx response: its Status body, or the raw text when there is none.
    public init(response: APIResponse) {
        let status = try? JSONValue.parse(response.body)
        self.init(
            code: Int(status?["code"]?.intValue ?? Int64(response.status)),
            reason: status?["reason"]?.stringValue ?? "",
            message: status?["message"]?.stringValue ?? String(decoding: response.body.prefix(512), as: UTF8.self))
    }

    public var isNotFound: Bool { code == 404 }
    public var isConflict: Bool { code == 409 }
    public var isGone: Bool { code == 410 }
    public var description: String { "\(code) \(reason): \(message)" }
}

/// One page of a list: the items, the list's resourceVersion, and the
/// continue token when more remain.
public struct ObjectList: Sendable {
    public var items: [JSONValue]
    public var resourceVersion: String
    public var continueToken: String?
}

/// A watch event as the server sends it.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED", bookmark = "BOOKMARK", error = "ERROR" }
    public var type: Kind
    public var object: JSONValue
}

/// Untyped (JSON) access to every REST verb. Cheap to copy; all state is in the transport.
public struct KubeClient: Sendable {
    public let transport: any APITransport

    public init(transport: any APITransport) {
        self.transport = transport
    }

    func call(_ request: APIRequest, expect ok: ClosedRange<Int> = 200...299) async throws -> JSONValue {
        let response = try await transport.send(request)
        guard ok.contains(response.status) else { throw APIStatusError(response: response) }
        return try JSONValue.parse(response.body)
    }

    public func get(_ r: APIResource, namespace: String? = nil, name: String) async throws -> JSONValue {
        try await call(APIRequest(.get, r.path(namespace: namespace, name: name)))
    }

    /// One page; `limit` nil lists everything (served from the server's watch cache).
    public func list(
        _ r: APIResource, namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        limit: Int? = nil, continueToken: String? = nil, resourceVersion: String? = nil
    ) async throws -> ObjectList {
        var q: [(String, String)] = []
        if let labelSelector { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector { q.append(("fieldSelector", fieldSelector)) }
        if let limit { q.append(("limit", String(limit))) }
        if let continueToken { q.append(("continue", continueToken)) }
        if let resourceVersion { q.append(("resourceVersion", resourceVersion)) }
        let list = try await call(APIRequest(.get, r.path(namespace: namespace), query: q))
        let meta = list["metadata"]
        let cont = meta?["continue"]?.stringValue
        return ObjectList(
            items: list["items"]?.arrayValue ?? [], resourceVersion: meta?["resourceVersion"]?.stringValue ?? "",
            continueToken: (cont?.isEmpty ?? true) ? nil : cont)
    }

    public func create(_ r: APIResource, namespace: String? = nil, _ object: JSONValue) async throws -> JSONValue {
        try await call(APIRequest(.post, r.path(namespace: namespace), body: object.serialized(), contentType: "application/json"))
    }

    /// PUT of the whole object (its metadata.resourceVersion guards it: 409 when stale).
    public func update(_ r: APIResource, _ object: JSONValue, subresource: String? = nil) async throws -> JSONValue {
        let ns = object[path: ["metadata", "namespace"]]?.stringValue
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        return try await call(
            APIRequest(.put, r.path(namespace: ns, name: name, subresource: subresource), body: object.serialized(), contentType: "application/json"))
    }

    public enum PatchType: String, Sendable {
        case merge = "application/merge-patch+json"
        case json = "application/json-patch+json"
        case strategic = "application/strategic-merge-patch+json"
    }

    public func patch(
        _ r: APIResource, namespace: String? = nil, name: String, _ type: PatchType, _ patch: JSONValue, subresource: String? = nil
    ) async throws -> JSONValue {
        try await call(
            APIRequest(.patch, r.path(namespace: namespace, name: name, subresource: subresource), body: patch.serialized(), contentType: type.rawValue))
    }

    /// POST to a subresource (`binding`, `eviction`).
    public func post(_ r: APIResource, namespace: String? = nil, name: String, subresource: String, _ body: JSONValue) async throws -> JSONValue {
        try await call(
            APIRequest(.post, r.path(namespace: namespace, name: name, subresource: subresource), body: body.serialized(), contentType: "application/json"))
    }

    /// `propagationPolicy` is Background, Foreground or Orphan (the
    /// resource's default when nil); the preconditions make the delete a
    /// no-op 409 when the object was replaced or changed meanwhile.
    public func delete(
        _ r: APIResource, namespace: String? = nil, name: String, gracePeriodSeconds: Int64? = nil, preconditionUID: String? = nil,
        preconditionResourceVersion: String? = nil, propagationPolicy: String? = nil
    ) async throws {
        var options: [String: JSONValue] = ["kind": "DeleteOptions", "apiVersion": "v1"]
        if let gracePeriodSeconds { options["gracePeriodSeconds"] = .int(gracePeriodSeconds) }
        var preconditions: [String: JSONValue] = [:]
        if let preconditionUID { preconditions["uid"] = .string(preconditionUID) }
        if let preconditionResourceVersion { preconditions["resourceVersion"] = .string(preconditionResourceVersion) }
        if !preconditions.isEmpty { options["preconditions"] = .object(preconditions) }
        if let propagationPolicy { options["propagationPolicy"] = .string(propagationPolicy) }
        _ = try await call(
            APIRequest(.delete, r.path(namespace: namespace, name: name), body: JSONValue.object(options).serialized(), contentType: "application/json"))
    }

    /// Watches from `resourceVersion` (exclusive) with bookmarks; the stream
    /// ends when the server ends the watch (timeout) and throws
    /// `APIStatusError` with code 410 when the revision is too old.
    public func watch(
        _ r: APIResource, namespace: String? = nil, resourceVersion: String, labelSelector: String? = nil,
        fieldSelector: String? = nil, timeoutSeconds: Int = 300
    ) async throws -> AsyncThrowingStream<WatchEvent, any Error> {
        var q: [(String, String)] = [
            ("watch", "1"), ("resourceVersion", resourceVersion), ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", String(timeoutSeconds)),
        ]
        if let labelSelector { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector { q.append(("fieldSelector", fieldSelector)) }
        let lines = try await transport.watch(APIRequest(.get, r.path(namespace: namespace), query: q))
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await line in lines {
                        let v = try JSONValue.parse(line)
                        guard let t = v["type"]?.stringValue.flatMap(WatchEvent.Kind.init(rawValue:)), let obj = v["object"] else { continue }
                        if t == .error {
                            throw APIStatusError(
                                code: Int(obj["code"]?.intValue ?? 500), reason: obj["reason"]?.stringValue ?? "",
                                message: obj["message"]?.stringValue ?? "")
                        }
                        continuation.yield(WatchEvent(type: t, object: obj))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
