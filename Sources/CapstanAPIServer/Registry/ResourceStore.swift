import CapstanAPI
import CapstanStore
import Foundation

/// Generic create/read/update/delete for one resource over the `Store`:
/// metadata rules, preconditions, generation, finalizers, dry-run. Kind
/// specifics come from the definition's strategy. The watch cache serves
/// lists; single reads go to the store so they are always current.
public struct ResourceStore: Sendable {
    public let def: ResourceDefinition
    let store: any Store
    let namespaces: NamespaceLookup
    let clock: @Sendable () -> Date
    /// Kind-specific work on an update that needs the store (a Service
    /// changing type takes or frees NodePorts), after defaulting and before
    /// validation; given the new object, the stored one and the options.
    var updateHook: (@Sendable (inout JSONValue, JSONValue, WriteOptions) async throws -> Void)?

    /// Whether a namespace exists and is not terminating.
    public struct NamespaceLookup: Sendable {
        public var state: @Sendable (String) async throws -> NamespaceState
        public enum NamespaceState: Sendable { case active, terminating, missing }
    }

    /// Result of a write: the object as stored, plus warnings for the client.
    public struct Outcome: Sendable {
        public var object: JSONValue
        public var warnings: [String] = []
        public var created = false
    }

    // MARK: read

    public func get(namespace: String?, name: String) async throws -> JSONValue {
        guard let kv = try await store.get(def.key(namespace: namespace, name: name), revision: nil) else {
            throw APIError.notFound(def.groupResource, name)
        }
        return try decode(kv)
    }

