/// Lexer and recursive-descent parser for the label selector syntax, a
/// transcription of the grammar in apimachinery `labels/selector.go`:
///
///     <selector>    ::= <requirement> | <requirement> "," <selector>
///     <requirement> ::= [!] KEY [ <set-based> | <exact-match> ]
///     <set-based>   ::= ("in" | "notin") "(" VALUE { "," VALUE } ")"
///     <exact-match> ::= ("=" | "==" | "!=" | ">" | "<") VALUE
///
/// Whitespace separates tokens and is otherwise ignored.
struct LabelSelectorParser {
    enum Token: Equatable {
        case endOfString, closedPar, comma, doesNotExist, doubleEquals, equals, greaterThan
        case identifier, `in`, lessThan, notEquals, notIn, openPar
    }

    private struct Item {
        var token: Token
        var literal: String
    }

    private enum Context { case keyAndOperator, values }

    private static let symbols: [String: Token] = [
        ")": .closedPar, ",": .comma, "!": .doesNotExist, "==": .doubleEquals, "=": .equals, ">": .greaterThan,
        "in": .in, "<": .lessThan, "!=": .notEquals, "notin": .notIn, "(": .openPar,
    ]
    private static let binaryOperators = "in, notin, =, ==, !=, gt, lt"

    private var items: [Item] = []
    private var position = 0

    init(_ text: String) {
        items = Self.scan(Array(text.utf8))
    }

    // MARK: lexer

