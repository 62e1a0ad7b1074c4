import Foundation
import Testing

extension TestCluster {
    /// The busybox image scripts/busybox-image.sh builds, made once per test run.
    static let busyboxArchive: Swift.Result<URL, any Error> = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-it-images-\(getpid())")
        let out = dir.appendingPathComponent("busybox.tar")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let script = binary().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("scripts/busybox-image.sh")
            try run("/bin/bash", [script.path, out.path])
            atexit { try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("capstan-it-images-\(getpid())").path) }
            return .success(out)
        } catch {
            return .failure(error)
        }
    }()

    static func importBusybox(into dataDir: URL) throws {
        let archive = try busyboxArchive.get()
        try run(binary().path, ["images", "import", "--data-dir", dataDir.path, archive.path])
    }

    static func run(_ exe: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ClusterError("\(exe) \(args.joined(separator: " ")) failed: \(String(decoding: e, as: UTF8.self))")
        }
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
