/// Parsing, exact arithmetic, comparison and canonical formatting of
/// quantities, following apimachinery `api/resource` (quantity.go, suffix.go,
/// amount.go) including its corner cases.
extension Quantity {
    /// How a quantity is written back: `12e6`, `12Mi` or `12M`.
    public enum Format: String, Sendable, Hashable {
        case decimalExponent = "DecimalExponent"
        case binarySI = "BinarySI"
        case decimalSI = "DecimalSI"
    }

    /// Why a string is not a quantity (the API server reports it as a field error).
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        static let formatWrong = ParseError(message:
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
        static let numeric = ParseError(message: "unable to parse numeric part of quantity")
        static let suffix = ParseError(message: "unable to parse quantity's suffix")
    }

    /// A parsed quantity: an exact decimal value and the format to write it in.
    /// Equality, hashing and ordering are numeric (`500m == 0.5`).
    public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
        var value: ExactDecimal
        public var format: Format
        /// The input text when Kubernetes would keep it as the canonical form.
        var preservedText: String?

        init(value: ExactDecimal, format: Format, preservedText: String? = nil) {
            self.value = value
            self.format = format
            self.preservedText = preservedText
        }

        public init(parsing text: String) throws(ParseError) {
            self = try QuantityParser.parse(text)
        }

        /// `value × 10^scale` (scale -3 is milli, 3 is kilo).
        public init(_ value: Int64, scale: Int = 0, format: Format = .decimalSI) {
            self.init(value: ExactDecimal(value, exponent: scale), format: format)
        }

        public init(milli value: Int64, format: Format = .decimalSI) {
            self.init(value, scale: -3, format: format)
        }

        public var isZero: Bool { value.isZero }
        /// -1, 0 or 1.
        public var sign: Int { value.sign }

        /// The value rounded up (away from zero) to an integer; saturates at the Int64 bounds.
        public var integerValue: Int64 { value.scaledInt64(0) }
        /// ceil(value × 1000), away from zero; saturates at the Int64 bounds.
        public var milliValue: Int64 { value.scaledInt64(-3) }
        /// ceil(value ÷ 10^scale), away from zero; saturates at the Int64 bounds.
        public func scaledValue(_ scale: Int) -> Int64 { value.scaledInt64(scale) }

        public func compare(_ other: Amount) -> Int { ExactDecimal.compare(value, other.value) }

        public static func == (a: Amount, b: Amount) -> Bool { a.compare(b) == 0 }
        public static func < (a: Amount, b: Amount) -> Bool { a.compare(b) < 0 }
        public func hash(into hasher: inout Hasher) { hasher.combine(value) }

        /// Sum; keeps the left format unless the left side is zero.
        public static func + (a: Amount, b: Amount) -> Amount {
            Amount(value: a.value + b.value, format: a.isZero ? b.format : a.format)
        }

        /// Difference; keeps the left format unless the left side is zero.
        public static func - (a: Amount, b: Amount) -> Amount {
            Amount(value: a.value - b.value, format: a.isZero ? b.format : a.format)
        }

        public static prefix func - (a: Amount) -> Amount {
            Amount(value: -a.value, format: a.format)
        }

        public static func += (a: inout Amount, b: Amount) { a = a + b }
        public static func -= (a: inout Amount, b: Amount) { a = a - b }

        /// The canonical string Kubernetes serializes (`1Gi`, `1500m`, `1e3`).
        public var canonical: String {
            if let preservedText { return preservedText }
            return QuantityFormatter.canonical(value, format: format)
        }

        public var description: String { canonical }

        /// As a `Quantity` in canonical form.
        public var quantity: Quantity { Quantity(canonical) }
    }

    /// Validates `text` and keeps it as written. Like Kubernetes' JSON
    /// decoding of a quantity, surrounding whitespace is ignored
    /// (`Amount(parsing:)` is strict, as `ParseQuantity`).
    public init(validating text: String) throws(ParseError) {
        _ = try QuantityParser.parse(Self.trimmed(text))
        self.init(text)
    }

    public init(_ amount: Amount) { self.init(amount.canonical) }

    /// The parsed value (surrounding whitespace ignored); throws for text that is not a quantity.
    public func parsed() throws(ParseError) -> Amount { try QuantityParser.parse(Self.trimmed(string)) }

    /// The parsed value, or nil for text that is not a quantity.
    public var amount: Amount? { try? parsed() }

    private static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }

    public var isValid: Bool { amount != nil }

    /// Kubernetes' canonical form (`1000m` → `1`, `1024Mi` → `1Gi`); invalid text is returned unchanged.
    public var canonical: String { amount?.canonical ?? string }

    /// This quantity in canonical form.
    public func canonicalized() -> Quantity { Quantity(canonical) }

    /// The value rounded up (away from zero) to an integer, as Kubernetes'
    /// `Value()`; invalid text counts as zero.
    public var value: Int64 { amount?.integerValue ?? 0 }

    /// ceil(value × 1000), as Kubernetes' `MilliValue()`; invalid text counts as zero.
    public var milliValue: Int64 { amount?.milliValue ?? 0 }

    /// Numeric comparison (-1, 0, 1); invalid text counts as zero.
    public func compare(_ other: Quantity) -> Int {
        (amount ?? .zero).compare(other.amount ?? .zero)
    }

    /// Sum in canonical form; invalid text counts as zero.
    public static func + (a: Quantity, b: Quantity) -> Quantity {
        Quantity((a.amount ?? .zero) + (b.amount ?? .zero))
    }

    /// Difference in canonical form; invalid text counts as zero.
    public static func - (a: Quantity, b: Quantity) -> Quantity {
        Quantity((a.amount ?? .zero) - (b.amount ?? .zero))
    }
}

