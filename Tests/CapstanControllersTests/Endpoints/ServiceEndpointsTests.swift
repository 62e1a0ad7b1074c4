import CapstanAPI
import Testing
@testable import CapstanControllers

@Suite struct ServiceEndpointsTests {
    func pod(_ name: String, ip: String?, ready: Bool = true, terminating: Bool = false, phase: String = "Running", httpPort: Int64 = 8080) -> JSONValue {
        var meta: [String: JSONValue] = ["name": .string(name), "namespace": "ns", "uid": .string("u-\(name)"), "labels": ["app": "web"]]
        if terminating { meta["deletionTimestamp"] = "2026-01-01T00:00:00Z" }
        var status: [String: JSONValue] = ["phase": .string(phase), "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False")]]]
        if let ip { status["podIP"] = .string(ip) }
        return [
            "metadata": .object(meta),
            "spec": ["nodeName": "n1", "containers": [["name": "c", "ports": [["name": "http", "containerPort": .int(httpPort)]]]]],
            "status": .object(status),
        ]
    }

    let service: JSONValue = [
        "metadata": ["name": "web", "namespace": "ns"],
        "spec": ["selector": ["app": "web"], "ports": [["name": "web", "port": 80, "targetPort": "http", "protocol": "TCP"]]],
    ]

    @Test func conditionsFollowReadinessAndDeletion() {
        let slices = ServiceEndpoints.slices(service: service, pods: [
            pod("a", ip: "10.0.0.1"), pod("b", ip: "10.0.0.2", ready: false), pod("c", ip: "10.0.0.3", terminating: true),
            pod("d", ip: nil), pod("e", ip: "10.0.0.5", phase: "Succeeded"),
        ])
        #expect(slices.count == 1)
        let eps = slices[0]["endpoints"]?.arrayValue ?? []
        #expect(eps.map { $0["addresses"]?.arrayValue?.first?.stringValue ?? "" } == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        #expect(eps.map { $0[path: ["conditions", "ready"]]?.boolValue ?? true } == [true, false, false])
        #expect(eps.map { $0[path: ["conditions", "serving"]]?.boolValue ?? false } == [true, false, true])
        #expect(eps.map { $0[path: ["conditions", "terminating"]]?.boolValue ?? false } == [false, false, true])
        #expect(slices[0][path: ["ports"]]?.arrayValue?.first?["port"]?.intValue == 8080)

        // Endpoints: ready and not ready apart, terminating left out.
        let subsets = ServiceEndpoints.subsets(service: service, pods: [pod("a", ip: "10.0.0.1"), pod("b", ip: "10.0.0.2", ready: false), pod("c", ip: "10.0.0.3", terminating: true)])
        #expect(subsets.count == 1)
        #expect(subsets[0]["addresses"]?.arrayValue?.map { $0["ip"]?.stringValue ?? "" } == ["10.0.0.1"])
        #expect(subsets[0]["notReadyAddresses"]?.arrayValue?.map { $0["ip"]?.stringValue ?? "" } == ["10.0.0.2"])
    }

    @Test func namedPortsResolvePerPodAndSlicesHoldAHundred() {
        var pods = (0..<150).map { pod("p\($0)", ip: "10.0.\($0 / 250).\($0 % 250 + 1)") }
        pods.append(pod("other", ip: "10.1.0.1", httpPort: 9090))
        let slices = ServiceEndpoints.slices(service: service, pods: pods)
        let byPort = Dictionary(grouping: slices) { $0["ports"]?.arrayValue?.first?["port"]?.intValue ?? 0 }
        #expect(byPort[8080]?.map { $0["endpoints"]?.arrayValue?.count ?? 0 }.sorted() == [50, 100])
        #expect(byPort[9090]?.first?["endpoints"]?.arrayValue?.count == 1)
    }

    @Test func noPodsStillOneEmptySlice() {
        let slices = ServiceEndpoints.slices(service: service, pods: [])
        #expect(slices.count == 1 && slices[0]["endpoints"]?.arrayValue?.isEmpty == true)
    }
}
