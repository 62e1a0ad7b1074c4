import Testing
@testable import CapstanAPI

struct QuantityTests {
    typealias Amount = Quantity.Amount

    // Value and format after parsing (apimachinery TestQuantityParse).
    static let parses: [(String, Amount)] = [
        ("0", Amount(0)), ("0n", Amount(0)), ("0m", Amount(0)), ("0Ki", Amount(0, format: .binarySI)),
        ("0Gi", Amount(0, format: .binarySI)), ("0T", Amount(0)),
        ("1", Amount(1)),
        ("1Ki", Amount(1024, format: .binarySI)), ("8Ki", Amount(8 * 1024, format: .binarySI)),
        ("7Mi", Amount(7 << 20, format: .binarySI)), ("6Gi", Amount(6 << 30, format: .binarySI)),
        ("5Ti", Amount(5 << 40, format: .binarySI)), ("4Pi", Amount(4 << 50, format: .binarySI)),
        ("3Ei", Amount(3 << 60, format: .binarySI)), ("100Ti", Amount(100 << 40, format: .binarySI)),
        ("5n", Amount(5, scale: -9)), ("4u", Amount(4, scale: -6)), ("3m", Amount(3, scale: -3)),
        ("8k", Amount(8, scale: 3)), ("50k", Amount(5, scale: 4)), ("7M", Amount(7, scale: 6)),
        ("6G", Amount(6, scale: 9)), ("5T", Amount(5, scale: 12)), ("2P", Amount(2, scale: 15)),
        ("1E", Amount(1, scale: 18)),
        ("1E-3", Amount(1, scale: -3, format: .decimalExponent)), ("1e3", Amount(1, scale: 3, format: .decimalExponent)),
        ("1E6", Amount(1, scale: 6, format: .decimalExponent)), ("1e14", Amount(1, scale: 14, format: .decimalExponent)),
        ("100.035k", Amount(100_035)),
        ("0.001", Amount(1, scale: -3)), ("0.0005k", Amount(5, scale: -1)), ("0.5", Amount(5, scale: -1)),
        ("0.00050k", Amount(5, scale: -1)), ("0.5e-1", Amount(5, scale: -2, format: .decimalExponent)),
        ("10.035M", Amount(10_035, scale: 3)), ("1.2e3", Amount(12, scale: 2, format: .decimalExponent)),
        ("1.3E+6", Amount(13, scale: 5, format: .decimalExponent)), ("1.53E12", Amount(153, scale: 10, format: .decimalExponent)),
        ("9.01", Amount(901, scale: -2)), ("6.987654321G", Amount(6_987_654_321)), ("1.01E", Amount(101, scale: 16)),
        // Rounded up to a whole nano; binary capped at 2^63-1.
        ("3.001n", Amount(4, scale: -9)), ("1.1E-9", Amount(2, scale: -9, format: .decimalExponent)),
        ("0.0000000001", Amount(1, scale: -9)), ("0.00000012345", Amount(124, scale: -9)),
        ("9Ei", Amount(Int64.max, format: .binarySI)), ("9223372036854775807Ki", Amount(Int64.max, format: .binarySI)),
        ("12E", Amount(12, scale: 18)),
        ("100.035Ki", Amount(10_243_584, scale: -2, format: .binarySI)), ("0.5Mi", Amount(1 << 19, format: .binarySI)),
        ("0.025Ti", Amount(274_877_906_944, scale: -1, format: .binarySI)),
        ("0.000000000001Ki", Amount(2, scale: -9)), (".001", Amount(1, scale: -3)), ("1.", Amount(1)),
        ("1.G", Amount(1, scale: 9)), ("+1", Amount(1)), ("-1.5", Amount(-15, scale: -1)),
        ("-3Ki", Amount(-3072, format: .binarySI)),
    ]

    @Test func parsesValueAndFormat() throws {
        for (text, expected) in Self.parses {
            let got = try Amount(parsing: text)
            #expect(got == expected, "\(text): got \(got)")
            #expect(got.format == expected.format, "\(text)")
            if text.first != "+" && text.first != "-" {
                let negated = try Amount(parsing: "-" + text)
                #expect(negated == -expected, "-\(text)")
            }
        }
    }

    static let invalid = ["", "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-",
                          "1e4294967297", " 1", "1 ", "1GG", "1Kib", "1e", "10 Gi"]

