/// Keys are ordered and matched by their UTF-8 bytes, as SQLite's BINARY
/// collation compares TEXT, so every backend pages through keys in the same
/// order. (Swift's `String` comparison follows Unicode canonical ordering,
/// which differs for non-ASCII keys.)
enum KeyOrder {
    /// `a` sorts strictly before `b` byte-wise.
    static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `key` starts with the bytes of `prefix`.
    static func hasPrefix(_ key: String, _ prefix: String) -> Bool {
        key.utf8.starts(with: prefix.utf8)
    }

    /// The smallest byte string greater than every string starting with
    /// `prefix`, or nil when no upper bound exists (empty prefix). The result
    /// may not be valid UTF-8, so it is raw bytes, compared as TEXT in SQL.
    static func upperBound(ofPrefix prefix: String) -> [UInt8]? {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}

/// Which keys a list or watch covers: a prefix, plus an exclusive lower key
/// for paging.
struct KeyFilter: Sendable, Equatable {
    var prefix: String
    var startAfter: String?

    func matches(_ key: String) -> Bool {
        guard KeyOrder.hasPrefix(key, prefix) else { return false }
        if let startAfter { return KeyOrder.less(startAfter, key) }
        return true
    }
}

extension ListOptions {
    var filter: KeyFilter { KeyFilter(prefix: prefix, startAfter: startAfter) }

    /// The page size; a limit of zero or less means no limit, as in
    /// Kubernetes' `limit=0`.
    var pageLimit: Int? { limit.flatMap { $0 > 0 ? $0 : nil } }
}
