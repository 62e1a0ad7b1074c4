import Foundation
import Testing
@testable import CapstanAPI

/// One manifest per fixture; every built-in kind must have at least one.
struct KindFixture: Sendable, CustomTestStringConvertible {
    var type: any KubeObject.Type
    var json: String
    var testDescription: String { "\(type)" }
}

let kindFixtures: [KindFixture] = [
    KindFixture(type: Deployment.self, json: WorkloadFixtures.deployment),
    KindFixture(type: StatefulSet.self, json: WorkloadFixtures.statefulSet),
    KindFixture(type: CronJob.self, json: WorkloadFixtures.cronJob),
    KindFixture(type: Job.self, json: WorkloadFixtures.job),
    KindFixture(type: DaemonSet.self, json: WorkloadFixtures.daemonSet),
    KindFixture(type: ReplicaSet.self, json: WorkloadFixtures.replicaSet),
    KindFixture(type: ControllerRevision.self, json: WorkloadFixtures.controllerRevision),
    KindFixture(type: Pod.self, json: WorkloadFixtures.pod),
    KindFixture(type: PodTemplate.self, json: WorkloadFixtures.podTemplate),
    KindFixture(type: Service.self, json: CoreFixtures.service),
    KindFixture(type: Service.self, json: CoreFixtures.externalNameService),
    KindFixture(type: Endpoints.self, json: CoreFixtures.endpoints),
    KindFixture(type: Node.self, json: CoreFixtures.node),
    KindFixture(type: Namespace.self, json: CoreFixtures.namespace),
    KindFixture(type: ConfigMap.self, json: CoreFixtures.configMap),
    KindFixture(type: Secret.self, json: CoreFixtures.secret),
    KindFixture(type: ServiceAccount.self, json: CoreFixtures.serviceAccount),
    KindFixture(type: Event.self, json: CoreFixtures.event),
    KindFixture(type: PersistentVolume.self, json: CoreFixtures.persistentVolume),
    KindFixture(type: PersistentVolume.self, json: CoreFixtures.csiPersistentVolume),
    KindFixture(type: PersistentVolumeClaim.self, json: CoreFixtures.persistentVolumeClaim),
    KindFixture(type: Binding.self, json: CoreFixtures.binding),
    KindFixture(type: LimitRange.self, json: CoreFixtures.limitRange),
    KindFixture(type: ResourceQuota.self, json: CoreFixtures.resourceQuota),
    KindFixture(type: HorizontalPodAutoscaler.self, json: GroupFixtures.hpa),
    KindFixture(type: HorizontalPodAutoscalerV1.self, json: GroupFixtures.hpaV1),
    KindFixture(type: Scale.self, json: GroupFixtures.scale),
    KindFixture(type: Ingress.self, json: GroupFixtures.ingress),
    KindFixture(type: IngressClass.self, json: GroupFixtures.ingressClass),
    KindFixture(type: NetworkPolicy.self, json: GroupFixtures.networkPolicy),
    KindFixture(type: EndpointSlice.self, json: GroupFixtures.endpointSlice),
    KindFixture(type: Lease.self, json: GroupFixtures.lease),
    KindFixture(type: StorageClass.self, json: GroupFixtures.storageClass),
    KindFixture(type: Role.self, json: GroupFixtures.role),
    KindFixture(type: ClusterRole.self, json: GroupFixtures.clusterRole),
    KindFixture(type: RoleBinding.self, json: GroupFixtures.roleBinding),
    KindFixture(type: ClusterRoleBinding.self, json: GroupFixtures.clusterRoleBinding),
    KindFixture(type: CustomResourceDefinition.self, json: GroupFixtures.crd),
    KindFixture(type: PriorityClass.self, json: GroupFixtures.priorityClass),
    KindFixture(type: PodDisruptionBudget.self, json: GroupFixtures.podDisruptionBudget),
    KindFixture(type: Eviction.self, json: GroupFixtures.eviction),
]

@Suite("Model round trips")
struct ModelRoundTripTests {
    @Test("manifest survives decode and encode unchanged", arguments: kindFixtures)
    func roundTrips(_ fixture: KindFixture) {
        expectModelRoundTrip(fixture.type, fixture.json)
    }

    @Test func everyKindHasAFixture() {
        let covered = Set(kindFixtures.map { ObjectIdentifier($0.type) })
        let missing = BuiltinKinds.all.filter { !covered.contains(ObjectIdentifier($0)) }
        #expect(missing.isEmpty, "no round-trip fixture for \(missing)")
    }

