import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// The node's service proxy (kube-proxy in nftables mode): watches Services
/// and EndpointSlices and keeps one nftables table in step with them.
///
/// The first sync (and any sync after a failed transaction) writes the whole
/// table; after that, each round takes the Services that changed since the
/// last round, computes their ports' rules (`ServiceProxyModel`) and applies
/// only the difference (`NFTRules.commands`) as one transaction. Rounds run
/// back to back while changes keep coming, so a burst of changes is one
/// transaction, not one per event. Cancelling `run()` removes the table.
public actor ServiceProxy {
    public struct Options: Sendable {
        /// The nftables table (family ip); one per proxy on a host.
        public var table: String
        public var model: ServiceProxyModel.Options
        /// The CNI bridge: `route_localnet` is turned on for it, so that
        /// NodePorts answer on 127.0.0.1 (DNAT from loopback to a pod) and
        /// pods reach an endpoint on the node's loopback (the API server).
        public var bridge: String?
        /// Where nft transaction files are written.
        public var scratchDirectory: URL

        public init(table: String, model: ServiceProxyModel.Options, bridge: String?, scratchDirectory: URL) {
            self.table = table
            self.model = model
            self.bridge = bridge
            self.scratchDirectory = scratchDirectory
        }
    }

    let client: KubeClient
    let options: Options
    let rules: NFTRules
    let nft: NFTables
    let logger: Logger

    /// What the table holds, per Service (namespace/name).
    private var applied: [String: [ServicePortRules.ID: ServicePortRules]] = [:]
    /// Which port holds each frontend (two Services may both ask for a
    /// LoadBalancer port or an external IP; the first keeps it).
    private var owners: [String: ServicePortRules.ID] = [:]
    /// Services denied a frontend another holds: retried when one is freed.
    private var contested: Set<String> = []
    private var dirty: Set<String> = []
    private var needsFullSync = true
    private var localnetDone = false
    /// Transactions applied, for logs and tests.
    public private(set) var transactions = 0

    static let serviceIndex = "service"

    public init(client: KubeClient, options: Options, logger: Logger) {
        self.client = client
        self.options = options
        self.rules = NFTRules(table: options.table)
        self.nft = NFTables(scratchDirectory: options.scratchDirectory)
        self.logger = logger
    }

    public func run() async {
        let services = Informer(client: client, resource: .services, logger: logger)
        let slices = Informer(
            client: client, resource: .endpointSlices,
            indexers: [Self.serviceIndex: { ServiceProxyModel.serviceKey(ofSlice: $0).map { [$0] } ?? [] }], logger: logger)
        let (wake, waker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await services.run() }
            group.addTask { await slices.run() }
            group.addTask {
                for await e in await services.events() {
                    guard let key = Self.key(of: e, { Informer.key($0) }) else { continue }
                    await self.markDirty(key)
                    waker.yield()
                }
            }
            group.addTask {
                for await e in await slices.events() {
                    guard let key = Self.key(of: e, ServiceProxyModel.serviceKey(ofSlice:)) else { continue }
                    await self.markDirty(key)
                    waker.yield()
                }
            }
            group.addTask {
                // A periodic round: the bridge's route_localnet, set once the bridge exists.
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(10))
                    waker.yield()
                }
            }
            group.addTask {
                await services.waitForSync()
                await slices.waitForSync()
                waker.yield()
                for await _ in wake {
                    await self.sync(services: services.cache, slices: slices.cache)
                    if await self.needsAnotherRound { waker.yield() }
                }
            }
            await group.waitForAll()
        }
        do {
            try await nft.apply(rules.deleteTable())
        } catch {
            logger.warning("cannot remove nftables table \(options.table): \(error)")
        }
    }

    private static func key(of e: InformerEvent, _ keyOf: (JSONValue) -> String?) -> String? {
        switch e {
        case .added(let o), .deleted(let o): keyOf(o)
        case .updated(let old, let new): keyOf(new) ?? keyOf(old)
        case .synced: nil
        }
    }

    private func markDirty(_ key: String) { dirty.insert(key) }
    private var needsAnotherRound: Bool { !dirty.isEmpty || needsFullSync }

    /// One round: the whole table the first time (or after a failure), else the changed Services.
    func sync(services: ObjectCache, slices: ObjectCache) async {
        enableLocalnet()
        let started = ContinuousClock.now
        if needsFullSync {
            dirty = []
            owners = [:]
            contested = []
            var next: [String: [ServicePortRules.ID: ServicePortRules]] = [:]
            for key in services.keys.sorted() {
                next[key] = claim(key, desired(key, services: services, slices: slices))
            }
            do {
                try await nft.apply(rules.fullSync(next.values.flatMap(\.values)))
                applied = next
                needsFullSync = false
                transactions += 1
                logger.info("service proxy: table \(options.table) written with \(next.count) services in \(ContinuousClock.now - started)")
            } catch {
                logger.error("service proxy: cannot write table \(options.table): \(error); retrying in 1s")
                try? await Task.sleep(for: .seconds(1))
            }
            return
        }
        let keys = dirty.sorted()
        dirty = []
        guard !keys.isEmpty else { return }
        // Free the changed Services' frontends first, so one moving between two Services in this round is found free.
        var freed = false
        for key in keys {
            for (_, p) in applied[key] ?? [:] { freed = release(p) || freed }
        }
        var next: [String: [ServicePortRules.ID: ServicePortRules]] = [:]
        for key in keys { next[key] = claim(key, desired(key, services: services, slices: slices)) }
        var deletes: [String] = [], middle: [String] = [], adds: [String] = []
        for key in keys {
            let old = applied[key] ?? [:], new = next[key] ?? [:]
            for id in Set(old.keys).union(new.keys).sorted() {
                for line in rules.commands(from: old[id], to: new[id]) {
                    if line.hasPrefix("delete element") { deletes.append(line) } else if line.hasPrefix("add element") { adds.append(line) } else { middle.append(line) }
                }
            }
        }
        if freed { dirty.formUnion(contested.subtracting(keys)) }
        let lines = deletes + middle + adds
        // A Service with no ports left is forgotten, not kept as an empty entry.
        func record() { for key in keys { applied[key] = next[key].flatMap { $0.isEmpty ? nil : $0 } } }
        guard !lines.isEmpty else {
            record()
            return
        }
        do {
            try await nft.apply(lines.joined(separator: "\n") + "\n")
            record()
            transactions += 1
            logger.debug("service proxy: \(keys.count) services, \(lines.count) changes in \(ContinuousClock.now - started)")
        } catch {
            // The table and our record of it may now differ: rewrite it whole.
            logger.error("service proxy: incremental update failed (\(error)); rewriting table \(options.table)")
            needsFullSync = true
        }
    }

    /// The rules `key`'s Service should have (none when it is gone).
    private func desired(_ key: String, services: ObjectCache, slices: ObjectCache) -> [ServicePortRules] {
        guard let svc = services.get(key) else { return [] }
        return ServiceProxyModel.rules(service: svc, slices: slices.byIndex(Self.serviceIndex, key), options: options.model)
    }

    private static func frontendKey(_ f: ServicePortRules.Frontend, _ proto: String) -> String {
        switch f {
        case .address(let ip, let port): "\(ip) \(proto) \(port)"
        case .nodePort(let port): "node \(proto) \(port)"
        }
    }

    /// Takes the frontends no other port holds; records a Service denied one.
    private func claim(_ key: String, _ ports: [ServicePortRules]) -> [ServicePortRules.ID: ServicePortRules] {
        var out: [ServicePortRules.ID: ServicePortRules] = [:]
        contested.remove(key)
        for var p in ports {
            p.frontends = p.frontends.filter { f in
                let k = Self.frontendKey(f, p.proto)
                if let holder = owners[k], holder != p.id {
                    contested.insert(key)
                    logger.warning("service proxy: \(p.id) cannot take \(k), held by \(holder)")
                    return false
                }
                owners[k] = p.id
                return true
            }
            if !p.frontends.isEmpty { out[p.id] = p }
        }
        return out
    }

    private func release(_ p: ServicePortRules) -> Bool {
        for f in p.frontends where owners[Self.frontendKey(f, p.proto)] == p.id { owners[Self.frontendKey(f, p.proto)] = nil }
        return !p.frontends.isEmpty
    }

    /// route_localnet on the bridge (it appears with the first pod, so this is retried each round until done).
    private func enableLocalnet() {
        guard !localnetDone, let bridge = options.bridge else { return }
        let path = "/proc/sys/net/ipv4/conf/\(bridge)/route_localnet"
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try Data("1\n".utf8).write(to: URL(fileURLWithPath: path))
            localnetDone = true
        } catch {
            logger.warning("service proxy: cannot set \(path): \(error)")
            localnetDone = true
        }
    }
}
