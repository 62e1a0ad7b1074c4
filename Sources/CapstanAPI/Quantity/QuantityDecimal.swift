/// Unsigned integer of any size, stored as base-10^9 limbs (little-endian,
/// no high zero limbs; zero has no limbs). Base 10^9 makes decimal shifts
/// and printing cheap, which is what quantities need.
struct DecimalMagnitude: Sendable, Hashable, CustomStringConvertible {
    static let limbBase: UInt64 = 1_000_000_000
    static let powersOfTen: [UInt32] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    private(set) var limbs: [UInt32]

    init() { limbs = [] }

    init(_ value: UInt64) {
        var v = value
        limbs = []
        while v > 0 {
            limbs.append(UInt32(v % Self.limbBase))
            v /= Self.limbBase
        }
    }

    /// From ASCII decimal digits (leading zeros allowed; empty is zero).
    init<S: Collection>(digits: S) where S.Element == UInt8 {
        let d = Array(digits)
        limbs = []
        var end = d.count
        while end > 0 {
            let start = max(0, end - 9)
            var limb: UInt32 = 0
            for c in d[start..<end] { limb = limb * 10 + UInt32(c &- 48) }
            limbs.append(limb)
            end = start
        }
        trim()
    }

    var isZero: Bool { limbs.isEmpty }

    private mutating func trim() {
        while limbs.last == 0 { limbs.removeLast() }
    }

    mutating func multiply(by m: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let t = UInt64(limbs[i]) * UInt64(m) + carry
            limbs[i] = UInt32(t % Self.limbBase)
            carry = t / Self.limbBase
        }
        while carry > 0 {
            limbs.append(UInt32(carry % Self.limbBase))
            carry /= Self.limbBase
        }
        trim()
    }

    func quotientAndRemainder(dividingBy d: UInt32) -> (quotient: DecimalMagnitude, remainder: UInt32) {
        var q = self
        var rem: UInt64 = 0
        for i in q.limbs.indices.reversed() {
            let cur = rem * Self.limbBase + UInt64(q.limbs[i])
            q.limbs[i] = UInt32(cur / UInt64(d))
            rem = cur % UInt64(d)
        }
        q.trim()
        return (q, UInt32(rem))
    }

    /// self × 10^k.
    func shiftedLeft(decimalDigits k: Int) -> DecimalMagnitude {
        guard !isZero, k > 0 else { return self }
        var r = self
        r.limbs.insert(contentsOf: repeatElement(0, count: k / 9), at: 0)
        r.multiply(by: Self.powersOfTen[k % 9])
        return r
    }

    /// self ÷ 10^k, truncated, and whether the division was exact.
    func shiftedRight(decimalDigits k: Int) -> (quotient: DecimalMagnitude, exact: Bool) {
        guard k > 0 else { return (self, true) }
        let whole = k / 9
        if whole >= limbs.count { return (DecimalMagnitude(), isZero) }
        var r = self
        let dropped = r.limbs[..<whole]
        let exactLimbs = dropped.allSatisfy { $0 == 0 }
        r.limbs.removeFirst(whole)
        let (q, rem) = r.quotientAndRemainder(dividingBy: Self.powersOfTen[k % 9])
        return (q, exactLimbs && rem == 0)
    }

    var decimalDigitCount: Int {
        guard let top = limbs.last else { return 0 }
        return (limbs.count - 1) * 9 + String(top).count
    }

    var trailingDecimalZeros: Int {
        guard let i = limbs.firstIndex(where: { $0 != 0 }) else { return 0 }
        var n = i * 9
        var limb = limbs[i]
        while limb % 10 == 0 {
            limb /= 10
            n += 1
        }
        return n
    }

    /// The value if it fits in UInt64.
    var uint64Value: UInt64? {
        var v: UInt64 = 0
        for limb in limbs.reversed() {
            let (m, o1) = v.multipliedReportingOverflow(by: Self.limbBase)
            let (s, o2) = m.addingReportingOverflow(UInt64(limb))
            if o1 || o2 { return nil }
            v = s
        }
        return v
    }

    static func compare(_ a: DecimalMagnitude, _ b: DecimalMagnitude) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        for i in a.limbs.indices.reversed() where a.limbs[i] != b.limbs[i] {
            return a.limbs[i] < b.limbs[i] ? -1 : 1
        }
        return 0
    }

    static func + (a: DecimalMagnitude, b: DecimalMagnitude) -> DecimalMagnitude {
        var r = DecimalMagnitude()
        var carry: UInt64 = 0
        for i in 0..<max(a.limbs.count, b.limbs.count) {
            let t = UInt64(i < a.limbs.count ? a.limbs[i] : 0) + UInt64(i < b.limbs.count ? b.limbs[i] : 0) + carry
            r.limbs.append(UInt32(t % limbBase))
            carry = t / limbBase
        }
        if carry > 0 { r.limbs.append(UInt32(carry)) }
        return r
    }

    /// a − b; requires a ≥ b.
    static func - (a: DecimalMagnitude, b: DecimalMagnitude) -> DecimalMagnitude {
        var r = a
        var borrow: Int64 = 0
        for i in r.limbs.indices {
            var t = Int64(r.limbs[i]) - borrow - Int64(i < b.limbs.count ? b.limbs[i] : 0)
            borrow = 0
            if t < 0 {
                t += Int64(limbBase)
                borrow = 1
            }
            r.limbs[i] = UInt32(t)
        }
        r.trim()
        return r
    }

    var description: String {
        guard let top = limbs.last else { return "0" }
        var s = String(top)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            s += String(repeating: "0", count: 9 - part.count) + part
        }
        return s
    }
}

