import Testing
@testable import CapstanAPI

struct FieldSelectorTests {
    @Test func parsesAndReprints() throws {
        for text in ["x=a,y=b,z=c", "", "x!=a,y=b", #"x=a||y\=b"#, #"x=a\=\=b"#] {
            #expect(try FieldSelector(parsing: text).description == text, "\(text)")
        }
        for text in ["x=a||y=b", "x==a==b", "x=a,b", "x in (a)", "x in (a,b,c)", "x"] {
            #expect(throws: SelectorError.self, "\(text)") { try FieldSelector(parsing: text) }
        }
        #expect(try FieldSelector(parsing: "x=a,a=x").description == "a=x,x=a")
        #expect(try FieldSelector(parsing: "a==b").description == "a=b")
        #expect(try FieldSelector(parsing: "").isEmpty)
    }

    @Test func errorMessages() {
        #expect(throws: SelectorError("invalid selector: 'x=a,b'; can't understand 'b'")) { try FieldSelector(parsing: "x=a,b") }
        #expect(throws: SelectorError("invalid field selector: unescaped character in value: 61")) {
            try FieldSelector(parsing: "x==a==b")
        }
        #expect(throws: SelectorError(#"invalid field selector: invalid escape sequence: \a"#)) {
            try FieldSelector(parsing: #"x=\a"#)
        }
        #expect(throws: SelectorError(#"invalid field selector: invalid escape sequence: \"#)) {
            try FieldSelector(parsing: #"x=\"#)
        }
    }

    @Test func splitting() {
        #expect(FieldSelector.splitTerms(#"k=\,,k2=v2"#) == [#"k=\,"#, "k2=v2"])
        #expect(FieldSelector.splitTerms(#"k=\\,k2=v2"#) == [#"k=\\"#, "k2=v2"])
        #expect(FieldSelector.splitTerms(#"k=\\\,,k2=v2"#) == [#"k=\\\,"#, "k2=v2"])
        #expect(FieldSelector.splitTerms("a=a,") == ["a=a", ""])
        #expect(FieldSelector.splitTerms("") == [])
        #expect(FieldSelector.splitTerms("함=수,목=록") == ["함=수", "목=록"])
        #expect(FieldSelector.splitTerm("c!=value")! == ("c", .notEquals, "value"))
        #expect(FieldSelector.splitTerm("b==value")! == ("b", .equals, "value"))
        #expect(FieldSelector.splitTerm("a") == nil)
    }

    @Test func escaping() throws {
        let table: [(String, String)] = [("", ""), ("a", "a"), ("=", #"\="#), (",", #"\,"#), (#"\"#, #"\\"#),
                                         (#"\=\,\"#, #"\\\=\\\,\\"#)]
        for (plain, escaped) in table {
            #expect(FieldSelector.escapeValue(plain) == escaped)
            #expect(try FieldSelector.unescapeValue(escaped) == plain)
        }
    }

    @Test func matches() throws {
        let fields = ["foo": "bar", "baz": "blah", "complex": #"=value\,\"#]
        let cases: [(String, [String: String], Bool)] = [
            ("", ["x": "y"], true), ("x=y", ["x": "y"], true), ("x=y,z=w", ["x": "y", "z": "w"], true),
            ("x!=y,z!=w", ["x": "z", "z": "a"], true), ("notin=in", ["notin": "in"], true),
            ("x=y", ["x": "z"], false), ("x=y,z=w", ["x": "w", "z": "w"], false),
            ("x!=y,z!=w", ["x": "z", "z": "w"], false),
            ("foo=bar,baz=blah", fields, true), (#"foo=bar,baz=blah,complex=\=value\\\,\\"#, fields, true),
            ("foo=blah", fields, false), ("foo=bar,foobar=bar,baz=blah", fields, false),
            ("missing=", fields, true), ("missing!=", fields, false),
        ]
        for (text, set, expected) in cases {
            #expect(try FieldSelector(parsing: text).matches(set) == expected, "\(text)")
        }
        #expect(try FieldSelector(parsing: "spec.nodeName=n1,status.phase!=Failed").requiresExactMatch("spec.nodeName") == "n1")
    }

    @Test func podFieldSet() throws {
        let pod = pj(#"""
            {"metadata":{"name":"p","namespace":"ns"},
             "spec":{"nodeName":"n1","restartPolicy":"Always","schedulerName":"default-scheduler",
                     "serviceAccountName":"default","hostNetwork":true},
             "status":{"phase":"Running","podIP":"10.0.0.9","podIPs":[{"ip":"10.0.0.9"},{"ip":"fd00::9"}]}}
            """#)
        #expect(FieldSelector.fieldSet(kind: "Pod", object: pod) == [
            "metadata.name": "p", "metadata.namespace": "ns", "spec.nodeName": "n1", "spec.restartPolicy": "Always",
            "spec.schedulerName": "default-scheduler", "spec.serviceAccountName": "default", "spec.hostNetwork": "true",
            "status.phase": "Running", "status.podIP": "10.0.0.9", "status.nominatedNodeName": "",
        ])
        let pending = FieldSelector.fieldSet(kind: "Pod", object: pj(#"{"metadata":{"name":"q"}}"#))
        #expect(pending["spec.hostNetwork"] == "false")
        #expect(try FieldSelector(parsing: "spec.nodeName=").matches(pending))
    }

    @Test func otherKindsFieldSets() {
        let event = pj(#"""
            {"metadata":{"name":"e","namespace":"ns"},"reason":"Pulled","type":"Normal","reportingComponent":"kubelet",
             "involvedObject":{"kind":"Pod","name":"p","namespace":"ns","uid":"u1","apiVersion":"v1","resourceVersion":"7",
                               "fieldPath":"spec.containers{c}"},"source":{}}
            """#)
        let e = FieldSelector.fieldSet(kind: "Event", object: event)
        #expect(e["involvedObject.kind"] == "Pod" && e["involvedObject.uid"] == "u1" && e["involvedObject.fieldPath"] == "spec.containers{c}")
        #expect(e["reason"] == "Pulled" && e["type"] == "Normal" && e["reportingComponent"] == "kubelet")
        #expect(e["source"] == "kubelet")

        #expect(FieldSelector.fieldSet(kind: "Secret", object: pj(#"{"type":"kubernetes.io/tls"}"#))["type"] == "kubernetes.io/tls")
        #expect(FieldSelector.fieldSet(kind: "Node", object: pj(#"{"spec":{"unschedulable":true}}"#))["spec.unschedulable"] == "true")
        #expect(FieldSelector.fieldSet(kind: "Node", object: pj(#"{"spec":{}}"#))["spec.unschedulable"] == "false")
        #expect(FieldSelector.fieldSet(kind: "Namespace", object: pj(#"{"status":{"phase":"Active"}}"#))["status.phase"] == "Active")
        #expect(FieldSelector.fieldSet(kind: "ReplicaSet", object: pj(#"{"status":{"replicas":3}}"#))["status.replicas"] == "3")
        #expect(FieldSelector.fieldSet(kind: "ReplicationController", object: pj("{}"))["status.replicas"] == "0")
        #expect(FieldSelector.fieldSet(kind: "Job", object: pj(#"{"status":{"succeeded":2}}"#))["status.successful"] == "2")
        #expect(FieldSelector.fieldSet(kind: "CertificateSigningRequest", object: pj(#"{"spec":{"signerName":"x/y"}}"#))["spec.signerName"] == "x/y")
        #expect(FieldSelector.fieldSet(kind: "Service", object: pj(#"{"spec":{"clusterIP":"None","type":"ClusterIP"}}"#))
            == ["metadata.name": "", "metadata.namespace": "", "spec.clusterIP": "None", "spec.type": "ClusterIP"])
        #expect(FieldSelector.fieldSet(kind: "ConfigMap", object: pj(#"{"metadata":{"name":"c"}}"#))
            == ["metadata.name": "c", "metadata.namespace": ""])
    }

    /// The keys for an empty object are the fields a kind supports; cluster-scoped
    /// kinds have no metadata.namespace (Kubernetes answers "field label not supported").
    @Test func supportedFields() throws {
        #expect(Set(FieldSelector.fieldSet(kind: "Node", object: .emptyObject).keys) == ["metadata.name", "spec.unschedulable"])
        #expect(Set(FieldSelector.fieldSet(kind: "Namespace", object: .emptyObject).keys) == ["metadata.name", "status.phase"])
        #expect(FieldSelector.fieldSet(kind: "Widget", object: .emptyObject, namespaced: false) == ["metadata.name": ""])
        #expect(FieldSelector.fieldSet(kind: "Widget", object: .emptyObject).keys.contains("metadata.namespace"))
        #expect(try FieldSelector(parsing: "b=1,a!=2").fieldNames == ["a", "b"])
    }
}
