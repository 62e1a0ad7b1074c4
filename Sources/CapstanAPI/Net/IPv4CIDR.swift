/// An IPv4 network in CIDR notation ("10.42.0.0/16"): the address with its
/// host bits cleared, and the prefix length. Parsing is strict (four
/// decimal octets, no leading zeros beyond "0", prefix 0–32) and
/// normalizes host bits away only when asked (`init(_:strict:)`).
public struct IPv4CIDR: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The network address as a host-order integer.
    public let base: UInt32
    public let prefixLength: Int

    public init?(base: UInt32, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        let mask = Self.mask(prefixLength)
        self.base = base & mask
        self.prefixLength = prefixLength
    }

    /// Parses "a.b.c.d/n". With `strict`, host bits must be zero ("10.42.0.1/16" is rejected).
    public init?(_ text: String, strict: Bool = false) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = Self.parseAddress(String(parts[0])),
            let n = Int(parts[1]), String(n) == parts[1], (0...32).contains(n)
        else { return nil }
        if strict, address & ~Self.mask(n) != 0 { return nil }
        self.init(base: address, prefixLength: n)
    }

    /// "10.42.0.5" → 0x0A2A0005.
    public static func parseAddress(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.allSatisfy(\.isASCII), let n = UInt32(o), n <= 255,
                o == "0" || !o.hasPrefix("0")
            else { return nil }
            value = value << 8 | n
        }
        return value
    }

    public static func formatAddress(_ a: UInt32) -> String {
        "\(a >> 24).\(a >> 16 & 0xff).\(a >> 8 & 0xff).\(a & 0xff)"
    }

    static func mask(_ n: Int) -> UInt32 { n == 0 ? 0 : ~UInt32(0) << (32 - n) }

    public var mask: UInt32 { Self.mask(prefixLength) }
    /// The last address of the range.
    public var last: UInt32 { base | ~mask }
    public var description: String { "\(Self.formatAddress(base))/\(prefixLength)" }

    public func contains(_ address: UInt32) -> Bool { address & mask == base }
    public func contains(_ other: IPv4CIDR) -> Bool { other.prefixLength >= prefixLength && contains(other.base) }
    public func overlaps(_ other: IPv4CIDR) -> Bool { contains(other.base) || other.contains(base) }

    /// How many subnets of `prefixLength` this range holds (nil if that is not a subdivision of it).
    public func subnetCount(prefixLength n: Int) -> Int? {
        guard n >= prefixLength, n <= 32 else { return nil }
        return 1 << (n - prefixLength)
    }

    /// The `index`th subnet of length `n` (0-based), e.g. 10.42.0.0/16 → /24 #1 is 10.42.1.0/24.
    public func subnet(prefixLength n: Int, index: Int) -> IPv4CIDR? {
        guard let count = subnetCount(prefixLength: n), index >= 0, index < count else { return nil }
        return IPv4CIDR(base: base + UInt32(index) << (32 - n), prefixLength: n)
    }

    public static func < (a: IPv4CIDR, b: IPv4CIDR) -> Bool {
        (a.base, a.prefixLength) < (b.base, b.prefixLength)
    }
}
