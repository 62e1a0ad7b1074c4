import Foundation
import Logging

/// The ingress's own nginx master, run in the foreground (`daemon off`) as a
/// child of the server, with everything (configuration, pid file, logs,
/// temp files, certificates) under one prefix directory.
///
/// A configuration is first written beside the live one and tested with
/// `nginx -t`; only a valid one replaces `nginx.conf`, and the running
/// master gets SIGHUP: it starts workers on the new configuration and lets
/// the old ones finish their requests (no connection is dropped). A master
/// left by a server that crashed is found through the pid file and stopped
/// before a new one starts.
actor NginxProcess {
    let binary: String
    let prefix: URL
    let logger: Logger
    /// Called (on nginx's exit) when the master exits without being asked to.
    let onUnexpectedExit: @Sendable (Int32) -> Void
    private var master: ChildProcess?
    private var stopping = false
    /// SIGHUPs sent since start (the count the "no reload when nothing changed" guarantee is tested by).
    private(set) var reloads = 0

    init(binary: String, prefix: URL, logger: Logger, onUnexpectedExit: @escaping @Sendable (Int32) -> Void) {
        self.binary = binary
        self.prefix = prefix
        self.logger = logger
        self.onUnexpectedExit = onUnexpectedExit
    }

    var configURL: URL { prefix.appendingPathComponent("nginx.conf") }
    var nextURL: URL { prefix.appendingPathComponent("nginx.conf.next") }
    var pidURL: URL { prefix.appendingPathComponent("nginx.pid") }
    var isRunning: Bool { master?.isRunning == true }
    var pid: Int32? { isRunning ? master?.pid : nil }

    /// `-p` wants the trailing slash.
    private var prefixArgument: String { prefix.path.hasSuffix("/") ? prefix.path : prefix.path + "/" }

    /// Tests `text` as the next configuration; nil when nginx accepts it, else nginx's complaint.
    func validate(_ text: String) async -> String? {
        do {
            try Data(text.utf8).write(to: nextURL, options: .atomic)
        } catch {
            return "cannot write \(nextURL.path): \(error)"
        }
        let r = await Subprocess.run(
            binary, ["-t", "-q", "-p", prefixArgument, "-e", "logs/error.log", "-c", nextURL.path, "-g", "daemon off;"],
            scratch: prefix.appendingPathComponent("temp"))
        return r.status == 0 ? nil : (r.output.isEmpty ? "nginx -t failed with status \(r.status)" : r.output)
    }

    enum Applied: Sendable { case started, reloaded }

    /// Makes the validated next configuration the live one: starts nginx or reloads it.
    func install() async throws -> Applied {
        guard rename(nextURL.path, configURL.path) == 0 else {
            throw IngressError("cannot rename \(nextURL.path) to \(configURL.path): errno \(errno)")
        }
        if let m = master, m.isRunning {
            m.signal(SIGHUP)
            reloads += 1
            return .reloaded
        }
        try await start()
        return .started
    }

    /// Starts nginx again on the live configuration (after it died while
    /// the next one is refused); nothing when it runs.
    func restartWithLiveConfiguration() async throws {
        guard !isRunning, FileManager.default.fileExists(atPath: configURL.path) else { return }
        try await start()
    }

    private func start() async throws {
        await stopStale()
        try? FileManager.default.removeItem(at: pidURL)
        let log = prefix.appendingPathComponent("logs/nginx.stderr.log")
        let report = onUnexpectedExit
        stopping = false
        let m = try ChildProcess.start(
            [binary, "-p", prefixArgument, "-e", "logs/error.log", "-c", configURL.path, "-g", "daemon off;"], output: log.path
        ) { [weak self] status in
            Task { if await self?.exitWasUnexpected() == true { report(status) } }
        }
        master = m
        // nginx writes its pid file once it listens: that is "started".
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if Self.readPID(pidURL) == m.pid { return }
            if !m.isRunning { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let why = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(600)) } ?? ""
        stopping = true
        m.signal(SIGKILL)
        master = nil
        throw IngressError("nginx did not start: \(why.trimmingCharacters(in: .whitespacesAndNewlines))")
    }

    /// Whether the master that just exited was not asked to (then it is
    /// forgotten, and workers it left behind, still holding the ports, are killed).
    private func exitWasUnexpected() async -> Bool {
        guard let m = master, !m.isRunning else { return false }
        master = nil
        await Self.killOrphans(group: m.pid)
        return !stopping
    }

    /// Graceful stop (SIGQUIT: workers finish their requests), SIGKILL after `grace`.
    func stop(grace: Duration = .seconds(10)) async {
        guard let m = master else { return }
        stopping = true
        m.signal(SIGQUIT)
        await Self.waitForExit(m.pid, isRunning: { m.isRunning }, grace: grace)
        await Self.killOrphans(group: m.pid)
        master = nil
        reloads = 0
    }

    /// Keeps nginx's logs bounded: a log over `maxBytes` becomes `NAME.1`
    /// (replacing the previous one) and nginx reopens its logs (SIGUSR1).
    func rotateLogs(maxBytes: Int) {
        guard let m = master, m.isRunning else { return }
        var rotated = false
        for name in ["access.log", "error.log"] {
            let url = prefix.appendingPathComponent("logs/\(name)")
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            guard size > maxBytes else { continue }
            let old = url.path + ".1"
            try? FileManager.default.removeItem(atPath: old)
            if rename(url.path, old) == 0 { rotated = true }
        }
        if rotated { m.signal(SIGUSR1) }
    }

    /// An nginx master from an earlier run on this prefix (its pid file names
    /// a live nginx whose command line names our configuration) is stopped.
    func stopStale() async {
        guard let pid = Self.readPID(pidURL), pid != master?.pid else { return }
        if Self.isOurNginx(pid, config: configURL.path) {
            logger.warning("stopping nginx \(pid) left running by an earlier server on \(prefix.path)")
            kill(pid, SIGQUIT)
            await Self.waitForExit(pid, isRunning: { kill(pid, 0) == 0 && !Self.isZombie(pid) }, grace: .seconds(10))
        }
        // Workers of a master that died before it (its process group).
        await Self.killOrphans(group: pid)
        try? FileManager.default.removeItem(at: pidURL)
    }

    /// nginx processes still in process group `group`: a master leads its own
    /// session (see ChildProcess), so its workers share its pid as group id,
    /// and outlive it when it is killed.
    static func orphans(group: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            // pid (comm) state ppid pgrp ...
            let comm = stat[stat.index(after: open)..<close]
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard comm == "nginx", fields.count > 2, Int32(fields[2]) == group, fields[0] != "Z" else { return nil }
            return pid
        }
    }

    static func killOrphans(group: Int32) async {
        let pids = orphans(group: group)
        guard !pids.isEmpty else { return }
        for pid in pids { kill(pid, SIGKILL) }
        await waitForExit(group, isRunning: { !orphans(group: group).isEmpty }, grace: .seconds(2))
    }

    static func readPID(_ url: URL) -> Int32? {
        (try? String(contentsOf: url, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    static func isOurNginx(_ pid: Int32, config: String) -> Bool {
        guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let cmdline = String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return cmdline.contains("nginx") && cmdline.contains(config)
    }

    static func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
    }

    /// Waits until the process exits, SIGKILL after `grace`. Polls from a
    /// task of its own: the caller is usually cancelled (shutdown), and its
    /// sleeps would end at once.
    static func waitForExit(_ pid: Int32, isRunning: @escaping @Sendable () -> Bool, grace: Duration) async {
        await Task.detached {
            let deadline = ContinuousClock.now + grace
            while isRunning() && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if isRunning() {
                kill(pid, SIGKILL)
                let hard = ContinuousClock.now + .seconds(2)
                while isRunning() && ContinuousClock.now < hard { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }.value
    }
}