extension Quantity.Amount {
    public static let zero = Quantity.Amount(0)
}

/// Numeric order. Note that `==` stays textual (the stored string), so use
/// `compare(_:) == 0` to ask whether `500m` and `0.5` are the same amount.
extension Quantity: Comparable {
    public static func < (a: Quantity, b: Quantity) -> Bool { a.compare(b) < 0 }
}

// MARK: - Parsing (parseQuantityString / ParseQuantity)

enum QuantityParser {
    private struct Pieces {
        var positive = true
        var value: ArraySlice<UInt8> = []
        var num: ArraySlice<UInt8> = []
        var denom: ArraySlice<UInt8> = []
        var suffix: ArraySlice<UInt8> = []
    }

    static let maxAllowed = ExactDecimal(Int64.max)

    static func parse(_ text: String) throws(Quantity.ParseError) -> Quantity.Amount {
        if text.isEmpty { throw .formatWrong }
        if text == "0" { return Quantity.Amount(value: .zero, format: .decimalSI, preservedText: text) }
        let s = Array(text.utf8)
        let p = try scan(s)
        let (base, exponent, parsedFormat) = try interpret(p.suffix)
        var format = parsedFormat
        let num: ArraySlice<UInt8> = p.num.isEmpty ? [UInt8(ascii: "0")] : p.num

        // Kubernetes' int64 fast path: same value; it also decides when the
        // input text is kept as the canonical string.
        var precision: Int
        var scale = 0
        var mantissa: Int64 = 1
        if base == 10 {
            scale = exponent
            precision = 18 - (num.count + p.denom.count)
        } else if exponent >= 0 && p.denom.isEmpty {
            mantissa = 1 << Int64(exponent)
            precision = 15 - num.count - exponent * 3 / 10 - 1
        } else {
            precision = -1
        }
        if precision >= 0 {
            scale -= p.denom.count
            let shifted = Array(num) + Array(p.denom)
            if scale >= -9, let v = Int64(String(decoding: shifted, as: UTF8.self)) {
                let (product, overflow) = v.multipliedReportingOverflow(by: mantissa)
                if !overflow {
                    let keep: Bool
                    if base == 2 {
                        keep = exponent % 10 == 0 && (v & 0x07) != 0
                    } else {
                        keep = scale % 3 == 0 && !shifted.reversed().starts(with: [48, 48, 48]) && shifted.first != 48
                    }
                    return Quantity.Amount(value: ExactDecimal(p.positive ? product : -product, exponent: scale),
                                           format: format, preservedText: keep ? text : nil)
                }
            }
        }

        // General path: exact decimal, rounded up to nano, binary capped at 2^63-1.
        guard p.value.contains(where: { $0 >= 48 && $0 <= 57 }) else { throw .numeric }
        var magnitude = DecimalMagnitude(digits: num + p.denom)
        var exp = -p.denom.count
        if base == 10 {
            exp += exponent
        } else {
            for _ in 0..<(exponent / 10) { magnitude.multiply(by: 1024) }
        }
        var amount = ExactDecimal(negative: false, magnitude: magnitude, exponent: exp)
        if !amount.isZero { amount = amount.rounded(toExponent: -9).value }
        if format == .binarySI && ExactDecimal.compare(amount, maxAllowed) > 0 { amount = maxAllowed }
        if format == .binarySI && !amount.isZero && ExactDecimal.compare(amount, ExactDecimal(1)) < 0 {
            format = .decimalSI
        }
        if !p.positive { amount = -amount }
        return Quantity.Amount(value: amount, format: format)
    }