    @Test func rejectsMalformedQuantities() {
        for text in Self.invalid {
            #expect(throws: Quantity.ParseError.self, "\(text)") { try Amount(parsing: text) }
            if text.first != " " && text.last != " " { #expect(!Quantity(text).isValid, "\(text)") }
        }
        // Decoded quantities ignore surrounding whitespace, as Kubernetes' UnmarshalJSON does.
        #expect(Quantity(" 1").canonical == "1")
        #expect(Quantity("-1 ").value == -1)
        #expect(throws: Quantity.ParseError(message:
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")) {
            try Quantity(validating: "1 Gi")
        }
        #expect(throws: Quantity.ParseError(message: "unable to parse quantity's suffix")) { try Quantity(validating: "1GG") }
    }

    // Canonical form of a value in a format, and inputs that canonicalize to it
    // (TestQuantityString, TestQuantityParseEmit).
    static let canonicals: [(Amount, String, [String])] = [
        (Amount(1 << 30, format: .binarySI), "1Gi", ["1024Mi"]),
        (Amount(300 << 20, format: .binarySI), "300Mi", ["307200Ki"]),
        (Amount(6 * 1024, format: .binarySI), "6Ki", []),
        (Amount(1001 << 30, format: .binarySI), "1001Gi", ["1025024Mi"]),
        (Amount(1 << 40, format: .binarySI), "1Ti", ["1024Gi"]),
        (Amount(5, format: .binarySI), "5", ["5000m"]),
        (Amount(500, scale: -3, format: .binarySI), "500m", ["0.5"]),
        (Amount(1, scale: 9), "1G", ["1000M"]), (Amount(1000, scale: 6), "1G", ["0.001T"]),
        (Amount(1, scale: -3), "1m", ["1000u"]), (Amount(80, scale: -3), "80m", []),
        (Amount(1080, scale: -3), "1080m", ["1.08"]), (Amount(108, scale: -2), "1080m", ["1080000000n"]),
        (Amount(300, scale: 6), "300M", []), (Amount(1, scale: 12), "1T", []),
        (Amount(1, scale: 18), "1E", []), (Amount(1, scale: 21), "1e21", ["1000E"]), (Amount(5, scale: 21), "5e21", ["5000E"]),
        (Amount(1_234_567, scale: 6), "1234567M", []), (Amount(1_234_567, scale: -3, format: .binarySI), "1234567m", []),
        (Amount(3, scale: 3), "3k", ["3000"]), (Amount(1025, format: .binarySI), "1025", []),
        (Amount(0), "0", ["00", "0Gi", "-0"]),
        (Amount(1, scale: 9, format: .decimalExponent), "1e9", [".001e12"]),
        (Amount(1, scale: -3, format: .decimalExponent), "1e-3", ["0.001e0"]),
        (Amount(1, scale: -9, format: .decimalExponent), "1e-9", ["1000e-12"]),
        (Amount(80, scale: -3, format: .decimalExponent), "80e-3", []),
        (Amount(1, scale: 3, format: .decimalExponent), "1e3", ["1000e0"]),
        (Amount(1, scale: -9), "1n", []), (Amount(108, scale: -8), "1080n", []), (Amount(1080, scale: -6), "1080u", []),
        (Amount(1, format: .binarySI), "1", []),
    ]

    @Test func canonicalForms() throws {
        for (amount, expected, alternates) in Self.canonicals {
            #expect(amount.canonical == expected, "\(expected)")
            #expect(try Amount(parsing: expected).canonical == expected, "\(expected) re-parsed")
            for alternate in alternates {
                #expect(Quantity(alternate).canonical == expected, "\(alternate)")
            }
            if !amount.isZero {
                #expect((-amount).canonical == "-" + expected)
            }
        }
    }

    static let parseEmit: [(String, String)] = [
        ("1Ki", "1Ki"), ("1Mi", "1Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1000M", "1G"), (".001Ki", "1024m"),
        (".000001Ki", "1024u"), (".000000001Ki", "1024n"), (".000000000001Ki", "2n"),
        ("1000m", "1"), ("0.5", "500m"), ("1.5Gi", "1536Mi"), ("100M", "100M"), ("1000", "1k"), ("1.5", "1500m"),
        ("0.5Gi", "512Mi"), ("1.5Ki", "1536"), ("2048", "2048"), ("8Gi", "8Gi"),
        // Kubernetes keeps the input text when it already looks canonical.
        ("1e3", "1e3"), ("12.345k", "12.345k"), ("+1", "+1"),
    ]

