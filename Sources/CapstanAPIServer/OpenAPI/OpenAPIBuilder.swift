import CapstanAPI

/// Builds one OpenAPI v3 document per group-version from the resource
/// schemas: what `kubectl apply` reads to know that the server validates
/// fields (`fieldValidation` on patch operations tagged with
/// `x-kubernetes-group-version-kind`) and where strategic-merge keys are, and
/// what `kubectl explain` walks.
struct OpenAPIBuilder {
    private var components: [String: JSONValue] = [:]

    static func document(for defs: [ResourceDefinition], groupVersion: GroupVersion) -> JSONValue {
        var b = OpenAPIBuilder()
        var paths: [String: JSONValue] = [:]
        for d in defs {
            _ = b.schemaJSON(d.schema, topGVK: d.gvk)
            let listName = (d.schema.name ?? d.kind) + "List"
            b.components[listName] = b.listSchema(d, itemRef: d.schema.name ?? d.kind)
            b.addPaths(d, into: &paths, listName: listName)
        }
        for (n, s) in Self.metaComponents where b.components[n] == nil { b.components[n] = s }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": .string("v\(CapstanAPIVersion.major).\(CapstanAPIVersion.minor).0")],
            "paths": .object(paths),
            "components": ["schemas": .object(b.components)],
        ]
    }

    static let metaComponents: [String: JSONValue] = [
        "io.k8s.apimachinery.pkg.apis.meta.v1.Patch": ["type": "object", "description": "A patch document; its format depends on the Content-Type."],
        "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions": [
            "type": "object", "description": "Options for a delete request.",
            "properties": ["gracePeriodSeconds": ["type": "integer", "format": "int64"], "propagationPolicy": ["type": "string"],
                           "dryRun": ["type": "array", "items": ["type": "string"]], "orphanDependents": ["type": "boolean"],
                           "preconditions": ["type": "object", "properties": ["uid": ["type": "string"], "resourceVersion": ["type": "string"]]],
                           "apiVersion": ["type": "string"], "kind": ["type": "string"]],
        ],
    ]

    func listSchema(_ d: ResourceDefinition, itemRef: String) -> JSONValue {
        [
            "type": "object", "description": .string("A list of \(d.kind) objects."), "required": ["items"],
            "properties": [
                "apiVersion": ["type": "string"], "kind": ["type": "string"],
                "items": ["type": "array", "items": ["$ref": .string("#/components/schemas/\(itemRef)")]],
                "metadata": ["$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"],
            ],
            "x-kubernetes-group-version-kind": [["group": .string(d.group), "version": .string(d.version), "kind": .string(d.listKind)]],
        ]
    }

    /// Emits a schema, registering named object types as components and
    /// returning a reference to them.
    mutating func schemaJSON(_ s: Schema, topGVK: GroupVersionKind? = nil) -> JSONValue {
        switch s.kind {
        case .object where s.name != nil && !s.properties.isEmpty:
            let name = s.name!
            if components[name] == nil {
                components[name] = .emptyObject  // placeholder breaks cycles
                var props: [String: JSONValue] = [:]
                for (k, p) in s.properties { props[k] = propertyJSON(p) }
                var o: JSONValue = ["type": "object", "properties": .object(props)]
                if !s.description.isEmpty { o["description"] = .string(s.description) }
                if !s.required.isEmpty { o["required"] = .array(s.required.map { .string($0) }) }
                if let gvk = topGVK ?? s.gvk {
                    o["x-kubernetes-group-version-kind"] = [["group": .string(gvk.group), "version": .string(gvk.version), "kind": .string(gvk.kind)]]
                }
                components[name] = o
            }
            return ["$ref": .string("#/components/schemas/\(name)")]
        case .object:
            var o: JSONValue = ["type": "object"]
            if let ap = s.additionalProperties { o["additionalProperties"] = schemaJSON(ap) }
            if !s.properties.isEmpty {
                var props: [String: JSONValue] = [:]
                for (k, p) in s.properties { props[k] = propertyJSON(p) }
                o["properties"] = .object(props)
            }
            if s.preserveUnknownFields { o["x-kubernetes-preserve-unknown-fields"] = true }
            return o
        case .array:
            return ["type": "array", "items": s.items.map { schemaJSON($0) } ?? ["type": "object"]]
        case .string:
            var o: JSONValue = ["type": "string"]
            if let f = s.format { o["format"] = .string(f) }
            if !s.enumValues.isEmpty { o["enum"] = .array(s.enumValues.map { .string($0) }) }
            return o
        case .integer:
            return ["type": "integer", "format": .string(s.format ?? "int64")]
        case .number:
            return ["type": "number", "format": "double"]
        case .boolean:
            return ["type": "boolean"]
        case .intOrString:
            return ["x-kubernetes-int-or-string": true, "anyOf": [["type": "integer"], ["type": "string"]]]
        case .any:
            return ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
        }
    }

    /// A property: the type plus field-level facts (description, patch keys).
    mutating func propertyJSON(_ s: Schema) -> JSONValue {
        var t = schemaJSON(s)
        if t["$ref"] != nil {
            t = ["allOf": [t], "default": .emptyObject]
        }
        if !s.description.isEmpty { t["description"] = .string(s.description) }
        if let k = s.patchMergeKey { t["x-kubernetes-patch-merge-key"] = .string(k) }
        if let st = s.patchStrategy { t["x-kubernetes-patch-strategy"] = .string(st) }
        if let lt = s.listType { t["x-kubernetes-list-type"] = .string(lt) }
        if !s.listMapKeys.isEmpty { t["x-kubernetes-list-map-keys"] = .array(s.listMapKeys.map { .string($0) }) }
        return t
    }

    static func param(_ name: String, _ description: String, type: String = "string") -> JSONValue {
        ["name": .string(name), "in": "query", "description": .string(description), "schema": ["type": .string(type), "uniqueItems": true]]
    }

    mutating func addPaths(_ d: ResourceDefinition, into paths: inout [String: JSONValue], listName: String) {
        let base = d.group.isEmpty ? "/api/\(d.version)" : "/apis/\(d.group)/\(d.version)"
        let collection = d.namespaced ? "\(base)/namespaces/{namespace}/\(d.plural)" : "\(base)/\(d.plural)"
        let item = "\(collection)/{name}"
        let ref: JSONValue = ["$ref": .string("#/components/schemas/\(d.schema.name ?? d.kind)")]
        let gvk: JSONValue = ["group": .string(d.group), "version": .string(d.version), "kind": .string(d.kind)]
        let opBase = Self.operationBase(d)
        let writeParams: [JSONValue] = [
            Self.param("dryRun", "When present, changes are not persisted. Valid value: All."),
            Self.param("fieldManager", "Name of the actor making the change."),
            Self.param("fieldValidation", "How to treat unknown or duplicate fields: Ignore, Warn (default) or Strict."),
        ]
        func op(_ verb: String, action: String, body: JSONValue? = nil, params: [JSONValue] = [], response: JSONValue) -> JSONValue {
            var o: JSONValue = [
                "operationId": .string(verb + opBase), "x-kubernetes-action": .string(action),
                "x-kubernetes-group-version-kind": gvk, "tags": .array([.string(d.group.isEmpty ? "core_\(d.version)" : "\(d.group)_\(d.version)")]),
                "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": response]]]],
            ]
            if !params.isEmpty { o["parameters"] = .array(params) }
            if let body { o["requestBody"] = body }
            return o
        }
        let jsonBody: JSONValue = ["content": ["application/json": ["schema": ref]], "required": true]
        let patchRef: JSONValue = ["schema": ["$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"]]
        var patchTypes: [String: JSONValue] = [
            "application/json-patch+json": patchRef, "application/merge-patch+json": patchRef, "application/apply-patch+yaml": patchRef,
        ]
        if d.isBuiltin { patchTypes["application/strategic-merge-patch+json"] = patchRef }
        let patchBody: JSONValue = ["content": .object(patchTypes), "required": true]
        let listRef: JSONValue = ["$ref": .string("#/components/schemas/\(listName)")]
        var pathParams: [JSONValue] = [["name": "name", "in": "path", "required": true, "schema": ["type": "string", "uniqueItems": true]]]
        if d.namespaced { pathParams.append(["name": "namespace", "in": "path", "required": true, "schema": ["type": "string", "uniqueItems": true]]) }
        paths[collection] = [
            "get": op("list", action: "list", params: [Self.param("labelSelector", "Label selector."), Self.param("fieldSelector", "Field selector."),
                                                      Self.param("limit", "Page size.", type: "integer"), Self.param("continue", "Continue token."),
                                                      Self.param("watch", "Watch for changes.", type: "boolean"), Self.param("resourceVersion", "Resource version.")],
                      response: listRef),
            "post": op("create", action: "post", body: jsonBody, params: writeParams, response: ref),
            "delete": op("deletecollection", action: "deletecollection", params: [Self.param("labelSelector", "Label selector.")], response: listRef),
            "parameters": .array(d.namespaced ? [pathParams[1]] : []),
        ]
        paths[item] = [
            "get": op("read", action: "get", response: ref),
            "put": op("replace", action: "put", body: jsonBody, params: writeParams, response: ref),
            "patch": op("patch", action: "patch", body: patchBody, params: writeParams + [Self.param("force", "Take over conflicting fields (apply only).", type: "boolean")], response: ref),
            "delete": op("delete", action: "delete", body: ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"]]]],
                         params: [Self.param("gracePeriodSeconds", "Seconds before deletion.", type: "integer"), Self.param("propagationPolicy", "Orphan, Background or Foreground.")],
                         response: ref),
            "parameters": .array(pathParams),
        ]
        if d.hasStatus {
            paths[item + "/status"] = [
                "get": op("read", action: "get", response: ref),
                "put": op("replace", action: "put", body: jsonBody, params: writeParams, response: ref),
                "patch": op("patch", action: "patch", body: patchBody, params: writeParams, response: ref),
                "parameters": .array(pathParams),
            ]
        }
    }

    /// `CoreV1NamespacedPod`, `AppsV1NamespacedDeployment`
    static func operationBase(_ d: ResourceDefinition) -> String {
        let g = d.group.isEmpty ? "core" : (d.group.split(separator: ".").first.map(String.init) ?? d.group)
        return g.prefix(1).uppercased() + g.dropFirst() + d.version.prefix(1).uppercased() + d.version.dropFirst()
            + (d.namespaced ? "Namespaced" : "") + d.kind
    }
}
