import Foundation
import Testing
@testable import CapstanAPI

/// Follows a dotted path through a schema; `[]` steps into list items and
/// `{}` into map values (`spec.template.spec.containers[].ports`).
func schemaAtPath(_ root: Schema, _ path: String) -> Schema? {
    var s: Schema? = root
    for part in path.split(separator: ".") {
        var name = Substring(part)
        var steps: [String] = []
        while name.hasSuffix("[]") || name.hasSuffix("{}") {
            steps.insert(String(name.suffix(2)), at: 0)
            name = name.dropLast(2)
        }
        s = s?.property(String(name))
        for step in steps { s = step == "[]" ? s?.items : s?.additionalProperties }
    }
    return s
}

private func reflect<T: KubeObject>(_ t: T.Type) -> Schema {
    SchemaReflector.schema(for: t, namePrefix: "io.k8s.test.")
}

/// Every named object reachable from `s`, with its path.
private func objects(_ s: Schema, path: String = "", into out: inout [(String, Schema)]) {
    if s.kind == .object && s.name != nil { out.append((path, s)) }
    for (k, p) in s.properties { objects(p, path: path + "." + k, into: &out) }
    if let i = s.items { objects(i, path: path + "[]", into: &out) }
    if let a = s.additionalProperties { objects(a, path: path + "{}", into: &out) }
}

struct PatchExpectation: Sendable, CustomTestStringConvertible {
    var type: any KubeObject.Type
    var path: String
    var mergeKey: String?
    var strategy: String?
    var listType: String?
    var mapKeys: [String] = []
    var testDescription: String { "\(type).\(path)" }

    /// A list merged by key: a map-type list keyed by the merge key unless `mapKeys` says otherwise.
    static func merged(
        _ type: any KubeObject.Type, _ path: String, key: String, strategy: String = "merge", listType: String = "map",
        mapKeys: [String]? = nil
    ) -> Self {
        Self(type: type, path: path, mergeKey: key, strategy: strategy, listType: listType,
             mapKeys: listType == "map" ? mapKeys ?? [key] : [])
    }
    static func atomic(_ type: any KubeObject.Type, _ path: String) -> Self {
        Self(type: type, path: path, listType: "atomic")
    }
}

/// Patch metadata as Kubernetes 1.32 declares it (patchMergeKey/patchStrategy
/// tags, listType/listMapKey markers).
let patchExpectations: [PatchExpectation] = [
    .merged(Pod.self, "spec.containers", key: "name"),
    .merged(Pod.self, "spec.initContainers", key: "name"),
    .merged(Pod.self, "spec.ephemeralContainers", key: "name"),
    .merged(Pod.self, "spec.volumes", key: "name", strategy: "merge,retainKeys"),
    .merged(Pod.self, "spec.imagePullSecrets", key: "name"),
    .atomic(Pod.self, "spec.tolerations"),
    .merged(Pod.self, "spec.hostAliases", key: "ip"),
    .merged(
        Pod.self, "spec.topologySpreadConstraints", key: "topologyKey", mapKeys: ["topologyKey", "whenUnsatisfiable"]),
    .merged(Pod.self, "spec.resourceClaims", key: "name", strategy: "merge,retainKeys"),
    .merged(Pod.self, "spec.schedulingGates", key: "name"),
    .merged(Pod.self, "spec.containers[].ports", key: "containerPort", mapKeys: ["containerPort", "protocol"]),
    .merged(Pod.self, "spec.containers[].env", key: "name"),
    .merged(Pod.self, "spec.containers[].volumeMounts", key: "mountPath"),
    .merged(Pod.self, "spec.containers[].volumeDevices", key: "devicePath"),
    .atomic(Pod.self, "spec.containers[].resizePolicy"),
    .merged(Pod.self, "spec.ephemeralContainers[].env", key: "name"),
    .merged(Pod.self, "status.conditions", key: "type"),
    PatchExpectation(type: Pod.self, path: "status.containerStatuses"),
    .merged(Service.self, "spec.ports", key: "port", mapKeys: ["port", "protocol"]),
    .atomic(Service.self, "spec.clusterIPs"),
    .atomic(Node.self, "spec.taints"),
    PatchExpectation(type: Node.self, path: "spec.podCIDRs", strategy: "merge", listType: "set"),
    .merged(Node.self, "status.conditions", key: "type"),
    .merged(Node.self, "status.addresses", key: "type"),
    .merged(ServiceAccount.self, "secrets", key: "name"),
    PatchExpectation(type: Deployment.self, path: "spec.strategy", strategy: "retainKeys"),
    .merged(Deployment.self, "status.conditions", key: "type"),
    .merged(Deployment.self, "spec.template.spec.containers", key: "name"),
    .merged(ReplicaSet.self, "status.conditions", key: "type"),
    .merged(StatefulSet.self, "status.conditions", key: "type"),
    .merged(DaemonSet.self, "status.conditions", key: "type"),
    .merged(Job.self, "status.conditions", key: "type", listType: "atomic"),
    PatchExpectation(type: PodDisruptionBudget.self, path: "spec.selector", strategy: "replace"),
    .merged(PodDisruptionBudget.self, "status.conditions", key: "type"),
    .atomic(Ingress.self, "spec.rules"),
    .atomic(Ingress.self, "spec.tls"),
    .atomic(Ingress.self, "spec.rules[].http.paths"),
    .merged(HorizontalPodAutoscaler.self, "status.conditions", key: "type"),
]

