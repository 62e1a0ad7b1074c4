import Foundation
import Logging
import Testing

@testable import CapstanNode

/// The OCI runtime against the real runc/crun and conmon (root only): a
/// busybox rootfs built here stands in for an image's layer.
let canRunContainers: Bool = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/conmon")
    && FileManager.default.isExecutableFile(atPath: "/bin/busybox") && (try? RuntimeChoice.select("auto")) != nil

@Suite(.serialized, .enabled(if: canRunContainers, "needs root, conmon, runc/crun and /bin/busybox"))
struct OCIRuntimeTests {

    final class Fixture {
        let dir: URL
        let runtime: OCIRuntime
        let rootfs: String

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-oci-\(UUID().uuidString.prefix(8))")
            let fm = FileManager.default
            rootfs = dir.appendingPathComponent("layer").path
            for d in ["bin", "etc", "tmp", "proc", "sys", "dev"] {
                try fm.createDirectory(atPath: "\(rootfs)/\(d)", withIntermediateDirectories: true)
            }
            try fm.copyItem(atPath: "/bin/busybox", toPath: "\(rootfs)/bin/busybox")
            for applet in ["sh", "echo", "sleep", "cat", "kill", "trap", "head", "dd", "tail", "hostname"] {
                try? fm.createSymbolicLink(atPath: "\(rootfs)/bin/\(applet)", withDestinationPath: "busybox")
            }
            runtime = try OCIRuntime(
                root: dir.appendingPathComponent("runtime"), runtime: try RuntimeChoice.select("auto"),
                network: LoopbackOnlyNetwork(), cgroupRoot: "/capstan-test", logger: Logger(label: "test"))
        }

        func config(_ name: String, _ args: [String], memory: Int64? = nil) -> ContainerConfig {
            ContainerConfig(
                podUID: "uid-1", podNamespace: "default", podName: "p", name: name, attempt: 0, image: "busybox",
                imageID: "sha256:x", lowerDirs: [rootfs], args: args, env: ["PATH=/bin", "GREETING=hi"], hostname: "p",
                resources: ContainerResources(memoryLimit: memory), logPath: dir.appendingPathComponent("logs/\(name).log").path)
        }

        func waitExited(_ id: String, timeout: Double = 10) async throws -> ContainerInfo? {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let c = try await runtime.listContainers().first(where: { $0.id == id }), c.state == .exited { return c }
                try await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }

        func cleanUp() async {
            for c in (try? await runtime.listContainers()) ?? [] { try? await runtime.removeContainer(c.id) }
            for s in (try? await runtime.listSandboxes()) ?? [] { try? await runtime.removeSandbox(s.id) }
            try? FileManager.default.removeItem(at: dir)
        }
    }

    @Test func runsToCompletionWithExitCodeAndCRILogs() async throws {
        let f = try Fixture()
        let sandbox = try await f.runtime.runSandbox(SandboxConfig(podUID: "uid-1", namespace: "default", name: "p"))
        let id = try await f.runtime.createContainer(in: sandbox, f.config("c", ["sh", "-c", "echo $GREETING from $(hostname); echo oops >&2; exit 3"]))
        try await f.runtime.startContainer(id)
        let done = try #require(try await f.waitExited(id))
        #expect(done.exitCode == 3, "\(done.message ?? "")")
        #expect(done.reason == "Error")
        #expect(done.startedAt != nil && done.finishedAt != nil)
        let log = try String(contentsOfFile: done.logPath, encoding: .utf8)
        #expect(log.contains(" stdout F hi from p"))
        #expect(log.contains(" stderr F oops"))
        #expect(LogReader.read(path: done.logPath, .init()) == "hi from p\noops\n")
        await f.cleanUp()
    }

    @Test func missingExecutableIsAStartError() async throws {
        let f = try Fixture()
        let sandbox = try await f.runtime.runSandbox(SandboxConfig(podUID: "uid-1", namespace: "default", name: "p"))
        let id = try await f.runtime.createContainer(in: sandbox, f.config("c", ["/no/such/binary"]))
        try await f.runtime.startContainer(id)
        let c = try #require(try await f.runtime.listContainers().first { $0.id == id })
        #expect(c.state == .exited)
        #expect(c.exitCode == 128)
        #expect(c.reason == "StartError")
        #expect(c.message?.contains("/no/such/binary") == true)
        await f.cleanUp()
    }

    @Test func memoryLimitIsEnforcedAsOOMKilled() async throws {
        let f = try Fixture()
        let sandbox = try await f.runtime.runSandbox(SandboxConfig(podUID: "uid-1", namespace: "default", name: "p"))
        // tail buffers /dev/zero looking for a newline that never comes: unbounded memory, over a 16 MiB limit.
        let id = try await f.runtime.createContainer(in: sandbox, f.config("hog", ["tail", "/dev/zero"], memory: 16 << 20))
        try await f.runtime.startContainer(id)
        let done = try #require(try await f.waitExited(id))
        #expect(done.exitCode == 137)
        #expect(done.reason == "OOMKilled")
        await f.cleanUp()
    }

    @Test func stopFallsBackToSIGKILLAfterGrace() async throws {
        let f = try Fixture()
        let sandbox = try await f.runtime.runSandbox(SandboxConfig(podUID: "uid-1", namespace: "default", name: "p"))
        let id = try await f.runtime.createContainer(in: sandbox, f.config("stubborn", ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"]))
        try await f.runtime.startContainer(id)
        let r = try await f.runtime.exec(id, command: ["echo", "inside"], timeout: .seconds(10))
        #expect(r.exitCode == 0)
        #expect(r.output.contains("inside"))
        let started = Date()
        try await f.runtime.stopContainer(id, gracePeriod: .seconds(1))
        let took = Date().timeIntervalSince(started)
        let c = try #require(try await f.runtime.listContainers().first { $0.id == id })
        #expect(c.state == .exited)
        #expect(c.exitCode == 137)
        #expect(took >= 1 && took < 8)
        await f.cleanUp()
    }

    @Test func restartedRuntimeReadoptsRunningContainers() async throws {
        let f = try Fixture()
        let sandbox = try await f.runtime.runSandbox(SandboxConfig(podUID: "uid-1", namespace: "default", name: "p"))
        let id = try await f.runtime.createContainer(in: sandbox, f.config("long", ["sleep", "300"]))
        try await f.runtime.startContainer(id)
        let again = try OCIRuntime(
            root: f.dir.appendingPathComponent("runtime"), runtime: try RuntimeChoice.select("auto"),
            network: LoopbackOnlyNetwork(), cgroupRoot: "/capstan-test", logger: Logger(label: "test"))
        let c = try #require(try await again.listContainers().first { $0.id == id })
        #expect(c.state == .running)
        #expect(try await again.listSandboxes().map(\.id) == [sandbox.id])
        try await again.stopContainer(id, gracePeriod: .seconds(1))
        #expect(try await again.listContainers().first { $0.id == id }?.state == .exited)
        for c in try await again.listContainers() { try await again.removeContainer(c.id) }
        for s in try await again.listSandboxes() { try await again.removeSandbox(s.id) }
        await f.cleanUp()
    }
}
