import Foundation
import Testing

extension TestCluster {
    /// The busybox image scripts/busybox-image.sh builds, made once per test run.
    static let busyboxArchive: Swift.Result<URL, any Error> = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-it-images-\(getpid())")
        let out = dir.appendingPathComponent("busybox.tar")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/busybox-image.sh")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try run("/bin/bash", [script.path, out.path])
            atexit { try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("capstan-it-images-\(getpid())").path) }
            return .success(out)
        } catch {
            return .failure(error)
        }
    }()

    /// Imports the busybox image into a node's store (TestCluster(agent: true) does it before starting).
    static func importBusybox(into dataDir: URL) throws {
        let archive = try busyboxArchive.get()
        try run(binary().path, ["images", "import", "--data-dir", dataDir.path, archive.path])
    }

    struct ProgramOutput {
        var status: Int32
        /// stdout and stderr together.
        var output: String
    }

    /// Runs a program to completion.
    static func runProgram(_ path: String, _ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> ProgramOutput {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = ReadAll(out.fileHandleForReading)
        p.waitUntilExit()
        return ProgramOutput(status: p.terminationStatus, output: data.value)
    }

    /// Runs a program, failing with its output unless it exits 0.
    static func run(_ exe: String, _ args: [String]) throws {
        let r = try runProgram(exe, args)
        guard r.status == 0 else { throw ClusterError("\(exe) \(args.joined(separator: " ")) failed: \(r.output)") }
    }

    /// Applies a pod and waits until it is Ready.
    func runPod(_ yaml: String, name: String, namespace: String = "default", seconds: TimeInterval = 40) throws -> Bool {
        _ = try ok("apply", "-f", "-", stdin: yaml)
        return try kubectl("wait", "-n", namespace, "--for=condition=Ready", "pod/\(name)", "--timeout=\(Int(seconds))s", timeout: seconds + 10).ok
    }

    /// Host path of a container's pid file in the agent's runtime state.
    func containerPID(_ containerID: String) -> Int32? {
        let id = containerID.split(separator: "/").last.map(String.init) ?? containerID
        let path = dataDir.appendingPathComponent("agent/runtime/containers/\(id)/pid").path
        return (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

/// What running real containers in a test needs on this machine.
enum AgentHost {
    static let canRunContainers: Bool = {
        getuid() == 0 && ["/bin/busybox", "/usr/bin/umoci", "/usr/bin/conmon"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
            && ["/usr/bin/crun", "/usr/sbin/runc", "/usr/bin/runc"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}