@Suite("Model schemas")
struct ModelSchemaTests {
    @Test func podSchema() throws {
        let pod = SchemaReflector.schema(for: Pod.self, namePrefix: "io.k8s.api.core.v1.")
        #expect(pod.name == "io.k8s.api.core.v1.Pod")
        #expect(pod.required == ["metadata"])
        #expect(!pod.description.isEmpty)
        let containers = try #require(schemaAtPath(pod, "spec.containers"))
        #expect(containers.patchMergeKey == "name")
        #expect(containers.patchStrategy == "merge")
        #expect(!containers.description.isEmpty)
        #expect(schemaAtPath(pod, "spec")?.name == "io.k8s.api.core.v1.PodSpec")
        #expect(schemaAtPath(pod, "spec")?.required == ["containers"])
        #expect(schemaAtPath(pod, "spec.containers[]")?.required == ["name"])
        #expect(schemaAtPath(pod, "spec.containers[].ports[]")?.required == ["containerPort"])
        #expect(schemaAtPath(pod, "spec.containers[].livenessProbe.httpGet.port")?.kind == .intOrString)
        #expect(schemaAtPath(pod, "spec.containers[].resources.limits{}")?.format == "quantity")
        #expect(schemaAtPath(pod, "spec.restartPolicy")?.enumValues == ["Always", "OnFailure", "Never"])
        #expect(schemaAtPath(pod, "spec.tolerations[]")?.required == [])
        let terms = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[]"
        #expect(schemaAtPath(pod, terms)?.required == [])
        #expect(schemaAtPath(pod, "status.startTime")?.format == "date-time")
        let statusRequired = schemaAtPath(pod, "status.containerStatuses[]")?.required
        #expect(statusRequired == ["name", "ready", "restartCount", "image", "imageID"])
        #expect(schemaAtPath(pod, "metadata")?.name == "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
    }

    @Test("patch metadata matches Kubernetes", arguments: patchExpectations)
    func patchMetadata(_ e: PatchExpectation) throws {
        let s = try #require(schemaAtPath(reflect(e.type), e.path), "no schema at \(e.path)")
        #expect(s.patchMergeKey == e.mergeKey)
        #expect(s.patchStrategy == e.strategy)
        #expect(s.listType == e.listType)
        #expect(s.listMapKeys == e.mapKeys)
    }

    @Test func requiredFields() {
        let deploy = reflect(Deployment.self)
        #expect(schemaAtPath(deploy, "spec")?.required == ["selector", "template"])
        #expect(schemaAtPath(reflect(Service.self), "spec.ports[]")?.required == ["port"])
        #expect(schemaAtPath(reflect(Node.self), "spec.taints[]")?.required == ["key", "effect"])
        #expect(schemaAtPath(reflect(Ingress.self), "spec.rules[]")?.required == [])
        #expect(schemaAtPath(reflect(Ingress.self), "spec.rules[].http.paths[]")?.required == ["pathType", "backend"])
        #expect(schemaAtPath(reflect(Lease.self), "spec")?.required == [])
        #expect(schemaAtPath(reflect(PodDisruptionBudget.self), "spec")?.required == [])
        #expect(schemaAtPath(reflect(Role.self), "rules[]")?.required == ["verbs"])
        #expect(schemaAtPath(reflect(RoleBinding.self), "subjects[]")?.required == ["kind", "name"])
        #expect(schemaAtPath(reflect(RoleBinding.self), "roleRef")?.required == ["apiGroup", "kind", "name"])
        let crdSpec = schemaAtPath(reflect(CustomResourceDefinition.self), "spec")
        #expect(crdSpec?.required == ["group", "names", "scope", "versions"])
        #expect(schemaAtPath(reflect(StatefulSet.self), "spec")?.required == ["selector", "template"])
        #expect(reflect(Event.self).required == ["metadata", "involvedObject"])
    }

    @Test func crdSchemaIsFreeForm() {
        let crd = reflect(CustomResourceDefinition.self)
        #expect(schemaAtPath(crd, "spec.versions[].schema.openAPIV3Schema")?.kind == .any)
        let scale = schemaAtPath(crd, "spec.versions[].subresources.scale")
        #expect(scale?.required == ["specReplicasPath", "statusReplicasPath"])
    }

