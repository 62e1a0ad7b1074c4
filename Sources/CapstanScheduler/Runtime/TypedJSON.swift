import CapstanAPI

extension JSONValue {
    /// The typed model of this object, decoded from the tree directly.
    func decoded<T: Decodable>(as type: T.Type) throws -> T {
        try JSONValueDecoder().decode(T.self, from: self)
    }

    /// The typed model without metadata.managedFields, which the scheduler
    /// never reads and which dominates decoding time (profiled: ~75 % of a
    /// pod's decode). Informers drop them already; this covers objects from
    /// anywhere else.
    func decodedForScheduling<T: Decodable>(as type: T.Type) throws -> T {
        guard self[path: ["metadata", "managedFields"]] != nil else { return try decoded(as: T.self) }
        var trimmed = self
        trimmed[path: ["metadata", "managedFields"]] = nil
        return try trimmed.decoded(as: T.self)
    }
}

/// SplitMix64: a fast, seedable generator for tie-breaking among equally
/// scored nodes (the system generator costs a syscall per call).
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64 = UInt64.random(in: 0...UInt64.max)) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
