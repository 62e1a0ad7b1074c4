import Foundation
import Logging

/// Gives pod sandboxes their network by running the CNI plugins of the
/// first configuration in the configuration directory (CNI spec 1.0.0;
/// lists of 0.3.x and 0.4.0 work too), the way containerd's CRI plugin
/// does:
///
/// - `setUp` brings up `lo` with the `loopback` plugin (a separate
///   invocation with its own configuration, as containerd does), then runs
///   ADD for each plugin of the list in order, passing each the previous
///   one's result, and caches the final result. If a plugin fails, the
///   plugins are DEL'd in reverse (so no IP lease leaks) and the error is
///   thrown.
/// - `tearDown` runs DEL in reverse order with the cached configuration and
///   result (the chain that ADD ran, even if the file changed since or the
///   agent restarted), then DEL for `lo`, then forgets the cache. It is
///   idempotent and tolerates a missing namespace; call it *before*
///   deleting the namespace, as the bridge plugin reads the pod's
///   addresses from inside it to remove their masquerade rules.
/// - `check` runs CHECK (cniVersion 0.4.0 and later) in order with the cached result.
///
/// The configuration is read again on every `setUp`, so a user replacing
/// the file affects new pods without a restart. Calls for one sandbox are
/// serialized; calls for different sandboxes run concurrently.
public actor CNINetwork {
    public struct Configuration: Sendable {
        /// Where network configuration files are read (lexically first wins).
        public var confDirectory: String
        /// Where plugin binaries are searched, in order (also CNI_PATH).
        public var binDirectories: [String]
        /// Where ADD results are cached (a `results` directory is made inside).
        public var cacheDirectory: String
        /// Bring `lo` up with the loopback plugin in every pod.
        public var setsUpLoopback: Bool

        public init(
            confDirectory: String = "/etc/cni/net.d", binDirectories: [String] = ["/usr/lib/cni", "/opt/cni/bin"],
            cacheDirectory: String = "/var/lib/cni", setsUpLoopback: Bool = true
        ) {
            self.confDirectory = confDirectory
            self.binDirectories = binDirectories
            self.cacheDirectory = cacheDirectory
            self.setsUpLoopback = setsUpLoopback
        }
    }

    public nonisolated let configuration: Configuration
    let executor: PluginExecutor
    let cache: ResultCache
    let logger: Logger
    private var busy: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// The configuration containerd gives `lo`.
    static let loopbackConfig = CNIConfigList(name: "cni-loopback", cniVersion: "1.0.0", plugins: [["type": "loopback"]])

    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "capstan.cni")) {
        self.configuration = configuration
        self.logger = logger
        executor = PluginExecutor(binDirectories: configuration.binDirectories, logger: logger)
        cache = ResultCache(directory: configuration.cacheDirectory)
    }

    /// The configuration `setUp` would use now; throws `noConfig` when
    /// there is none yet (the node is then not network-ready).
    public func currentConfig() throws -> CNIConfigList {
        try CNIConfigList.load(fromDirectory: configuration.confDirectory)
    }

    /// Attaches the sandbox and returns its IPs. Calling it again for an
    /// attached sandbox returns the cached result if CHECK passes, and
    /// otherwise detaches and attaches it afresh.
    public func setUp(_ pod: PodNetworkRequest) async throws -> PodNetworkResult {
        try await serialized(pod.sandboxID) {
            if let entry = cache.load(containerID: pod.sandboxID, ifName: pod.interfaceName) {
                if let result = try? await reuse(entry, pod) { return result }
                try await detach(pod)
            }
            let network = try currentConfig()
            if configuration.setsUpLoopback {
                _ = try await runChain(Self.loopbackConfig, .add, pod, ifName: "lo", prevResult: nil, capabilityArgs: [:])
            }
            let final: CNIJSON
            do {
                final = try await runChain(network, .add, pod, ifName: pod.interfaceName, prevResult: nil, capabilityArgs: pod.capabilityArgs)
            } catch {
                logger.warning("cni ADD failed for \(pod.namespace)/\(pod.name); rolling back: \(error)")
                _ = try? await runChain(network, .del, pod, ifName: pod.interfaceName, prevResult: nil, capabilityArgs: pod.capabilityArgs)
                throw error
            }
            let result = try CNIResult(json: final)
            try cache.save(ResultCache.Entry(
                containerID: pod.sandboxID, ifName: pod.interfaceName, network: network,
                cniArgs: pod.cniArgs.map { [$0.0, $0.1] }, capabilityArgs: pod.capabilityArgs, result: final))
            let ips = result.podIPs(interfaceName: pod.interfaceName)
            logger.info("pod \(pod.namespace)/\(pod.name) attached to \(network.name): \(ips.joined(separator: ", "))")
            return PodNetworkResult(network: network.name, podIPs: ips, result: result)
        }
    }

    /// Detaches the sandbox (DEL in reverse). Idempotent; a sandbox never
    /// attached, or already detached, or whose namespace is gone, succeeds.
    public func tearDown(_ pod: PodNetworkRequest) async throws {
        try await serialized(pod.sandboxID) { try await detach(pod) }
    }

    /// Runs CHECK over the cached attachment. Throws if the sandbox is not
    /// attached, if a plugin reports a problem, or for lists older than 0.4.0.
    public func check(_ pod: PodNetworkRequest) async throws {
        try await serialized(pod.sandboxID) {
            guard let entry = cache.load(containerID: pod.sandboxID, ifName: pod.interfaceName) else {
                throw CNIError(.invalidResult, "sandbox \(pod.sandboxID) has no cached CNI result; it was never set up or was torn down")
            }
            try await checkEntry(entry, pod)
        }
    }

    /// The cached result of an attached sandbox (after an agent restart, to report pod IPs without re-running ADD).
    public func cachedResult(sandboxID: String, interfaceName: String = "eth0") -> PodNetworkResult? {
        guard let e = cache.load(containerID: sandboxID, ifName: interfaceName), let r = try? CNIResult(json: e.result) else { return nil }
        return PodNetworkResult(network: e.network.name, podIPs: r.podIPs(interfaceName: interfaceName), result: r)
    }

    /// Sandbox ids with a cached attachment, for cleaning up after sandboxes the agent no longer knows.
    public func attachedSandboxIDs() -> [String] { cache.containerIDs() }

    // MARK: internals

    private func reuse(_ entry: ResultCache.Entry, _ pod: PodNetworkRequest) async throws -> PodNetworkResult {
        // Lists older than 0.4.0 cannot be checked; their cached result is trusted.
        if CNIVersion(entry.network.cniVersion)?.supportsCheck == true { try await checkEntry(entry, pod) }
        let r = try CNIResult(json: entry.result)
        return PodNetworkResult(network: entry.network.name, podIPs: r.podIPs(interfaceName: pod.interfaceName), result: r)
    }

    private func checkEntry(_ entry: ResultCache.Entry, _ pod: PodNetworkRequest) async throws {
        guard let v = CNIVersion(entry.network.cniVersion), v.supportsCheck else {
            throw CNIError(.unsupportedVersion, "network \(entry.network.name) has cniVersion \(entry.network.cniVersion); CHECK needs 0.4.0 or later")
        }
        if entry.network.disableCheck { return }
        _ = try await runChain(entry.network, .check, pod, ifName: pod.interfaceName, prevResult: entry.result, capabilityArgs: entry.capabilityArgs)
    }

    private func detach(_ pod: PodNetworkRequest) async throws {
        let entry = cache.load(containerID: pod.sandboxID, ifName: pod.interfaceName)
        // Without a cache (ADD never finished, or the cache was lost) DEL
        // still runs with the current configuration: plugins release what
        // they hold for this container id.
        let network: CNIConfigList
        if let entry { network = entry.network }
        else if let current = try? currentConfig() { network = current }
        else { return }  // no cache and no configuration: nothing was ever attached through us
        _ = try await runChain(
            network, .del, pod, ifName: pod.interfaceName, prevResult: entry?.result, capabilityArgs: entry?.capabilityArgs ?? pod.capabilityArgs)
        if configuration.setsUpLoopback {
            _ = try await runChain(Self.loopbackConfig, .del, pod, ifName: "lo", prevResult: nil, capabilityArgs: [:])
        }
        cache.remove(containerID: pod.sandboxID, ifName: pod.interfaceName)
        if entry != nil { logger.info("pod \(pod.namespace)/\(pod.name) detached from \(network.name)") }
    }

    /// Runs every plugin of `network` for `command`: ADD and CHECK in order,
    /// DEL in reverse. ADD threads each result into the next plugin's
    /// `prevResult`; DEL and CHECK send the given (cached) result to all.
    /// ADD and CHECK stop at the first failure; DEL runs every plugin and
    /// throws the first failure at the end (libcni stops at the first).
    /// Returns the final ADD result (or `prevResult` for DEL and CHECK).
    private func runChain(
        _ network: CNIConfigList, _ command: CNICommand, _ pod: PodNetworkRequest, ifName: String, prevResult: CNIJSON?,
        capabilityArgs: [String: CNIJSON]
    ) async throws -> CNIJSON {
        var netns = pod.netnsPath
        if command == .del, !NetworkNamespace.isMounted(netns) { netns = "" }  // spec: DEL may come without a namespace
        let inv = PluginInvocation(command: command, containerID: pod.sandboxID, netns: netns, ifName: ifName, args: pod.cniArgs)
        let order = command == .del ? Array(network.plugins.indices.reversed()) : Array(network.plugins.indices)
        var prev = prevResult
        var delError: (any Error)?
        for i in order {
            let type = network.plugins[i]["type"]?.stringValue ?? ""
            let stdin = network.stdin(forPlugin: i, prevResult: prev, capabilityArgs: capabilityArgs)
            let out: Data
            do {
                out = try await executor.run(type, config: stdin, inv)
            } catch let e as CNIError where command == .check && PluginQuirks.isSpuriousCheckFailure(type: type, e, result: prevResult) {
                logger.debug("ignoring \(type) CHECK failure for \(pod.namespace)/\(pod.name): \(e.message)")
                continue
            } catch where command == .del {
                // Every plugin still gets its DEL, so one failing plugin does not leak what the others hold.
                logger.warning("cni DEL of \(type) failed for \(pod.namespace)/\(pod.name): \(error)")
                delError = delError ?? error
                continue
            }
            guard command == .add else { continue }
            guard !out.isEmpty else {
                throw CNIError(.invalidResult, "plugin \(type) ADD printed no result for \(pod.namespace)/\(pod.name)")
            }
            let json = try CNIJSON.parse(out, what: "plugin \(type) ADD result")
            _ = try CNIResult(json: json)
            prev = json
        }
        if let delError { throw delError }
        return prev ?? .null
    }

    /// Runs `body` once no other call for `key` is running.
    private func serialized<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        if busy[key] != nil {
            await withCheckedContinuation { busy[key, default: []].append($0) }
        } else {
            busy[key] = []
        }
        defer {
            if var waiters = busy[key], !waiters.isEmpty {
                let next = waiters.removeFirst()
                busy[key] = waiters
                next.resume()
            } else {
                busy[key] = nil
            }
        }
        return try await body()
    }
}