    @Test func sharedCoreTypesKeepKubernetesNames() {
        // Types of other packages keep their own OpenAPI names whatever the root's prefix.
        let deploy = SchemaReflector.schema(for: Deployment.self, namePrefix: "io.k8s.api.apps.v1.")
        #expect(deploy.name == "io.k8s.api.apps.v1.Deployment")
        #expect(schemaAtPath(deploy, "spec.template.spec")?.name == "io.k8s.api.core.v1.PodSpec")
        #expect(reflect(Role.self).name == "io.k8s.api.rbac.v1.Role")
        #expect(reflect(HorizontalPodAutoscalerV1.self).name == "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler")
        #expect(reflect(EndpointSlice.self).property("ports")?.items?.name == "io.k8s.api.discovery.v1.EndpointPort")
        let v1 = SchemaReflector.schema(for: HorizontalPodAutoscalerV1.self, namePrefix: "io.k8s.api.autoscaling.v1.")
        let target = schemaAtPath(v1, "spec.scaleTargetRef")
        #expect(target?.name == "io.k8s.api.autoscaling.v1.CrossVersionObjectReference")
        #expect(reflect(CustomResourceDefinition.self).name
            == "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")
    }

    @Test func everyKindReflects() {
        for type in BuiltinKinds.all {
            let s = reflect(type)
            #expect(s.kind == .object, "\(type)")
            #expect(s.name?.hasSuffix("." + type.gvk.kind) == true, "\(type): \(s.name ?? "nil")")
            #expect(s.property("apiVersion")?.kind == .string, "\(type)")
            #expect(s.property("kind")?.kind == .string, "\(type)")
            #expect(s.property("metadata")?.name == "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "\(type)")
            #expect(s.properties.count >= 3, "\(type)")
            #expect(!s.description.isEmpty, "\(type) has no description")
            var all: [(String, Schema)] = []
            objects(s, into: &all)
            // Only CustomResourceSubresourceStatus is an object without fields (Kubernetes' `status: {}`).
            let empty = all.filter {
                $0.1.properties.isEmpty && !$0.1.name!.hasSuffix("CustomResourceSubresourceStatus")
            }
            #expect(empty.isEmpty, "\(type): empty objects at \(empty.map(\.0))")
        }
    }

    @Test func kindsHaveDescribedSpecs() {
        for type in BuiltinKinds.all {
            let s = reflect(type)
            guard let spec = s.property("spec"), spec.kind == .object else { continue }
            #expect(!spec.description.isEmpty, "\(type).spec has no description")
            let described = spec.properties.filter { !$0.1.description.isEmpty }
            let bare = spec.properties.filter { $0.1.description.isEmpty }.map(\.0)
            #expect(described.count * 2 >= spec.properties.count, "\(type).spec: undescribed \(bare)")
        }
    }

    @Test func microTimeKeepsMicroseconds() throws {
        do {
            let json = #"{"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "l"},"#
                + #" "spec": {"renewTime": "2025-03-01T10:00:05.123456Z","#
                + #" "acquireTime": "2025-03-01T10:00:05.123000Z"}}"#
            let (a, b, _) = try modelRoundTrip(Lease.self, json)
            #expect(firstJSONDifference(a, b) == nil, "\(firstJSONDifference(a, b) ?? "")")
        }
    }
}

@Suite struct TimeParsingTests {
    @Test func parsesOffsetsAndLongFractions() {
        let z = Time.parse("2025-03-01T10:00:05Z")!
        #expect(Time.parse("2025-03-01T12:00:05+02:00") == z)
        #expect(Time.parse("2025-03-01T10:00:05.123456789Z").map { Time.format($0, fractional: true) } == "2025-03-01T10:00:05.123456Z")
        #expect(Time.parse("2025-03-01T10:00:05.5Z").map { Time.format($0, fractional: true) } == "2025-03-01T10:00:05.500000Z")
        #expect(Time.parse("2025-03-01 10:00:05Z") == nil)
        #expect(Time.parse("2025-03-01T10:00:05") == nil)
        #expect(Time.parse("2025-13-01T10:00:05Z") == nil)
    }
}

@Suite struct JSONValueDecoderTests {
    @Test func numbersAndErrorsAsFoundation() throws {
        struct N: Codable, Equatable { var a: Int32; var b: Double; var c: Int64? }
        #expect(try JSONValueDecoder().decode(N.self, from: ["a": 3, "b": 2, "c": .double(4)]) == N(a: 3, b: 2, c: 4))
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(N.self, from: ["a": .double(1.5), "b": 1]) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(N.self, from: ["a": .int(1 << 40), "b": 1]) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(N.self, from: ["b": 1]) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(N.self, from: ["a": "1", "b": 1]) }
    }
}
