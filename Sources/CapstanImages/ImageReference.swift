/// An image reference normalized the way Docker and Kubernetes do it:
/// `busybox` is `docker.io/library/busybox:latest`, `127.0.0.1:5000/x/y:t`
/// keeps its registry, and `name@sha256:…` pins a manifest digest.
///
/// A reference without tag and digest gets the tag `latest`, so `tag` is nil
/// only for digest-only references.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// Registry host, with its port if it has one (`docker.io`, `127.0.0.1:5000`).
    public var registry: String
    /// Repository path within the registry (`library/busybox`).
    public var repository: String
    public var tag: String?
    /// `sha256:<64 hex>`.
    public var digest: String?

    public static let defaultRegistry = "docker.io"

    public init(registry: String, repository: String, tag: String?, digest: String?) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses a reference as `docker pull` would.
    /// - Throws: `ImageStoreError.invalidReference` with the reason.
    public init(parsing text: String) throws {
        func fail(_ why: String) -> ImageStoreError { .invalidReference(text, why) }
        guard !text.isEmpty else { throw fail("it is empty") }
        var rest = Substring(text)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            let d = String(rest[rest.index(after: at)...])
            guard Digest.isValid(d) else { throw fail("the digest must be sha256: followed by 64 lowercase hex digits") }
            digest = d
            rest = rest[..<at]
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            let t = String(rest[rest.index(after: colon)...])
            guard Self.isValidTag(t) else { throw fail("the tag \"\(t)\" must be 1-128 of [A-Za-z0-9_.-], not starting with . or -") }
            tag = t
            rest = rest[..<colon]
        }
        var registry = Self.defaultRegistry
        var path = String(rest)
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: \.isUppercase) {
                registry = String(first)
                path = String(rest[rest.index(after: slash)...])
            }
        }
        if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = Self.defaultRegistry }
        guard Self.isValidRegistry(registry) else { throw fail("the registry \"\(registry)\" is not a host[:port]") }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.isEmpty, components.allSatisfy(Self.isValidComponent) else {
            throw fail("repository names are lowercase letters, digits and single separators (. _ __ -) between /")
        }
        if registry == Self.defaultRegistry && components.count == 1 { path = "library/" + path }
        guard registry.count + 1 + path.count <= 255 else { throw fail("the name is longer than 255 characters") }
        if tag == nil && digest == nil { tag = "latest" }
        self.init(registry: registry, repository: path, tag: tag, digest: digest)
    }

    /// `registry/repository`, e.g. `docker.io/library/busybox`.
    public var name: String { "\(registry)/\(repository)" }

    /// `registry/repository[:tag][@digest]`, e.g. `docker.io/library/busybox:latest`.
    public var normalized: String {
        var s = name
        if let tag { s += ":" + tag }
        if let digest { s += "@" + digest }
        return s
    }

    public var description: String { normalized }

    /// The reference with its digest dropped (what is stored as a repo tag).
    var tagged: String? { tag.map { "\(name):\($0)" } }

    static func isValidTag(_ t: String) -> Bool {
        guard let first = t.utf8.first, t.utf8.count <= 128, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else { return false }
        return t.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`, the distribution grammar for one path component.
    static func isValidComponent(_ c: Substring) -> Bool {
        let bytes = Array(c.utf8)
        guard let first = bytes.first, let last = bytes.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        var i = 0
        while i < bytes.count {
            if isLowerAlnum(bytes[i]) { i += 1; continue }
            var j = i
            while j < bytes.count && !isLowerAlnum(bytes[j]) { j += 1 }
            let sep = bytes[i..<j]
            let ok = sep.elementsEqual([UInt8(ascii: ".")]) || sep.elementsEqual([UInt8(ascii: "_")])
                || sep.elementsEqual([UInt8(ascii: "_"), UInt8(ascii: "_")]) || sep.allSatisfy { $0 == UInt8(ascii: "-") }
            guard ok else { return false }
            i = j
        }
        return true
    }

    static func isValidRegistry(_ r: String) -> Bool {
        guard !r.isEmpty else { return false }
        if r.hasPrefix("[") {  // [ipv6]:port
            return r.contains("]")
        }
        let parts = r.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty else { return false }
        if parts.count == 2 { guard let port = Int(parts[1]), (1...65535).contains(port) else { return false } }
        return parts[0].utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}

@inline(__always) private func isLowerAlnum(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
}

@inline(__always) private func isAlnum(_ b: UInt8) -> Bool {
    isLowerAlnum(b) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
}
