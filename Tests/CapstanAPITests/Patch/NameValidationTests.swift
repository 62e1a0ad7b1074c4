import Testing
@testable import CapstanAPI

struct NameValidationTests {
    static let nameRegexError = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let subdomainRegexError = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

    @Test func qualifiedNames() {
        for good in ["simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple", "now-with-dashes/simple",
                     "now-with-dashes/now-with-dashes", "now.with.dots/now-with-dashes", "now-with.dots/now-with.dots",
                     "now.with.dots/now.with.dots", "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123",
                     "example.com/Uppercase_Is_OK_123", "requests.storage-foo", String(repeating: "a", count: 63),
                     String(repeating: "a", count: 253) + "/" + String(repeating: "b", count: 63)] {
            #expect(NameValidation.qualifiedName(good).isEmpty, "\(good)")
        }
        for bad in ["nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-", "only/one/slash", "Example.com/abc",
                    "example_com/abc", "example.com/", "/simple", String(repeating: "a", count: 64),
                    String(repeating: "a", count: 254) + "/abc"] {
            #expect(!NameValidation.qualifiedName(bad).isEmpty, "\(bad)")
        }
    }

    @Test func qualifiedNameMessages() {
        #expect(NameValidation.qualifiedName("-x") == [Self.nameRegexError])
        #expect(NameValidation.qualifiedName("") == ["name part must be non-empty", Self.nameRegexError])
        #expect(NameValidation.qualifiedName(String(repeating: "a", count: 64))
            == ["name part must be no more than 63 characters"])
        #expect(NameValidation.qualifiedName("/x") == ["prefix part must be non-empty"])
        #expect(NameValidation.qualifiedName("Ex.com/x") == ["prefix part " + Self.subdomainRegexError])
    }

    @Test func labelValues() {
        for good in ["", "simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234",
                     String(repeating: "a", count: 63), "Uppercase_Is_OK_123"] {
            #expect(NameValidation.labelValue(good).isEmpty, "\(good)")
        }
        #expect(NameValidation.labelValue(String(repeating: "a", count: 64)) == ["must be no more than 63 characters"])
        #expect(NameValidation.labelValue("nospecialchars%^=@") == ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"])
        #expect(!NameValidation.labelValue("with space").isEmpty)
        #expect(!NameValidation.labelValue("ünicode").isEmpty)
    }

    @Test func pathSegmentNames() {
        #expect(NameValidation.pathSegmentName("ok-name.x").isEmpty)
        #expect(NameValidation.pathSegmentName("..") == ["may not be '..'"])
        #expect(NameValidation.pathSegmentName(".") == ["may not be '.'"])
        #expect(NameValidation.pathSegmentName("a/b%c") == ["may not contain '/'", "may not contain '%'"])
    }

    @Test func dnsNames() {
        for good in ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2",
                     String(repeating: "a", count: 63)] {
            #expect(NameValidation.dns1123Label(good).isEmpty, "\(good)")
            #expect(NameValidation.dns1123Subdomain(good).isEmpty, "\(good)")
        }
        for good in ["a.a", "ab.a", "a.1", "0.a", "a-1.a--1--2--b", String(repeating: "a", count: 253)] {
            #expect(NameValidation.dns1123Subdomain(good).isEmpty, "\(good)")
        }
        #expect(NameValidation.dns1123Subdomain("Example.com") == [Self.subdomainRegexError])
        #expect(NameValidation.dns1123Subdomain(String(repeating: "a", count: 254))
            == ["must be no more than 253 characters"])
        for bad in ["", "A", "ABC", "a.", ".a", "a..b", "-a", "a-", "a_b", "a b", "1 "] {
            #expect(!NameValidation.dns1123Subdomain(bad).isEmpty, "\(bad)")
        }
        #expect(NameValidation.dns1123Label("a.b") == ["must not contain dots"])
        #expect(NameValidation.dns1123Label("A") == ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"])
        #expect(NameValidation.dns1123Label(String(repeating: "a", count: 64)) == ["must be no more than 63 characters"])
        #expect(NameValidation.dns1035Label("abc-123").isEmpty)
        #expect(NameValidation.dns1035Label("1abc") == ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"])
    }
}
