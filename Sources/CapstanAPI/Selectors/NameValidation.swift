/// Kubernetes' name and label validation (apimachinery `util/validation`).
/// Each function returns the list of problems, worded exactly as Kubernetes
/// words them; an empty list means the value is valid. Lengths are in bytes.
public enum NameValidation {
    public static let qualifiedNameMaxLength = 63
    public static let labelValueMaxLength = 63
    public static let dns1123LabelMaxLength = 63
    public static let dns1123SubdomainMaxLength = 253
    public static let dns1035LabelMaxLength = 63

    static let qualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let qualifiedNameErrMsg =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let labelValueFmt = "(" + qualifiedNameFmt + ")?"
    static let labelValueErrMsg =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123LabelErrMsg =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
    static let dns1123SubdomainFmt = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*"
    static let dns1123SubdomainErrMsg =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
    static let dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let dns1035LabelErrMsg =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"

    /// A label key or other "qualified name": an optional DNS-1123 subdomain
    /// prefix and `/`, then a name of at most 63 characters.
    public static func qualifiedName(_ value: String) -> [String] {
        var errs: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errs.append("prefix part " + emptyError)
            } else {
                errs += dns1123Subdomain(String(prefix)).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errs.append("name part " + emptyError)
        } else if name.utf8.count > qualifiedNameMaxLength {
            errs.append("name part " + maxLenError(qualifiedNameMaxLength))
        }
        if !isQualifiedNamePart(name) {
            errs.append("name part " + regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc"))
        }
        return errs
    }

    /// A label value: empty, or up to 63 characters of `[-A-Za-z0-9_.]`
    /// starting and ending with an alphanumeric.
    public static func labelValue(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > labelValueMaxLength {
            errs.append(maxLenError(labelValueMaxLength))
        }
        if !value.isEmpty && !isQualifiedNamePart(Substring(value)) {
            errs.append(regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"))
        }
        return errs
    }

    /// An RFC 1123 label (e.g. a namespace or service name).
    public static func dns1123Label(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > dns1123LabelMaxLength {
            errs.append(maxLenError(dns1123LabelMaxLength))
        }
        if !isDNSLabel(Substring(value), firstIsLetter: false) {
            if isDNS1123Subdomain(value) {
                errs.append("must not contain dots")
            } else {
                errs.append(regexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc"))
            }
        }
        return errs
    }

    /// An RFC 1123 subdomain (the usual object name).
    public static func dns1123Subdomain(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > dns1123SubdomainMaxLength {
            errs.append(maxLenError(dns1123SubdomainMaxLength))
        }
        if !isDNS1123Subdomain(value) {
            errs.append(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, "example.com"))
        }
        return errs
    }

    /// An RFC 1035 label (starts with a letter; e.g. a service port name).
    public static func dns1035Label(_ value: String) -> [String] {
        var errs: [String] = []
        if value.utf8.count > dns1035LabelMaxLength {
            errs.append(maxLenError(dns1035LabelMaxLength))
        }
        if !isDNSLabel(Substring(value), firstIsLetter: true) {
            errs.append(regexError(dns1035LabelErrMsg, dns1035LabelFmt, "my-name", "abc-123"))
        }
        return errs
    }

    /// A name usable as one URL path segment (what Kubernetes requires of
    /// every object name): not `.` or `..`, no `/` or `%`.
    public static func pathSegmentName(_ value: String) -> [String] {
        for illegal in [".", ".."] where value == illegal {
            return ["may not be '\(illegal)'"]
        }
        return ["/", "%"].filter { value.contains($0) }.map { "may not contain '\($0)'" }
    }

    // MARK: - Message helpers (apimachinery validation/errors.go)

    static let emptyError = "must be non-empty"

    static func maxLenError(_ length: Int) -> String {
        "must be no more than \(length) characters"
    }

    static func regexError(_ msg: String, _ fmt: String, _ examples: String...) -> String {
        if examples.isEmpty { return msg + " (regex used for validation is '" + fmt + "')" }
        var out = msg + " (e.g. "
        for (i, e) in examples.enumerated() {
            if i > 0 { out += " or " }
            out += "'" + e + "', "
        }
        return out + "regex used for validation is '" + fmt + "')"
    }

    // MARK: - Matchers (ASCII, as Go's regexp on these patterns)

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    private static func isLowerAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A)
    }

    /// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
    static func isQualifiedNamePart(_ s: Substring) -> Bool {
        let b = Array(s.utf8)
        guard let first = b.first, let last = b.last, isAlnum(first), isAlnum(last) else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, or with a leading letter for RFC 1035.
    private static func isDNSLabel(_ s: Substring, firstIsLetter: Bool) -> Bool {
        let b = Array(s.utf8)
        guard let first = b.first, let last = b.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        if firstIsLetter && !(first >= 0x61 && first <= 0x7A) { return false }
        return b.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isDNS1123Subdomain(_ s: String) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNSLabel($0, firstIsLetter: false) }
    }
}