    @Test func parseThenEmit() {
        for (input, expected) in Self.parseEmit {
            #expect(Quantity(input).canonical == expected, "\(input)")
        }
    }

    @Test func compareIsNumeric() {
        #expect(Quantity("1Gi") > Quantity("1G"))
        #expect(Quantity("500m").compare(Quantity("0.5")) == 0)
        #expect(Quantity("100m") > Quantity("50m"))
        #expect(Quantity("10000T") > Quantity("100Gi"))
        #expect(Quantity("0").compare(Quantity("0m")) == 0)
        #expect(Quantity("-1") < Quantity("1n"))
        #expect(Quantity("1e21") > Quantity("9Ei"))
        #expect([Quantity("2"), Quantity("1500m"), Quantity("1Ki"), Quantity("1k")].sorted().map(\.string)
            == ["1500m", "2", "1k", "1Ki"])
        #expect(Amount(1, scale: 1) == Amount(10))
        #expect(Set([Amount(1, scale: 1), Amount(10), Amount(10_000, scale: -3)]).count == 1)
    }

    // Value() and MilliValue() round away from zero (TestNegativeValueRoundsAwayFromZero).
    static let values: [(String, Int64, Int64)] = [
        ("-.484785E-7466", -1, -1), (".484785E-7466", 1, 1), ("-.484785E-1", -1, -49), (".484785E-1", 1, 49),
        ("-0.0005", -1, -1), ("0.0005", 1, 1), ("-1500m", -2, -1500), ("1500m", 2, 1500),
        ("-9.5000000001Gi", -10_200_547_329, -10_200_547_328_108), ("9.5000000001Gi", 10_200_547_329, 10_200_547_328_108),
        ("-1", -1, -1000), ("1", 1, 1000), ("0", 0, 0), ("1Gi", 1 << 30, 1000 << 30), ("250m", 1, 250),
        ("1e30", Int64.max, Int64.max), ("-1e30", Int64.min, Int64.min),
    ]

    @Test func valueAndMilliValue() {
        for (text, value, milli) in Self.values {
            #expect(Quantity(text).value == value, "\(text)")
            #expect(Quantity(text).milliValue == milli, "\(text)")
        }
        #expect(Amount(1, scale: -9).scaledValue(-9) == 1)
        #expect(Amount(1, scale: 2).scaledValue(-2) == 10_000)
    }

    @Test func addAndSubtract() throws {
        #expect((Quantity("100m") + Quantity("0")).string == "100m")
        #expect((Quantity("0") + Quantity("100m")).string == "100m")
        #expect((Quantity("0") + Quantity("1Gi")).string == "1Gi")
        #expect((Quantity("1Gi") - Quantity("0")).string == "1Gi")
        #expect((Quantity("0") - Quantity("1Gi")).string == "-1Gi")
        #expect((Quantity("1") + Quantity("500m")).string == "1500m")
        #expect((Quantity("1Gi") + Quantity("512Mi")).string == "1536Mi")
        #expect((Quantity("10") - Quantity("1") ).string == "9")
        #expect((Quantity("10") - Quantity("1e1")).string == "0")
        var total = Amount.zero
        for q in ["100m", "250m", "1", "1.5"] { total += try Quantity(q).parsed() }
        #expect(total.canonical == "2850m")
        #expect(total.milliValue == 2850)
        let big = try Amount(parsing: "9223372036854775807") + Amount(1)
        #expect(big.canonical == "9223372036854775808")
        #expect(big.integerValue == Int64.max)
    }

    @Test func constructedAmounts() {
        #expect(Amount(1000).canonical == "1k")
        #expect(Amount(1_234_000).canonical == "1234k")
        #expect(Amount(1024, format: .binarySI).canonical == "1Ki")
        #expect(Amount(1 << 20, format: .binarySI).canonical == "1Mi")
        #expect(Amount(1_000_000, format: .decimalExponent).canonical == "1e6")
        #expect(Amount(milli: 1).canonical == "1m")
        #expect(Amount(milli: 1000).canonical == "1")
        #expect(Amount(milli: 1024, format: .binarySI).canonical == "1024m")
        #expect(Amount(milli: 1_000_000, format: .decimalExponent).canonical == "1e3")
        #expect(Amount(1, scale: -12).canonical == "1e-12")
        #expect(Amount(1, scale: -10).canonical == "100e-12")
    }
}
