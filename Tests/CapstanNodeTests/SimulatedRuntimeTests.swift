import CapstanAPI
import Foundation
import Testing
@testable import CapstanNode

@Suite struct SimulatedRuntimeTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func runtime() -> SimulatedRuntime {
        SimulatedRuntime(podCIDR: SimulatedRuntime.hollowNodeCIDR(index: 3)!, now: { t0 })
    }

    static func container(_ pod: String, _ name: String, attempt: Int = 0) -> ContainerConfig {
        ContainerConfig(
            podUID: pod, podNamespace: "default", podName: pod, name: name, attempt: attempt, image: "docker.io/library/nginx:1.27",
            imageID: "sha256:x", lowerDirs: [], args: ["/simulated"], env: [], hostname: pod, logPath: "/nonexistent/\(name).log")
    }

    @Test func identifiesItself() {
        let r = Self.runtime()
        #expect(r.name == "simulated")
        #expect(r.version == "0.1")
    }

    @Test func sandboxesGetDistinctAddressesFromTheRangeAndGiveThemBack() async throws {
        let r = Self.runtime()
        let a = try await r.runSandbox(SandboxConfig(podUID: "a", namespace: "default", name: "a"))
        let b = try await r.runSandbox(SandboxConfig(podUID: "b", namespace: "default", name: "b"))
        #expect(a.ips == ["10.41.3.2"])
        #expect(b.ips == ["10.41.3.3"])
        #expect(a.netnsPath == nil)
        #expect(a.id != b.id)
        try await r.removeSandbox(a.id)
        try await r.removeSandbox(a.id)  // idempotent
        let c = try await r.runSandbox(SandboxConfig(podUID: "c", namespace: "default", name: "c"))
        #expect(c.ips == ["10.41.3.2"])
        #expect(try await r.listSandboxes().map(\.podUID).sorted() == ["b", "c"])
    }

    @Test func hostNetworkSandboxesTakeNoAddress() async throws {
        let r = Self.runtime()
        let h = try await r.runSandbox(SandboxConfig(podUID: "h", namespace: "default", name: "h", hostNetwork: true))
        #expect(h.ips.isEmpty)
        let p = try await r.runSandbox(SandboxConfig(podUID: "p", namespace: "default", name: "p"))
        #expect(p.ips == ["10.41.3.2"])
    }

    @Test func anExhaustedRangeIsAnError() async throws {
        let r = SimulatedRuntime(podCIDR: IPv4CIDR("10.9.9.0/30", strict: true)!)  // one usable address: .2
        _ = try await r.runSandbox(SandboxConfig(podUID: "a", namespace: "default", name: "a"))
        await #expect(throws: RuntimeError.self) { try await r.runSandbox(SandboxConfig(podUID: "b", namespace: "default", name: "b")) }
    }

    @Test func containersRunUntilStoppedThenExitZero() async throws {
        let r = Self.runtime()
        let sb = try await r.runSandbox(SandboxConfig(podUID: "p", namespace: "default", name: "p"))
        let id = try await r.createContainer(in: sb, Self.container("p", "web"))
        #expect(try await r.listContainers().first?.state == .created)
        try await r.startContainer(id)
        var info = try #require(try await r.listContainers().first)
        #expect(info.state == .running)
        #expect(info.startedAt == Self.t0)
        #expect(info.sandboxID == sb.id)
        #expect(info.podUID == "p")
        #expect(info.image == "docker.io/library/nginx:1.27")

        let exec = try await r.exec(id, command: ["cat", "/etc/hostname"], timeout: .seconds(1))
        #expect(exec.exitCode == 0)
        #expect(exec.output.isEmpty)

        try await r.stopContainer(id, gracePeriod: .zero)
        info = try #require(try await r.listContainers().first)
        #expect(info.state == .exited)
        #expect(info.exitCode == 0)
        #expect(info.reason == "Completed")
        #expect(info.finishedAt == Self.t0)
        try await r.stopContainer(id, gracePeriod: .seconds(30))  // idempotent
        await #expect(throws: RuntimeError.self) { try await r.exec(id, command: ["true"], timeout: .seconds(1)) }

        try await r.removeContainer(id)
        #expect(try await r.listContainers().isEmpty)
        await #expect(throws: RuntimeError.self) { try await r.startContainer(id) }
    }

    @Test func containersNeedTheirSandbox() async throws {
        let r = Self.runtime()
        let ghost = SandboxInfo(id: "gone", podUID: "p", namespace: "default", name: "p", netnsPath: nil, ips: [], createdAt: Self.t0)
        await #expect(throws: RuntimeError.self) { try await r.createContainer(in: ghost, Self.container("p", "web")) }
    }

    @Test func imagesResolveToAnEmptyImageWithAStableID() async throws {
        let images = SimulatedImageService()
        let a = try await images.ensure("nginx", pullPolicy: "Always", secrets: [])
        let b = try await images.ensure("docker.io/library/nginx:latest", pullPolicy: "Never", secrets: [])
        #expect(a.reference == "docker.io/library/nginx:latest")
        #expect(a.id == b.id)
        #expect(a.id.hasPrefix("sha256:") && a.id.count == 71)
        #expect(a.lowerDirs.isEmpty)
        #expect(!a.cmd.isEmpty)
        #expect(try await images.ensure("busybox", pullPolicy: "IfNotPresent", secrets: []).id != a.id)
        await #expect(throws: ImageError.self) { try await images.ensure("Not A Valid/Name", pullPolicy: "IfNotPresent", secrets: []) }
        #expect(await images.nodeImages().isEmpty)
    }

    @Test func networkChecksPassWithoutConnecting() async throws {
        let r = Self.runtime()
        #expect(r.podNetworkIsSimulated)
        // 10.41.3.2:1 reaches nothing; a real runtime's check would fail.
        let http = await Handlers.run(
            LifecycleHandler(httpGet: HTTPGetAction(path: "/", port: .int(1))), containerID: "x", podIP: "10.41.3.2", runtime: r,
            timeout: .milliseconds(200))
        let tcp = await Handlers.run(
            LifecycleHandler(tcpSocket: TCPSocketAction(port: .int(1))), containerID: "x", podIP: "10.41.3.2", runtime: r,
            timeout: .milliseconds(200))
        #expect(http.ok && tcp.ok)
    }
}