    @Test func kindsAreDistinct() {
        let gvks = BuiltinKinds.all.map { $0.gvk }
        #expect(Set(gvks).count == gvks.count)
    }

    @Test func typedAccessAfterDecoding() throws {
        let d = try JSONDecoder().decode(Deployment.self, from: Data(WorkloadFixtures.deployment.utf8))
        let spec = try #require(d.spec)
        #expect(spec.selector.matchLabels == ["app": "web"])
        #expect(spec.strategy?.rollingUpdate?.maxSurge == .string("25%"))
        #expect(spec.strategy?.rollingUpdate?.maxUnavailable == .int(0))
        let web = try #require(spec.template.spec?.containers.first)
        #expect(web.resources?.limits?["memory"] == Quantity("512Mi"))
        #expect(web.livenessProbe?.httpGet?.port == .string("http"))
        #expect(web.env?.first { $0.name == "DB_PASSWORD" }?.valueFrom?.secretKeyRef?.key == "password")
        #expect(spec.template.spec?.initContainers?.last?.restartPolicy == "Always")
        #expect(spec.template.spec?.volumes?.first { $0.name == "kube-api-access" }?.projected?.sources?.count == 4)
        #expect(d.status?.conditions?.first?.type == "Available")

        let svc = try JSONDecoder().decode(Service.self, from: Data(CoreFixtures.service.utf8))
        #expect(svc.spec?.ports?.first?.targetPort == .string("http"))
        #expect(svc.spec?.ports?.last?.targetPort == .int(9090))

        let secret = try JSONDecoder().decode(Secret.self, from: Data(CoreFixtures.secret.utf8))
        #expect(secret.data?["tls.crt"].flatMap { Data(base64Encoded: $0) } == Data("-----BEGIN-----".utf8))

        let lease = try JSONDecoder().decode(Lease.self, from: Data(GroupFixtures.lease.utf8))
        #expect(lease.spec?.renewTime?.date == Date(timeIntervalSince1970: 1_740_823_205.5))
    }

    @Test func listsRoundTrip() throws {
        let json = #"""
        {"apiVersion": "v1", "kind": "PodList",
         "metadata": {"resourceVersion": "81300", "continue": "eyJ2IjoxfQ", "remainingItemCount": 4},
         "items": [{"metadata": {"name": "a"}, "spec": {"containers": [{"name": "c", "image": "busybox"}]}}]}
        """#
        let (a, b, list) = try modelRoundTrip(PodList.self, json)
        #expect(firstJSONDifference(a, b) == nil)
        #expect(list.items.first?.name == "a")
        #expect(list.metadata?.continue == "eyJ2IjoxfQ")
    }

    @Test func objectsBuiltInCodeCarryTheirKind() throws {
        let pod = Pod(
            metadata: ObjectMeta(name: "hello", namespace: "default", labels: ["app": "hello"]),
            spec: PodSpec(containers: [
                Container(
                    name: "main", image: "busybox:1.36", command: ["sleep", "3600"],
                    ports: [ContainerPort(name: "http", containerPort: 8080)],
                    resources: ResourceRequirements(requests: ["cpu": Quantity("100m")]))
            ]))
        let json = try JSONValue.parse(JSONEncoder().encode(pod))
        #expect(json["apiVersion"] == "v1")
        #expect(json["kind"] == "Pod")
        let main = json[path: ["spec", "containers"]]?.arrayValue?.first
        #expect(main?["ports"]?.arrayValue?.first?["containerPort"] == 8080)
        #expect(main?[path: ["resources", "requests", "cpu"]] == "100m")
        #expect(json["status"] == nil)

        let deploy = Deployment(
            metadata: ObjectMeta(name: "hello"),
            spec: DeploymentSpec(
                replicas: 2, selector: LabelSelector(matchLabels: ["app": "hello"]),
                template: PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "hello"]), spec: pod.spec)))
        #expect(deploy.apiVersion == "apps/v1")
        let back = try JSONDecoder().decode(Deployment.self, from: JSONEncoder().encode(deploy))
        #expect(back == deploy)
        #expect(DeploymentList(items: [deploy]).kind == "DeploymentList")
        #expect(HorizontalPodAutoscalerV1List(items: []).apiVersion == "autoscaling/v1")
    }

    @Test func requiredFieldsAreEnforcedOnDecode() {
        // ServicePort.port is required by Kubernetes' schema.
        let json = #"{"metadata": {"name": "s"}, "spec": {"ports": [{"name": "http"}]}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Service.self, from: Data(json.utf8)) }
    }
}
