import Foundation
import Logging

/// One CNI operation (CNI spec §Parameters).
public enum CNICommand: String, Sendable {
    case add = "ADD"
    case del = "DEL"
    case check = "CHECK"
}

/// What every plugin of one operation is told through the environment.
struct PluginInvocation: Sendable {
    var command: CNICommand
    var containerID: String
    var netns: String
    var ifName: String
    /// CNI_ARGS pairs, e.g. K8S_POD_NAME.
    var args: [(String, String)]
}

/// Finds plugin binaries and runs them per the CNI spec: the command,
/// container id, netns, interface name, args and plugin path in the
/// environment (the agent's own environment is passed on, so plugins find
/// iptables on PATH), the configuration on stdin, the result or error on
/// stdout.
struct PluginExecutor: Sendable {
    var binDirectories: [String]
    var logger: Logger

    func find(_ type: String) throws -> String {
        for dir in binDirectories {
            let path = dir + "/" + type
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw CNIError(
            .pluginNotFound,
            "plugin \"\(type)\" not found in \(binDirectories.joined(separator: ", ")); install containernetworking-plugins or set the CNI bin directories")
    }

    func environment(_ inv: PluginInvocation) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CNI_COMMAND"] = inv.command.rawValue
        env["CNI_CONTAINERID"] = inv.containerID
        env["CNI_NETNS"] = inv.netns
        env["CNI_IFNAME"] = inv.ifName
        env["CNI_ARGS"] = inv.args.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
        env["CNI_PATH"] = binDirectories.joined(separator: ":")
        if (env["PATH"] ?? "").isEmpty { env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" }
        return env
    }

    /// Runs plugin `type` with `config` on stdin. Returns its stdout (the
    /// result for ADD; empty for DEL and CHECK). A non-zero exit becomes a
    /// `CNIError.pluginFailed` carrying the plugin's `{code, msg, details}`.
    func run(_ type: String, config: CNIJSON, _ inv: PluginInvocation) async throws -> Data {
        let path = try find(type)
        let started = ContinuousClock.now
        let out: ProcessRunner.Output
        do {
            out = try await ProcessRunner.run(path, environment: environment(inv), stdin: config.serialized())
        } catch let e as CNIError {
            throw e
        } catch {
            throw CNIError(.pluginFailed, "cannot run \(path): \(error)")
        }
        logger.debug(
            "cni plugin ran",
            metadata: [
                "plugin": .string(type), "command": .string(inv.command.rawValue), "container": .string(inv.containerID),
                "status": .stringConvertible(out.status), "duration": .string("\(ContinuousClock.now - started)"),
            ])
        guard out.status == 0 else { throw Self.failure(type, inv.command, out) }
        return out.stdout
    }

    static func failure(_ type: String, _ command: CNICommand, _ out: ProcessRunner.Output) -> CNIError {
        if let e = try? JSONDecoder().decode(CNIError.PluginError.self, from: out.stdout) {
            var text = "plugin \(type) \(command.rawValue) failed: \(e.msg)"
            if let d = e.details, !d.isEmpty { text += " (\(d))" }
            text += " [CNI error code \(e.code)]"
            return CNIError(.pluginFailed, text, pluginError: e)
        }
        let stdout = String(decoding: out.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let said = [out.stderrText, stdout].filter { !$0.isEmpty }.joined(separator: "; ")
        return CNIError(.pluginFailed, "plugin \(type) \(command.rawValue) exited \(out.status)\(said.isEmpty ? "" : ": " + said)")
    }
}
