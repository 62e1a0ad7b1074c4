/// Decoders for the Kubernetes types that have their own protobuf and JSON forms.
enum ProtoWellKnown {
    /// `intstr.IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}`.
    static func intOrString(_ reader: ProtoReader) throws(ProtoWireError) -> JSONValue {
        var r = reader
        var type: UInt64 = 0
        var intVal: Int32 = 0
        var strVal = ""
        while let (number, wire) = try r.nextTag() {
            switch number {
            case 1:
                try ProtoJSONDecoder.expect(wire, .varint)
                type = try r.varint()
            case 2:
                try ProtoJSONDecoder.expect(wire, .varint)
                intVal = Int32(truncatingIfNeeded: try r.varint())
            case 3:
                try ProtoJSONDecoder.expect(wire, .lengthDelimited)
                strVal = try r.lengthDelimited().restString
            default:
                try r.skip(wire)
            }
        }
        return type == 1 ? .string(strVal) : .int(Int64(intVal))
    }

    /// `resource.Quantity {string = 1}`; Go writes the canonical string, and "0" for zero.
    static func quantity(_ reader: ProtoReader) throws(ProtoWireError) -> JSONValue {
        var r = reader
        var s = ""
        while let (number, wire) = try r.nextTag() {
            guard number == 1 else {
                try r.skip(wire)
                continue
            }
            try ProtoJSONDecoder.expect(wire, .lengthDelimited)
            s = try r.lengthDelimited().restString
        }
        return .string(s.isEmpty ? "0" : s)
    }

    /// `meta/v1.Time` / `MicroTime` as `Timestamp {seconds = 1, nanos = 2}`. Go marshals the
    /// zero time as an empty message and prints it as `null`: that gives nil here.
    static func time(_ reader: ProtoReader, fractionDigits: Int) throws(ProtoWireError) -> JSONValue? {
        if reader.isAtEnd { return nil }
        var r = reader
        var seconds: Int64 = 0
        var nanos: Int64 = 0
        while let (number, wire) = try r.nextTag() {
            switch number {
            case 1:
                try ProtoJSONDecoder.expect(wire, .varint)
                seconds = Int64(bitPattern: try r.varint())
            case 2:
                try ProtoJSONDecoder.expect(wire, .varint)
                nanos = Int64(Int32(truncatingIfNeeded: try r.varint()))
            default:
                try r.skip(wire)
            }
        }
        guard let s = rfc3339(seconds: seconds, nanos: nanos, fractionDigits: fractionDigits) else {
            throw ProtoWireError("timestamp \(seconds)s is outside years 0-9999")
        }
        return .string(s)
    }

    /// `meta/v1.Duration {duration = 1 (int64 nanoseconds)}` → Go's `time.Duration.String()`.
    static func duration(_ reader: ProtoReader) throws(ProtoWireError) -> JSONValue {
        var r = reader
        var nanos: Int64 = 0
        while let (number, wire) = try r.nextTag() {
            guard number == 1 else {
                try r.skip(wire)
                continue
            }
            try ProtoJSONDecoder.expect(wire, .varint)
            nanos = Int64(bitPattern: try r.varint())
        }
        return .string(goDuration(nanos))
    }

    /// A message whose field 1 holds raw JSON (`FieldsV1`, `RawExtension`); empty → nil (`null`).
    static func rawJSON(_ reader: ProtoReader) throws(ProtoWireError) -> JSONValue? {
        var r = reader
        var raw: ArraySlice<UInt8> = []
        while let (number, wire) = try r.nextTag() {
            guard number == 1 else {
                try r.skip(wire)
                continue
            }
            try ProtoJSONDecoder.expect(wire, .lengthDelimited)
            raw = try r.lengthDelimited().restBytes
        }
        if raw.isEmpty { return nil }
        do {
            return try JSONValue.parse(raw)
        } catch {
            throw ProtoWireError("raw field does not hold JSON: \(error)")
        }
    }

    // MARK: Formatting

    /// RFC 3339 in UTC (`2006-01-02T15:04:05Z`), with `fractionDigits` digits of the second
    /// truncated as Go's time.Format does; nil outside years 0...9999 (Go refuses those too).
    static func rfc3339(seconds: Int64, nanos: Int64, fractionDigits: Int) -> String? {
        // Normalise like time.Unix: nanos outside [0, 1e9) carry into the seconds.
        let (carry, nano) = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
        var secs = seconds.addingReportingOverflow(carry).partialValue
        var ns = nano
        if ns < 0 {
            ns += 1_000_000_000
            secs -= 1
        }
        let (days, secOfDay) = floorDivMod(secs, 86_400)
        let (year, month, day) = civilFromDays(days)
        guard (0...9999).contains(year) else { return nil }
        var out = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        out += "T" + pad(secOfDay / 3600, 2) + ":" + pad(secOfDay / 60 % 60, 2) + ":" + pad(secOfDay % 60, 2)
        if fractionDigits > 0 {
            var scaled = ns
            for _ in fractionDigits..<9 { scaled /= 10 }
            out += "." + pad(scaled, fractionDigits)
        }
        return out + "Z"
    }

    /// Go's `time.Duration.String()`: `0s`, `1.5µs`, `100ms`, `1h0m0s`, `-2m3.5s`.
    static func goDuration(_ nanos: Int64) -> String {
        if nanos == 0 { return "0s" }
        let sign = nanos < 0 ? "-" : ""
        var u = nanos.magnitude
        if u < 1_000_000_000 {
            if u < 1_000 { return sign + "\(u)ns" }
            if u < 1_000_000 { return sign + fraction(u, 3) + "µs" }
            return sign + fraction(u, 6) + "ms"
        }
        let secondsPart = fraction(u, 9, wholeModulo: 60)
        u /= 1_000_000_000 * 60
        guard u > 0 else { return sign + secondsPart + "s" }
        let minutes = u % 60
        u /= 60
        return sign + (u > 0 ? "\(u)h" : "") + "\(minutes)m" + secondsPart + "s"
    }

    /// `v / 10^digits` with its fraction, trailing zeros dropped; the whole part optionally mod `wholeModulo`.
    private static func fraction(_ v: UInt64, _ digits: Int, wholeModulo: UInt64? = nil) -> String {
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        var whole = v / scale
        if let m = wholeModulo { whole %= m }
        var frac = String(v % scale)
        frac = String(repeating: "0", count: digits - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return frac.isEmpty ? "\(whole)" : "\(whole).\(frac)"
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var (q, r) = a.quotientAndRemainder(dividingBy: b)
        if r < 0 {
            q -= 1
            r += b
        }
        return (q, r)
    }

    /// Days since 1970-01-01 → proleptic Gregorian (year, month, day) (H. Hinnant's algorithm).
    private static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with padding, as Go's encoding/json writes `[]byte`.
    static func base64(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let n = min(3, bytes.endIndex - i)
            let b0 = UInt32(bytes[i])
            let b1 = n > 1 ? UInt32(bytes[i + 1]) : 0
            let b2 = n > 2 ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            out.append(base64Alphabet[Int(v >> 18 & 63)])
            out.append(base64Alphabet[Int(v >> 12 & 63)])
            out.append(n > 1 ? base64Alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(n > 2 ? base64Alphabet[Int(v & 63)] : UInt8(ascii: "="))
            i += n
        }
        return String(decoding: out, as: UTF8.self)
    }
}