    private static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A
    }

    private static func isSpecial(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
             UInt8(ascii: ">"), UInt8(ascii: "<"):
            return true
        default:
            return false
        }
    }

    private static func scan(_ s: [UInt8]) -> [Item] {
        var out: [Item] = []
        var i = 0
        while true {
            while i < s.count && isWhitespace(s[i]) { i += 1 }
            guard i < s.count else {
                out.append(Item(token: .endOfString, literal: ""))
                return out
            }
            if isSpecial(s[i]) {
                // Longest run of special symbols that still forms a token.
                var buffer: [UInt8] = []
                var last: Item?
                while i < s.count && isSpecial(s[i]) {
                    buffer.append(s[i])
                    let text = String(decoding: buffer, as: UTF8.self)
                    if let t = symbols[text] {
                        last = Item(token: t, literal: text)
                        i += 1
                    } else if last != nil {
                        break
                    } else {
                        i += 1
                    }
                }
                out.append(last ?? Item(token: .identifier, literal: ""))
            } else {
                let start = i
                while i < s.count && !isSpecial(s[i]) && !isWhitespace(s[i]) { i += 1 }
                let text = String(decoding: s[start..<i], as: UTF8.self)
                out.append(Item(token: text == "in" ? .in : text == "notin" ? .notIn : .identifier, literal: text))
            }
        }
    }

    // MARK: parser

    private func lookahead(_ context: Context) -> (Token, String) {
        let item = items[position]
        return (Self.adjust(item.token, context), item.literal)
    }

    private mutating func consume(_ context: Context) -> (Token, String) {
        let item = items[position]
        position += 1
        return (Self.adjust(item.token, context), item.literal)
    }

    /// In a value position `in` and `notin` are ordinary identifiers.
    private static func adjust(_ t: Token, _ context: Context) -> Token {
        if context == .values && (t == .in || t == .notIn) { return .identifier }
        return t
    }

    mutating func parse() throws(SelectorError) -> [LabelSelectorExpression.Requirement] {
        var requirements: [LabelSelectorExpression.Requirement] = []
        while true {
            let (tok, lit) = lookahead(.values)
            switch tok {
            case .identifier, .doesNotExist:
                do {
                    requirements.append(try parseRequirement())
                } catch {
                    throw SelectorError("unable to parse requirement: \(error.message)")
                }
                let (t, l) = consume(.values)
                switch t {
                case .endOfString:
                    return requirements
                case .comma:
                    let (t2, l2) = lookahead(.values)
                    if t2 != .identifier && t2 != .doesNotExist {
                        throw SelectorError("found '\(l2)', expected: identifier after ','")
                    }
                default:
                    throw SelectorError("found '\(l)', expected: ',' or 'end of string'")
                }
            case .endOfString:
                return requirements
            default:
                throw SelectorError("found '\(lit)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelSelectorExpression.Requirement {
        var (tok, key) = consume(.values)
        var op: LabelSelectorExpression.Operator?
        if tok == .doesNotExist {
            op = .doesNotExist
            (tok, key) = consume(.values)
        }
        guard tok == .identifier else { throw SelectorError("found '\(key)', expected: identifier") }
        let keyErrs = NameValidation.qualifiedName(key)
        if !keyErrs.isEmpty {
            throw SelectorError(FieldErrorText.invalid("<nil>", .string(key), keyErrs.joined(separator: "; ")))
        }
        let (next, _) = lookahead(.values)
        if next == .endOfString || next == .comma {
            return try .init(key: key, op: op ?? .exists)
        }
        if op == .doesNotExist {
            return try .init(key: key, op: .doesNotExist)
        }
        let binary = try parseOperator()
        let values: [String]
        switch binary {
        case .in, .notIn: values = try parseValues()
        default: values = try parseExactValue()
        }
        return try .init(key: key, op: binary, values: values)
    }

    private mutating func parseOperator() throws(SelectorError) -> LabelSelectorExpression.Operator {
        let (tok, lit) = consume(.keyAndOperator)
        switch tok {
        case .in: return .in
        case .equals: return .equals
        case .doubleEquals: return .doubleEquals
        case .greaterThan: return .greaterThan
        case .lessThan: return .lessThan
        case .notIn: return .notIn
        case .notEquals: return .notEquals
        default: throw SelectorError("found '\(lit)', expected: \(Self.binaryOperators)")
        }
    }

    /// `(a,b,c)`; empty entries are the empty value. Returns a sorted set.
    private mutating func parseValues() throws(SelectorError) -> [String] {
        let (tok, lit) = consume(.values)
        guard tok == .openPar else { throw SelectorError("found '\(lit)' expected: '('") }
        let (next, nextLit) = lookahead(.values)
        switch next {
        case .identifier, .comma:
            let set = try parseIdentifiersList()
            let (close, _) = consume(.values)
            guard close == .closedPar else { throw SelectorError("found '\(nextLit)', expected: ')'") }
            return set
        case .closedPar:
            _ = consume(.values)
            return [""]
        default:
            throw SelectorError("found '\(nextLit)', expected: ',', ')' or identifier")
        }
    }

    private mutating func parseIdentifiersList() throws(SelectorError) -> [String] {
        var set = Set<String>()
        func sortedSet() -> [String] { set.sorted(by: goLess) }
        while true {
            let (tok, lit) = consume(.values)
            switch tok {
            case .identifier:
                set.insert(lit)
                let (t2, l2) = lookahead(.values)
                switch t2 {
                case .comma: continue
                case .closedPar: return sortedSet()
                default: throw SelectorError("found '\(l2)', expected: ',' or ')'")
                }
            case .comma:
                if set.isEmpty { set.insert("") }
                let (t2, _) = lookahead(.values)
                if t2 == .closedPar {
                    set.insert("")
                    return sortedSet()
                }
                if t2 == .comma {
                    _ = consume(.values)
                    set.insert("")
                }
            default:
                throw SelectorError("found '\(lit)', expected: ',', or identifier")
            }
        }
    }

    private mutating func parseExactValue() throws(SelectorError) -> [String] {
        let (next, _) = lookahead(.values)
        if next == .endOfString || next == .comma { return [""] }
        let (tok, lit) = consume(.values)
        guard tok == .identifier else { throw SelectorError("found '\(lit)', expected: identifier") }
        return [lit]
    }
}