    /// Splits sign, number and suffix exactly as Kubernetes' scanner does.
    private static func scan(_ s: [UInt8]) throws(Quantity.ParseError) -> Pieces {
        var p = Pieces()
        var pos = 0
        let end = s.count
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if pos < end {
            if s[0] == UInt8(ascii: "-") {
                p.positive = false
                pos += 1
            } else if s[0] == UInt8(ascii: "+") {
                pos += 1
            }
        }
        while pos < end && s[pos] == UInt8(ascii: "0") { pos += 1 }
        if pos >= end {
            p.num = [UInt8(ascii: "0")]
            p.value = p.num
            return p
        }
        var i = pos
        while i < end && isDigit(s[i]) { i += 1 }
        p.num = s[pos..<i]
        pos = i
        if pos >= end {
            p.value = s[0..<end]
            return p
        }
        if s[pos] == UInt8(ascii: ".") {
            pos += 1
            i = pos
            while i < end && isDigit(s[i]) { i += 1 }
            p.denom = s[pos..<i]
            pos = i
            if pos >= end {
                p.value = s[0..<end]
                return p
            }
        }
        p.value = s[0..<pos]
        let suffixStart = pos
        let suffixChars = Set("eEinumkKMGTP".utf8)
        while pos < end && suffixChars.contains(s[pos]) { pos += 1 }
        if pos < end && (s[pos] == UInt8(ascii: "-") || s[pos] == UInt8(ascii: "+")) { pos += 1 }
        while pos < end && isDigit(s[pos]) { pos += 1 }
        if pos < end { throw .formatWrong }
        p.suffix = s[suffixStart..<end]
        return p
    }

    private static let decimalSuffixes: [String: Int] = [
        "": 0, "n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]
    private static let binarySuffixes: [String: Int] = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60]

    /// Base, exponent and format of a suffix; `e`/`E` exponents must fit in ±(2^31-1).
    private static func interpret(_ suffix: ArraySlice<UInt8>) throws(Quantity.ParseError) -> (Int, Int, Quantity.Format) {
        let text = String(decoding: suffix, as: UTF8.self)
        if let e = decimalSuffixes[text] { return (10, e, .decimalSI) }
        if let e = binarySuffixes[text] { return (2, e, .binarySI) }
        if suffix.count > 1, suffix.first == UInt8(ascii: "e") || suffix.first == UInt8(ascii: "E"),
           let e = Int64(text.dropFirst()), e >= -Int64(Int32.max), e <= Int64(Int32.max)
        {
            return (10, Int(e), .decimalExponent)
        }
        throw .suffix
    }
}

// MARK: - Formatting (CanonicalizeBytes)

enum QuantityFormatter {
    private static let decimalSuffixes: [Int: String] = [
        -9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E",
    ]
    private static let binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    static func canonical(_ value: ExactDecimal, format: Quantity.Format) -> String {
        if value.isZero { return "0" }
        switch format {
        case .decimalSI, .decimalExponent:
            return decimal(value, format: format)
        case .binarySI:
            // Small or fractional binary amounts are written as DecimalSI.
            let n = value.normalized
            if ExactDecimal.compare(n, ExactDecimal(-1024)) > 0 && ExactDecimal.compare(n, ExactDecimal(1024)) < 0 {
                return decimal(value, format: .decimalSI)
            }
            if n.exponent < 0 { return decimal(value, format: .decimalSI) }
            // 10^70 and beyond always hold 2^70: past "Ei", so the exact decimal form.
            if n.exponent >= 70 { return decimal(value, format: .decimalExponent) }
            var m = n.magnitude.shiftedLeft(decimalDigits: n.exponent)
            var power = 0
            while true {
                let (q, r) = m.quotientAndRemainder(dividingBy: 1024)
                guard r == 0, DecimalMagnitude.compare(m, DecimalMagnitude(1024)) >= 0 else { break }
                m = q
                power += 1
            }
            guard power < binarySuffixes.count else { return decimal(value, format: .decimalExponent) }
            return (value.negative ? "-" : "") + m.description + binarySuffixes[power]
        }
    }

    /// Mantissa with the exponent lowered to a multiple of three, then the
    /// SI suffix (or `e<exp>` beyond the SI range / for DecimalExponent).
    private static func decimal(_ value: ExactDecimal, format: Quantity.Format) -> String {
        let n = value.normalized
        var m = n.magnitude
        var exp = n.exponent
        while exp % 3 != 0 {
            m.multiply(by: 10)
            exp -= 1
        }
        let suffix: String
        if format == .decimalSI, let s = decimalSuffixes[exp] {
            suffix = s
        } else {
            suffix = exp == 0 ? "" : "e\(exp)"
        }
        return (value.negative ? "-" : "") + m.description + suffix
    }
}
