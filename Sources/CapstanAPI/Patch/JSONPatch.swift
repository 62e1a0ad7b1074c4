/// An RFC 6901 JSON Pointer (`/spec/containers/0/image`): reference tokens
/// with `~1` decoded to `/` and `~0` to `~`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    public var tokens: [String]

    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses a pointer. The empty string is the whole document; anything
    /// else must start with `/`.
    public init?(_ text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(Self.unescape)
    }

    public var description: String {
        var out = ""
        for token in tokens {
            out += "/"
            for c in token {
                switch c {
                case "~": out += "~0"
                case "/": out += "~1"
                default: out.append(c)
                }
            }
        }
        return out
    }

    /// `~1` → `/`, then `~0` → `~` (RFC 6901 order); other `~` sequences stay as written.
    private static func unescape(_ token: Substring) -> String {
        var out = ""
        var i = token.startIndex
        while i < token.endIndex {
            let c = token[i]
            let next = token.index(after: i)
            if c == "~", next < token.endIndex, token[next] == "1" || token[next] == "0" {
                out.append(token[next] == "1" ? "/" : "~")
                i = token.index(after: next)
            } else {
                out.append(c)
                i = next
            }
        }
        return out
    }
}

/// An RFC 6902 JSON Patch, applied the way Kubernetes applies it (evanphx
/// json-patch v4): `-` appends, negative array indices count from the end,
/// `add` and `replace` on an object member set it whether or not it exists,
/// `copy` of a missing object member copies `null`, `test` of a missing
/// member against `null` passes, a missing `value` means `null`, the whole
/// document cannot be the target, and the first path segment is ignored
/// (so `a/b` is read as `/b`).
public struct JSONPatch: Sendable, Equatable {
    /// One operation, kept as written so errors can name what is missing.
    public struct Operation: Sendable, Equatable {
        public var op: String
        public var path: String?
        public var from: String?
        public var value: JSONValue?

        public init(op: String, path: String? = nil, from: String? = nil, value: JSONValue? = nil) {
            self.op = op
            self.path = path
            self.from = from
            self.value = value
        }
    }

    /// The API server refuses patches with more operations than this (413).
    public static let maxOperations = 10_000

    public var operations: [Operation]

    public init(operations: [Operation]) { self.operations = operations }

    /// Decodes a patch document: an array of operation objects.
    public init(decoding document: JSONValue) throws(PatchError) {
        guard case .array(let items) = document else {
            throw PatchError(.badRequest, "json: cannot unmarshal \(document.typeName) into Go value of type jsonpatch.Patch")
        }
        var ops: [Operation] = []
        ops.reserveCapacity(items.count)
        for item in items {
            guard case .object(let o) = item else {
                throw PatchError(.badRequest, "json: cannot unmarshal \(item.typeName) into Go value of type jsonpatch.Operation")
            }
            ops.append(Operation(op: o["op"]?.stringValue ?? "unknown", path: o["path"]?.stringValue,
                                 from: o["from"]?.stringValue, value: o["value"]))
        }
        if ops.count > Self.maxOperations {
            throw PatchError(.requestEntityTooLarge,
                "The allowed maximum operations in a JSON patch is \(Self.maxOperations), got \(ops.count)")
        }
        operations = ops
    }

    /// Parses and decodes a patch from JSON text.
    public init(parsing text: String) throws(PatchError) {
        let doc: JSONValue
        do { doc = try JSONValue.parse(text) } catch { throw PatchError(.badRequest, error.description) }
        try self.init(decoding: doc)
    }