    func decode(_ kv: KeyValue) throws -> JSONValue {
        var obj = def.served(try JSONValue.parse(kv.value))
        obj[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision))
        return obj
    }

    func current(namespace: String?, name: String) async throws -> (JSONValue, Int64)? {
        guard let kv = try await store.get(def.key(namespace: namespace, name: name), revision: nil) else { return nil }
        return (try decode(kv), kv.modRevision)
    }

    // MARK: create

    public func create(namespace: String?, body: JSONValue, options: WriteOptions) async throws -> Outcome {
        var (obj, warnings) = try admit(body, options: options)
        try placeNamespace(&obj, urlNamespace: namespace)
        ObjectMetaRules.resetServerFields(&obj)
        var name = obj[path: ["metadata", "name"]]?.stringValue ?? ""
        if name.isEmpty, let gen = obj[path: ["metadata", "generateName"]]?.stringValue, !gen.isEmpty {
            name = ObjectMetaRules.generateName(prefix: gen)
            obj[path: ["metadata", "name"]] = .string(name)
        }
        if def.namespaced, let ns = namespace {
            switch try await namespaces.state(ns) {
            case .missing: throw APIError.notFound("namespaces", ns)
            case .terminating:
                throw APIError(
                    code: 403, reason: "Forbidden",
                    message: "\(def.plural) \"\(name)\" is forbidden: unable to create new content in namespace \(ns) because it is being terminated",
                    details: StatusDetails(name: name, kind: def.plural))
            case .active: break
            }
        }
        obj[path: ["metadata", "uid"]] = .string(ObjectMetaRules.newUID())
        obj[path: ["metadata", "creationTimestamp"]] = .string(Time(clock()).rfc3339)
        if def.tracksGeneration { obj[path: ["metadata", "generation"]] = .int(1) }
        // Status is the controllers' to write; nodes register with theirs.
        if def.hasStatus && def.kind != "Node" { obj["status"] = nil }
        def.strategy.defaults(&obj)
        var errors = nameErrors(obj)
        errors += def.strategy.validate(obj, nil)
        if !errors.isEmpty { throw APIError.invalid(kind: def.kind, group: def.group, name: name, errors: errors) }
        ManagedFields.record(&obj, old: nil, options: options, def: def, now: clock())
        if options.dryRun { return Outcome(object: obj, warnings: warnings, created: true) }
        do {
            let kv = try await store.create(def.key(namespace: namespace, name: name), value: def.storageBytes(obj))
            obj[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision))
            return Outcome(object: obj, warnings: warnings, created: true)
        } catch StoreError.keyExists {
            throw APIError.alreadyExists(def.groupResource, name)
        }
    }

    /// Decodes, checks the kind and the schema; returns the pruned object and warnings.
    func admit(_ body: JSONValue, options: WriteOptions) throws(APIError) -> (JSONValue, [String]) {
        guard case .object = body else {
            throw APIError.badRequest("Object '\(def.kind)' is invalid: the body is not a JSON object")
        }
        var obj = body
        if let av = obj["apiVersion"]?.stringValue, !av.isEmpty, av != def.apiVersion {
            throw APIError.badRequest(
                "the API version in the data (\(av)) does not match the expected API version (\(def.apiVersion))")
        }
        if let k = obj["kind"]?.stringValue, !k.isEmpty, k != def.kind {
            throw APIError.badRequest("the kind in the data (\(k)) does not match the expected kind (\(def.kind))")
        }
        obj["apiVersion"] = .string(def.apiVersion)
        obj["kind"] = .string(def.kind)
        let (pruned, check) = SchemaCheck.run(obj, schema: def.schema, kind: def.kind)
        if let first = check.typeErrors.first {
            throw APIError.badRequest("\(def.kind) in version \"\(def.version)\" cannot be handled as a \(def.kind): \(first)")
        }
        var warnings: [String] = []
        if !check.unknownFields.isEmpty {
            switch options.fieldValidation {
            case .strict:
                let list = check.unknownFields.map { "unknown field \"\($0)\"" }
                throw APIError.badRequest("strict decoding error: " + list.joined(separator: ", "))
            case .warn:
                warnings = check.unknownFields.map { "unknown field \"\($0)\"" }
            case .ignore: break
            }
        }
        if !check.missing.isEmpty {
            let name = obj[path: ["metadata", "name"]]?.stringValue ?? ""
            throw APIError.invalid(kind: def.kind, group: def.group, name: name, errors: check.missing)
        }
        return (pruned, warnings)
    }

    func placeNamespace(_ obj: inout JSONValue, urlNamespace: String?) throws(APIError) {
        if def.namespaced {
            let bodyNS = obj[path: ["metadata", "namespace"]]?.stringValue ?? ""
            if !bodyNS.isEmpty, let urlNamespace, bodyNS != urlNamespace {
                throw APIError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
            if let urlNamespace { obj[path: ["metadata", "namespace"]] = .string(urlNamespace) }
        } else {
            obj[path: ["metadata", "namespace"]] = nil
        }
    }

    func nameErrors(_ obj: JSONValue) -> [FieldError] {
        let name = obj[path: ["metadata", "name"]]?.stringValue ?? ""
        if name.isEmpty {
            return [.required("metadata.name", "name or generateName is required")]
        }
        return ObjectMetaRules.validateName(name, resource: def.plural).map {
            .invalid("metadata.name", .string(name), $0)
        }
    }

    // MARK: update

    public enum UpdateTarget: Sendable { case main, status }

    /// PUT: replaces the object (or its status). A resourceVersion in the body
    /// must match the stored one.
    public func update(
        namespace: String?, name: String, body: JSONValue, target: UpdateTarget, options: WriteOptions
    ) async throws -> Outcome {
        var (obj, warnings) = try admit(body, options: options)
        let bodyName = obj[path: ["metadata", "name"]]?.stringValue ?? ""
        if !bodyName.isEmpty && bodyName != name {
            throw APIError.badRequest(
                "the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        obj[path: ["metadata", "name"]] = .string(name)
        try placeNamespace(&obj, urlNamespace: namespace)
        let precondition = obj[path: ["metadata", "resourceVersion"]]?.stringValue.flatMap { Int64($0) }
        if let rv = obj[path: ["metadata", "resourceVersion"]]?.stringValue, !rv.isEmpty, Int64(rv) == nil {
            throw APIError.badRequest("invalid resourceVersion \"\(rv)\"")
        }
        var outcome = try await guaranteedUpdate(namespace: namespace, name: name, precondition: precondition, options: options) {
            old in
            var new = obj
            new[path: ["metadata", "resourceVersion"]] = nil
            return mergeForTarget(new: new, old: old, target: target)
        }
        outcome.warnings += warnings
        return outcome
    }

    /// What a PUT keeps from the stored object: status for main updates,
    /// everything but status for status updates.
    func mergeForTarget(new: JSONValue, old: JSONValue, target: UpdateTarget) -> JSONValue {
        switch target {
        case .main:
            var n = new
            if def.hasStatus { n["status"] = old["status"] }
            return n
        case .status:
            var n = old
            n["status"] = new["status"]
            // Status writers may still touch labels/annotations? Kubernetes ignores metadata here.
            return n
        }
    }

    /// Read-modify-write with retry on concurrent change (Kubernetes'
    /// GuaranteedUpdate). A caller-supplied precondition turns a concurrent
    /// change into 409 instead of a retry.
    func guaranteedUpdate(
        namespace: String?, name: String, precondition: Int64?, options: WriteOptions,
        transform: (JSONValue) throws -> JSONValue
    ) async throws -> Outcome {
        for _ in 0..<16 {
            guard let (old, rev) = try await current(namespace: namespace, name: name) else {
                throw APIError.notFound(def.groupResource, name)
            }
            if let precondition, precondition != rev {
                throw APIError.staleResourceVersion(def.groupResource, name)
            }
            var new = try transform(old)
            ObjectMetaRules.carryOver(from: old, to: &new)
            new["apiVersion"] = .string(def.apiVersion)
            new["kind"] = .string(def.kind)
            new[path: ["metadata", "name"]] = .string(name)
            def.strategy.defaults(&new)
            if let updateHook { try await updateHook(&new, old, options) }
            if def.tracksGeneration {
                let g = old[path: ["metadata", "generation"]]?.intValue ?? 1
                let changed = ObjectMetaRules.specPart(new) != ObjectMetaRules.specPart(old)
                new[path: ["metadata", "generation"]] = .int(changed ? g + 1 : g)
            }
            var errors = immutableErrors(new: new, old: old)
            errors += def.strategy.validate(new, old)
            if !errors.isEmpty { throw APIError.invalid(kind: def.kind, group: def.group, name: name, errors: errors) }
            // A write that changes nothing is not a write: same resourceVersion, same managedFields.
            var cmpNew = new
            cmpNew[path: ["metadata", "resourceVersion"]] = old[path: ["metadata", "resourceVersion"]]
            cmpNew[path: ["metadata", "managedFields"]] = old[path: ["metadata", "managedFields"]]
            if cmpNew == old { return Outcome(object: old) }
            ManagedFields.record(&new, old: old, options: options, def: def, now: clock())
            new[path: ["metadata", "resourceVersion"]] = nil
            let finalizersGone = (new[path: ["metadata", "finalizers"]]?.arrayValue ?? []).isEmpty && !def.strategy.deletionHeld(new)
            let terminating = new[path: ["metadata", "deletionTimestamp"]] != nil
            if options.dryRun {
                new[path: ["metadata", "resourceVersion"]] = .string(String(rev))
                return Outcome(object: new)
            }
            let key = def.key(namespace: namespace, name: name)
            do {
                if terminating && finalizersGone {
                    let kv = try await store.delete(key, expectedRevision: rev)
                    new[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision))
                    return Outcome(object: new)
                }
                let kv = try await store.update(key, value: def.storageBytes(new), expectedRevision: rev)
                new[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision))
                return Outcome(object: new)
            } catch StoreError.conflict {
                if precondition != nil { throw APIError.staleResourceVersion(def.groupResource, name) }
                continue
            } catch StoreError.notFound {
                throw APIError.notFound(def.groupResource, name)
            }
        }
        throw APIError.staleResourceVersion(def.groupResource, name)
    }

    func immutableErrors(new: JSONValue, old: JSONValue) -> [FieldError] {
        var errs: [FieldError] = []
        for path in def.strategy.immutableFields where new[path: path] != old[path: path] {
            errs.append(.invalid(path.joined(separator: "."), new[path: path] ?? .null, "field is immutable"))
        }
        return errs
    }

    // MARK: delete

    public enum DeleteOutcome: Sendable {
        /// Gone from the store; the last state.
        case deleted(JSONValue)
        /// Still present (finalizers pending); deletionTimestamp set.
        case marked(JSONValue)
    }

    public func delete(namespace: String?, name: String, options: DeleteOptions) async throws -> DeleteOutcome {
        for _ in 0..<16 {
            guard let (old, rev) = try await current(namespace: namespace, name: name) else {
                throw APIError.notFound(def.groupResource, name)
            }
            if let uid = options.preconditionUID, uid != old[path: ["metadata", "uid"]]?.stringValue {
                throw APIError.conflict(
                    def.groupResource, name,
                    "Precondition failed: UID in precondition: \(uid), UID in object meta: \(old[path: ["metadata", "uid"]]?.stringValue ?? "")")
            }
            if let prv = options.preconditionResourceVersion, prv != String(rev) {
                throw APIError.conflict(
                    def.groupResource, name,
                    "Precondition failed: ResourceVersion in precondition: \(prv), ResourceVersion in object meta: \(rev)")
            }
            var finalizers = (old[path: ["metadata", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
            switch options.propagationPolicy {
            case "Foreground" where !finalizers.contains("foregroundDeletion"): finalizers.append("foregroundDeletion")
            case "Orphan" where !finalizers.contains("orphan"): finalizers.append("orphan")
            default: break
            }
            if def.kind == "Namespace" { return try await markNamespace(old: old, rev: rev, options: options) }
            let key = def.key(namespace: namespace, name: name)
            let (grace, pending) = gracePeriod(old, requested: options.gracePeriodSeconds)
            if !finalizers.isEmpty || pending > 0 {
                var new = old
                if let grace {
                    new[path: ["metadata", "deletionTimestamp"]] = .string(Time(clock().addingTimeInterval(Double(grace))).rfc3339)
                    new[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(grace)
                }
                new[path: ["metadata", "finalizers"]] = .array(finalizers.map { .string($0) })
                if new == old { return .marked(old) }
                new[path: ["metadata", "resourceVersion"]] = nil
                if options.dryRun { return .marked(new) }
                do {
                    let kv = try await store.update(key, value: def.storageBytes(new), expectedRevision: rev)
                    new[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision))
                    return .marked(new)
                } catch StoreError.conflict { continue }
            }
            if options.dryRun { return .deleted(old) }
            do {
                _ = try await store.delete(key, expectedRevision: rev)
                return .deleted(old)
            } catch StoreError.conflict {
                continue
            } catch StoreError.notFound {
                throw APIError.notFound(def.groupResource, name)
            }
        }
        throw APIError.staleResourceVersion(def.groupResource, name)
    }

    /// The grace period this delete sets (nil: leave the object's deletion
    /// marks as they are) and the one in force after it. A second delete may
    /// only shorten the period; 0 (kubectl --force --grace-period=0) removes
    /// the object now unless finalizers hold it.
    private func gracePeriod(_ old: JSONValue, requested: Int64?) -> (set: Int64?, pending: Int64) {
        let wanted = def.strategy.deletionGracePeriod(old, requested)
        guard old[path: ["metadata", "deletionTimestamp"]] != nil else { return (wanted, wanted) }
        let current = old[path: ["metadata", "deletionGracePeriodSeconds"]]?.intValue ?? 0
        return wanted < current ? (wanted, wanted) : (nil, current)
    }

    /// Namespaces are never removed directly: they turn Terminating and the
    /// namespace finalizer removes their content first.
    private func markNamespace(old: JSONValue, rev: Int64, options: DeleteOptions) async throws -> DeleteOutcome {
        var new = old
        if new[path: ["metadata", "deletionTimestamp"]] == nil {
            new[path: ["metadata", "deletionTimestamp"]] = .string(Time(clock()).rfc3339)
            new[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(0)
        }
        new[path: ["status", "phase"]] = .string("Terminating")
        if new == old { return .marked(old) }
        new[path: ["metadata", "resourceVersion"]] = nil
        if options.dryRun { return .marked(new) }
        let kv = try await store.update(def.key(namespace: nil, name: old[path: ["metadata", "name"]]?.stringValue ?? ""), value: def.storageBytes(new), expectedRevision: rev)
        new[path: ["metadata", "resourceVersion"]] = .string(String(kv.modRevision))
        return .marked(new)
    }
}
