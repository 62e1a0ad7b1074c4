import Testing
@testable import CapstanAPI

struct LabelSelectorTests {
    // apimachinery labels TestSelectorParse: these re-print as written (without spaces).
    static let good = ["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"]
    static let bad = ["x=a||y=b", "x==a==b", "!x=a", "x<a"]

    @Test func parsesAndReprints() throws {
        for text in Self.good {
            let s = try LabelSelectorExpression(parsing: text)
            #expect(s.description == text.replacingSpaces(), "\(text)")
        }
        for text in Self.bad {
            #expect(throws: SelectorError.self, "\(text)") { try LabelSelectorExpression(parsing: text) }
        }
        #expect(try LabelSelectorExpression(parsing: "x=a,a=x").description == "a=x,x=a")
    }

    static let normalizations: [(String, String)] = [
        ("\rx", "x"),
        ("this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash"),
        ("this-is-another-dns.domain.com/key-with-dash in (so,what)", "this-is-another-dns.domain.com/key-with-dash in (so,what)"),
        ("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)"),
        ("foo  in\t (abc)", "foo in (abc)"),
        ("x notin\n (abc)", "x notin (abc)"),
        ("x in (def,abc)", "x in (abc,def)"),
        ("x in (abc,)", "x in (,abc)"),
        ("x in ()", "x in ()"),
        ("x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()"),
        ("x,y in (a)", "x,y in (a)"),
        ("x==a", "x==a"),
        ("notin=in", "notin=in"),
        ("environment in (production, qa), tier notin (frontend)", "environment in (production,qa),tier notin (frontend)"),
    ]

    @Test func normalizesLikeKubernetes() throws {
        for (input, printed) in Self.normalizations {
            #expect(try LabelSelectorExpression(parsing: input).description == printed, "\(input)")
        }
    }

    static let matches: [(String, [String: String], Bool)] = [
        ("", ["x": "y"], true), ("x=y", ["x": "y"], true), ("x=y,z=w", ["x": "y", "z": "w"], true),
        ("x!=y,z!=w", ["x": "z", "z": "a"], true), ("notin=in", ["notin": "in"], true), ("x", ["x": "z"], true),
        ("!x", ["y": "z"], true), ("x>1", ["x": "2"], true), ("x<1", ["x": "0"], true),
        ("x=z", [:], false), ("x=y", ["x": "z"], false), ("x=y,z=w", ["x": "w", "z": "w"], false),
        ("x!=y,z!=w", ["x": "z", "z": "w"], false), ("x", ["y": "z"], false), ("!x", ["x": "z"], false),
        ("x>1", ["x": "0"], false), ("x<1", ["x": "2"], false), ("x>1", ["x": "v2"], false),
        ("x in (foo),y notin (alpha)", ["x": "foo", "y": "baz"], true),
        ("x in (foo),y in (alpha)", ["x": "foo", "y": "baz"], false),
        ("x notin (),y", ["y": ""], true), ("!x,y", ["y": ""], true), ("x in ()", ["y": "baz"], false),
        ("x notin (a)", [:], true), ("x!=a", [:], true), ("x=", ["x": ""], true),
        ("foo=bar,foobar=bar,baz=blah", ["foo": "bar", "baz": "blah"], false),
    ]

    @Test func matchesLabelSets() throws {
        for (text, labels, expected) in Self.matches {
            #expect(try LabelSelectorExpression(parsing: text).matches(labels) == expected, "\(text) on \(labels)")
        }
    }

