import Foundation
import Testing

@Suite(.serialized) struct KubectlAdvancedTests {
    let c: TestCluster
    init() throws { c = try TestCluster() }

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, labels: {app: api}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
              - name: api
                image: registry.example/api:1.0
                env: [{name: A, value: "1"}]
        """

    @Test func explainDescribeScale() throws {
        let explain = try c.ok("explain", "pod.spec.containers")
        #expect(explain.contains("FIELD") || explain.contains("FIELDS"))
        #expect(explain.contains("image"))
        try c.ok("apply", "-f", "-", stdin: Self.deployment)
        let d = try c.ok("describe", "deployment", "api")
        #expect(d.contains("Name:") && d.contains("api") && d.contains("Replicas:"))
        try c.ok("scale", "deployment", "api", "--replicas=4")
        #expect(try c.ok("get", "deploy", "api", "-o", "jsonpath={.spec.replicas}") == "4")
        let scale = try c.ok("get", "--raw", "/apis/apps/v1/namespaces/default/deployments/api/scale")
        #expect(scale.contains("\"kind\":\"Scale\"") && scale.contains("\"replicas\":4"))
    }

    @Test func serverSideApply() throws {
        let cm = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa"},"data":{"a":"1"}}"#
        #expect(try c.ok("apply", "--server-side", "-f", "-", stdin: cm).contains("serverside-applied"))
        let mf = try c.ok("get", "cm", "ssa", "-o", "jsonpath={.metadata.managedFields[0].manager}/{.metadata.managedFields[0].operation}")
        #expect(mf == "kubectl/Apply")
        let changed = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa"},"data":{"a":"2","b":"3"}}"#
        try c.ok("apply", "--server-side", "-f", "-", stdin: changed)
        #expect(try c.ok("get", "cm", "ssa", "-o", "jsonpath={.data.a},{.data.b}") == "2,3")
    }

    @Test func customResources() throws {
        try c.ok("apply", "-f", "-", stdin: """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer, minimum: 1, maximum: 10}
                          color: {type: string, enum: [red, blue]}
                additionalPrinterColumns:
                - {name: Size, type: integer, jsonPath: .spec.size}
            """)
        try c.ok("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=10s")
        try c.ok("apply", "-f", "-", stdin: """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w1}
            spec: {size: 3, color: red}
            """)
        let table = try c.ok("get", "widgets")
        #expect(table.contains("SIZE") && table.contains("w1") && table.contains("3"))
        #expect(try c.ok("get", "wd", "w1", "-o", "jsonpath={.spec.color}") == "red")
        let invalid = try c.fails("apply", "-f", "-", stdin: """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w2}
            spec: {size: 30, color: green}
            """)
        #expect(invalid.contains("size") && invalid.contains("color"))
        try c.ok("patch", "widget", "w1", "--type", "merge", "-p", #"{"spec":{"size":5}}"#)
        #expect(try c.ok("get", "widget", "w1", "-o", "jsonpath={.spec.size}") == "5")
        try c.ok("delete", "crd", "widgets.example.com", "--timeout=20s")
        _ = try c.fails("get", "crd", "widgets.example.com")
    }

    @Test func outputFormatsAndAllNamespaces() throws {
        try c.ok("apply", "-f", "-", stdin: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fmt","namespace":"kube-public"},"data":{"k":"v"}}"#)
        let yaml = try c.ok("get", "cm", "fmt", "-n", "kube-public", "-o", "yaml")
        #expect(yaml.contains("kind: ConfigMap") && yaml.contains("resourceVersion:") && yaml.contains("uid:"))
        let all = try c.ok("get", "cm", "-A")
        #expect(all.contains("NAMESPACE") && all.contains("kube-public") && all.contains("fmt"))
        let labels = try c.ok("get", "ns", "default", "--show-labels")
        #expect(labels.contains("kubernetes.io/metadata.name=default"))
        let paged = try c.ok("get", "ns", "--chunk-size=1", "-o", "name")
        #expect(paged.split(separator: "\n").count >= 4)
    }
}