    /// Decodes `patch` (an array of operations) and applies it to `document`.
    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        try JSONPatch(decoding: patch).apply(to: document)
    }

    /// Applies every operation in order; the first failure aborts the patch
    /// (the caller's document is untouched: values are copied).
    public func apply(to document: JSONValue) throws(PatchError) -> JSONValue {
        var doc = document
        for op in operations {
            try Self.apply(op, to: &doc)
        }
        return doc
    }

    private static func apply(_ op: Operation, to doc: inout JSONValue) throws(PatchError) {
        switch op.op {
        case "add":
            guard let path = op.path else { throw failed("add operation failed to decode path: missing value") }
            try wrap("error in add for path: '\(path)'") { () throws(Failure) in
                try insert(op.value ?? .null, at: path, in: &doc, missing: "add operation does not apply: doc is missing path: \"\(path)\"")
            }
        case "remove":
            guard let path = op.path else { throw failed("remove operation failed to decode path: missing value") }
            try wrap("error in remove for path: '\(path)'") { () throws(Failure) in
                _ = try remove(at: path, in: &doc, missing: "remove operation does not apply: doc is missing path: \"\(path)\"")
            }
        case "replace":
            guard let path = op.path else {
                throw failed("replace operation failed to decode path: operation missing path field: missing value")
            }
            if path.isEmpty {
                // json-patch v4 swaps the whole document for an object (or an
                // array for an array document) and ignores other values.
                switch (doc, op.value) {
                case (.object, .object?), (.array, .array?): doc = op.value!
                default: break
                }
                return
            }
            try replace(with: op.value ?? .null, at: path, in: &doc)
        case "move":
            guard let from = op.from else {
                throw failed("move operation failed to decode from: operation, missing from field: missing value")
            }
            let value = try wrap("error in move for path: '\(lastToken(from))'") { () throws(Failure) in
                try remove(at: from, in: &doc, missing: "move operation does not apply: doc is missing from path: \(from)")
            }
            guard let path = op.path else {
                throw failed("move operation failed to decode path: operation missing path field: missing value")
            }
            try wrap("error in move for path: '\(path)'") { () throws(Failure) in
                try insert(value, at: path, in: &doc, missing: "move operation does not apply: doc is missing destination path: \(path)")
            }
        case "copy":
            guard let from = op.from else {
                throw failed("copy operation failed to decode from: operation, missing from field: missing value")
            }
            guard let (fromParent, fromKey) = split(from), let source = lookup(fromParent, in: doc), source.isContainer else {
                throw failed("copy operation does not apply: doc is missing from path: \(from): missing value")
            }
            let value = try wrap("error in copy for from: '\(from)'") { () throws(Failure) in
                try member(of: source, fromKey) ?? .null
            }
            guard let path = op.path else { throw failed("copy operation failed to decode path: missing value") }
            try wrap("error while adding value during copy") { () throws(Failure) in
                try insert(value, at: path, in: &doc, missing: "copy operation does not apply: doc is missing destination path: \(path)")
            }
        case "test":
            guard let path = op.path else {
                throw failed("test operation failed to decode path: operation missing path field: missing value")
            }
            if path.isEmpty {
                // The whole document may be tested.
                if op.value == doc { return }
                throw failed("testing value  failed: test failed")
            }
            guard let (parent, key) = split(path), let container = lookup(parent, in: doc), container.isContainer else {
                throw failed("test operation does not apply: is missing path: \(path): missing value")
            }
            let actual = try wrap("error in test for path: '\(path)'") { () throws(Failure) in
                try member(of: container, key)
            }
            switch (actual, op.value) {
            case (nil, nil), (nil, .null?): return
            case (let a?, let b?) where a == b: return
            default: throw failed("testing value \(path) failed: test failed")
            }
        default:
            throw failed("Unexpected kind: \(op.op)")
        }
    }

    /// A failure inside a container operation: a finished patch error, or
    /// an inner message the operation wraps with its own prefix as Kubernetes does.
    private enum Failure: Error {
        case patch(PatchError)
        case inner(String)
    }

    private static func wrap<T>(_ prefix: String, _ body: () throws(Failure) -> T) throws(PatchError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .patch(let e): throw e
            case .inner(let message): throw failed(prefix + ": " + message)
            }
        }
    }

    // MARK: container operations

    private static func insert(_ value: JSONValue, at path: String, in doc: inout JSONValue,
                               missing: String) throws(Failure) {
        guard let (parent, key) = split(path) else { throw .patch(failed(missing + ": missing value")) }
        try modify(parent, in: &doc, missing: missing + ": missing value") { (container: inout JSONValue) throws(Failure) in
            switch container {
            case .object(var o):
                container = .null
                o[key] = value
                container = .object(o)
            case .array(var a):
                let index: Int
                if key == "-" {
                    index = a.count
                } else {
                    guard let i = Int(key) else {
                        throw .inner("value was not a proper array index: '\(key)': strconv.Atoi: parsing \(goQuote(key)): invalid syntax")
                    }
                    let size = a.count + 1
                    guard i < size, i >= -size else {
                        throw .inner("Unable to access invalid index: \(i): invalid index referenced")
                    }
                    index = i < 0 ? i + size : i
                }
                container = .null
                a.insert(value, at: index)
                container = .array(a)
            default:
                throw .patch(failed(missing + ": missing value"))
            }
        }
    }

    private static func remove(at path: String, in doc: inout JSONValue, missing: String) throws(Failure) -> JSONValue {
        guard let (parent, key) = split(path) else { throw .patch(failed(missing + ": missing value")) }
        var removed = JSONValue.null
        try modify(parent, in: &doc, missing: missing + ": missing value") { (container: inout JSONValue) throws(Failure) in
            switch container {
            case .object(var o):
                guard let v = o.removeValue(forKey: key) else {
                    throw .inner("Unable to remove nonexistent key: \(key): missing value")
                }
                removed = v
                container = .object(o)
            case .array(var a):
                let i = try index(key, count: a.count)
                removed = a.remove(at: i)
                container = .array(a)
            default:
                throw .patch(failed(missing + ": missing value"))
            }
        }
        return removed
    }

    private static func replace(with value: JSONValue, at path: String, in doc: inout JSONValue) throws(PatchError) {
        let missingPath = "replace operation does not apply: doc is missing path: \(path): missing value"
        let missingKey = "replace operation does not apply: doc is missing key: \(path): missing value"
        guard let (parent, key) = split(path) else { throw failed(missingPath) }
        try wrap("") { () throws(Failure) in
            try modify(parent, in: &doc, missing: missingPath) { (container: inout JSONValue) throws(Failure) in
                switch container {
                case .object(var o):
                    o[key] = value
                    container = .object(o)
                case .array(var a):
                    guard let i = try? index(key, count: a.count) else { throw .patch(failed(missingKey)) }
                    a[i] = value
                    container = .array(a)
                default:
                    throw .patch(failed(missingPath))
                }
            }
        }
    }

    // MARK: helpers

    private static func failed(_ message: String) -> PatchError {
        PatchError(.unprocessableEntity, message)
    }

    /// Parent tokens and last token of a path; the first `/`-separated
    /// segment is skipped (normally the empty one before the leading `/`).
    private static func split(_ path: String) -> ([String], String)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(decodeToken)
        guard let last = parts.last else { return nil }
        return (Array(parts.dropLast()), last)
    }

    private static func lastToken(_ path: String) -> String { split(path)?.1 ?? "" }

    private static func decodeToken(_ s: Substring) -> String {
        JSONPointer("/" + s)?.tokens.first ?? String(s)
    }

    /// Go's `strconv.Atoi` plus negative indices from the end.
    private static func index(_ token: String, count: Int) throws(Failure) -> Int {
        guard let i = Int(token) else {
            throw .inner("strconv.Atoi: parsing \(goQuote(token)): invalid syntax")
        }
        guard i < count, i >= -count else {
            throw .inner("Unable to access invalid index: \(i): invalid index referenced")
        }
        return i < 0 ? i + count : i
    }

    /// Member `key` of a container: nil when an object lacks it; an error for a bad array index.
    private static func member(of container: JSONValue, _ key: String) throws(Failure) -> JSONValue? {
        switch container {
        case .object(let o): return o[key]
        case .array(let a): return a[try index(key, count: a.count)]
        default: return nil
        }
    }

    private static func lookup(_ tokens: [String], in doc: JSONValue) -> JSONValue? {
        var cur = doc
        for t in tokens {
            guard let next = try? member(of: cur, t), !next.isNull else { return nil }
            cur = next
        }
        return cur
    }

    /// Runs `body` on the container at `tokens`, writing the result back.
    private static func modify(_ tokens: [String], in doc: inout JSONValue, missing: String,
                               _ body: (inout JSONValue) throws(Failure) -> Void) throws(Failure) {
        guard let first = tokens.first else {
            guard doc.isContainer else { throw .patch(failed(missing)) }
            return try body(&doc)
        }
        guard let child = try? member(of: doc, first), !child.isNull else { throw .patch(failed(missing)) }
        var value = child
        try modify(Array(tokens.dropFirst()), in: &value, missing: missing, body)
        switch doc {
        case .object(var o):
            doc = .null
            o[first] = value
            doc = .object(o)
        case .array(var a):
            let i = try index(first, count: a.count)
            doc = .null
            a[i] = value
            doc = .array(a)
        default:
            throw .patch(failed(missing))
        }
    }
}

extension JSONValue {
    var isContainer: Bool {
        switch self {
        case .object, .array: return true
        default: return false
        }
    }
}