    static let errors: [(String, String)] = [
        ("x=a||y=b", "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
        ("!x=a", "found '=', expected: ',' or 'end of string'"),
        ("x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"),
        ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
        ("x in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("x in a", "unable to parse requirement: found 'a' expected: '('"),
        (",x", "found ',', expected: !, identifier, or 'end of string'"),
        ("x,", "found '', expected: identifier after ','"),
        ("x=a b", "found 'b', expected: ',' or 'end of string'"),
        ("-x", "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
        ("app=-bad", "unable to parse requirement: values[0][app]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
    ]

    @Test func errorMessagesMatchKubernetes() {
        for (text, message) in Self.errors {
            #expect(throws: SelectorError(message), "\(text)") { try LabelSelectorExpression(parsing: text) }
        }
    }

    @Test func fromStructuredSelector() throws {
        let structured = LabelSelector(
            matchLabels: ["app": "web", "tier": "front"],
            matchExpressions: [
                LabelSelectorRequirement(key: "env", operator: "In", values: ["prod", "qa"]),
                LabelSelectorRequirement(key: "canary", operator: "DoesNotExist"),
            ])
        let s = try LabelSelectorExpression(structured)
        #expect(s.description == "app=web,!canary,env in (prod,qa),tier=front")
        #expect(s.matches(["app": "web", "tier": "front", "env": "qa"]))
        #expect(!s.matches(["app": "web", "tier": "front", "env": "qa", "canary": "1"]))
        #expect(!s.matches(["app": "web", "tier": "front", "env": "dev"]))
        #expect(s.requiresExactMatch("app") == "web")

        #expect(try LabelSelectorExpression(LabelSelector()).isEmpty)
        #expect(try LabelSelectorExpression(LabelSelector()).matches(["any": "thing"]))
        let nothing = try LabelSelectorExpression(nil as LabelSelector?)
        #expect(!nothing.isEmpty && !nothing.matches([:]))
    }

    @Test func fromSelectorJSON() throws {
        let s = try LabelSelectorExpression(decodingJSON: pj(#"""
            {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"NotIn","values":["db"]}]}
            """#))
        #expect(s.description == "app=web,tier notin (db)")
        #expect(try LabelSelectorExpression(decodingJSON: pj("{}")).isEmpty)
        #expect(try !LabelSelectorExpression(decodingJSON: .null).matches([:]))
        #expect(throws: SelectorError("json: cannot unmarshal number into Go struct field LabelSelector.matchLabels of type string")) {
            try LabelSelectorExpression(decodingJSON: pj(#"{"matchLabels":{"a":1}}"#))
        }
        #expect(throws: SelectorError("\"Foo\" is not a valid label selector operator")) {
            try LabelSelectorExpression(decodingJSON: pj(#"{"matchExpressions":[{"key":"a","operator":"Foo"}]}"#))
        }
    }

    @Test func structuredSelectorValidation() {
        let cases: [(LabelSelectorRequirement, String)] = [
            (LabelSelectorRequirement(key: "x", operator: "In"),
             "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"),
            (LabelSelectorRequirement(key: "x", operator: "Exists", values: ["a"]),
             "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist"),
            (LabelSelectorRequirement(key: "x", operator: "Gt", values: ["1"]),
             "\"Gt\" is not a valid label selector operator"),
            (LabelSelectorRequirement(key: "a/b/c", operator: "Exists"),
             "key: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        ]
        for (requirement, message) in cases {
            #expect(throws: SelectorError(message)) {
                try LabelSelectorExpression(LabelSelector(matchExpressions: [requirement]))
            }
        }
        // Several problems are reported together, as a Kubernetes aggregate.
        #expect(throws: SelectorError("[key: Invalid value: \"-k\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]")) {
            try LabelSelectorExpression.Requirement(key: "-k", op: .in, values: [])
        }
    }

    @Test func requirementConstructor() {
        let cases: [(String, LabelSelectorExpression.Operator, [String], Bool)] = [
            ("x", .in, [], false), ("x", .notIn, [], false), ("x", .in, ["foo"], true), ("x", .notIn, ["foo"], true),
            ("x", .exists, [], true), ("x", .doesNotExist, [], true), ("1foo", .in, ["bar"], true),
            ("1234", .in, ["bar"], true), ("y", .greaterThan, ["1"], true), ("z", .lessThan, ["6"], true),
            ("foo", .greaterThan, ["bar"], false), ("barz", .lessThan, ["blah"], false),
            (String(repeating: "a", count: 254), .exists, [], false),
        ]
        for (key, op, values, ok) in cases {
            let made = (try? LabelSelectorExpression.Requirement(key: key, op: op, values: values)) != nil
            #expect(made == ok, "\(key) \(op) \(values)")
        }
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { filter { $0 != " " } }
}