/// An exact decimal number: ±magnitude × 10^exponent.
struct ExactDecimal: Sendable, Hashable {
    var negative: Bool
    var magnitude: DecimalMagnitude
    var exponent: Int

    /// Operands whose scales differ by more than this many digits are added
    /// approximately (the negligible one is dropped), so that absurd inputs
    /// such as `1e2147483647` cannot exhaust memory.
    static let maxAlignment = 100_000

    static let zero = ExactDecimal(negative: false, magnitude: DecimalMagnitude(), exponent: 0)

    init(negative: Bool, magnitude: DecimalMagnitude, exponent: Int) {
        self.negative = negative && !magnitude.isZero
        self.magnitude = magnitude
        self.exponent = magnitude.isZero ? 0 : exponent
    }

    init(_ value: Int64, exponent: Int = 0) {
        self.init(negative: value < 0, magnitude: DecimalMagnitude(value.magnitude), exponent: exponent)
    }

    var isZero: Bool { magnitude.isZero }
    var sign: Int { isZero ? 0 : (negative ? -1 : 1) }

    /// Same value with trailing decimal zeros moved into the exponent.
    var normalized: ExactDecimal {
        let z = magnitude.trailingDecimalZeros
        guard z > 0 else { return self }
        return ExactDecimal(negative: negative, magnitude: magnitude.shiftedRight(decimalDigits: z).quotient,
                            exponent: exponent + z)
    }

    static func == (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) == 0 }

    func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.negative)
        hasher.combine(n.magnitude)
        hasher.combine(n.exponent)
    }

    static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.sign != b.sign { return a.sign < b.sign ? -1 : 1 }
        if a.sign == 0 { return 0 }
        let c = compareMagnitudes(a, b)
        return a.negative ? -c : c
    }

    private static func compareMagnitudes(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        let orderA = a.magnitude.decimalDigitCount + a.exponent
        let orderB = b.magnitude.decimalDigitCount + b.exponent
        if orderA != orderB { return orderA < orderB ? -1 : 1 }
        let e = min(a.exponent, b.exponent)
        return DecimalMagnitude.compare(a.magnitude.shiftedLeft(decimalDigits: a.exponent - e),
                                        b.magnitude.shiftedLeft(decimalDigits: b.exponent - e))
    }

    static prefix func - (a: ExactDecimal) -> ExactDecimal {
        ExactDecimal(negative: !a.negative, magnitude: a.magnitude, exponent: a.exponent)
    }

    static func + (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal {
        if a.isZero { return b }
        if b.isZero { return a }
        let orderA = a.magnitude.decimalDigitCount + a.exponent
        let orderB = b.magnitude.decimalDigitCount + b.exponent
        let e = min(a.exponent, b.exponent)
        if max(orderA, orderB) - e > maxAlignment { return orderA >= orderB ? a : b }
        let ma = a.magnitude.shiftedLeft(decimalDigits: a.exponent - e)
        let mb = b.magnitude.shiftedLeft(decimalDigits: b.exponent - e)
        if a.negative == b.negative {
            return ExactDecimal(negative: a.negative, magnitude: ma + mb, exponent: e)
        }
        switch DecimalMagnitude.compare(ma, mb) {
        case 0: return .zero
        case 1: return ExactDecimal(negative: a.negative, magnitude: ma - mb, exponent: e)
        default: return ExactDecimal(negative: b.negative, magnitude: mb - ma, exponent: e)
        }
    }

    static func - (a: ExactDecimal, b: ExactDecimal) -> ExactDecimal { a + -b }

    /// The value at `exponent` (≥ the current one loses digits), rounded away
    /// from zero; `exact` tells whether nothing was lost.
    func rounded(toExponent target: Int) -> (value: ExactDecimal, exact: Bool) {
        guard target > exponent, !isZero else { return (self, true) }
        var (q, exact) = magnitude.shiftedRight(decimalDigits: target - exponent)
        if !exact { q = q + DecimalMagnitude(1) }
        return (ExactDecimal(negative: negative, magnitude: q, exponent: target), exact)
    }

    /// ±(value × 10^-scale) rounded away from zero, saturated to Int64.
    func scaledInt64(_ scale: Int) -> Int64 {
        if isZero { return 0 }
        let r = rounded(toExponent: scale).value
        let shift = r.exponent - scale
        let limit = DecimalMagnitude(negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max))
        let saturated = negative ? Int64.min : Int64.max
        if r.magnitude.decimalDigitCount + shift > 20 { return saturated }
        let m = r.magnitude.shiftedLeft(decimalDigits: shift)
        if DecimalMagnitude.compare(m, limit) > 0 { return saturated }
        let u = m.uint64Value!
        return negative ? Int64(truncatingIfNeeded: 0 &- u) : Int64(u)
    }
}
