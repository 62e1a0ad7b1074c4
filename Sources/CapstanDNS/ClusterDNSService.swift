import CapstanAPI
import CapstanClient
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Node-local cluster DNS: follows Services and EndpointSlices through
/// informers, compiles them into a zone snapshot on every change (bursts
/// coalesce into one rebuild), and serves it over UDP and TCP on the
/// cluster DNS address, forwarding other names to the host's nameservers.
/// `run()` returns when its task is cancelled, after closing the sockets
/// and removing the address it added.
public struct ClusterDNSService: Sendable {
    public struct Configuration: Sendable {
        /// The cluster DNS address (`--cluster-dns`), bound and put on the dummy link.
        public var address: String
        public var port: Int = 53
        public var domain: String = "cluster.local"
        public var ttl: UInt32 = 5
        /// Where the upstream nameservers are read from.
        public var resolvConf: String = "/etc/resolv.conf"
        /// Add the address to the host (`NodeLocalAddress`); off when it is already local (127.x).
        public var manageAddress = true
        public init(address: String) { self.address = address }
    }

    let client: KubeClient
    let config: Configuration
    let ip: NodeLocalAddress.IPCommand
    let logger: Logger
    let group: any EventLoopGroup

    public init(
        client: KubeClient, config: Configuration, ip: @escaping NodeLocalAddress.IPCommand, logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.client = client
        self.config = config
        self.ip = ip
        self.logger = logger
        self.group = group
    }

    public func run() async {
        await serve()
        // A node without DNS still runs its pods: wait for the shutdown like every other service.
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    /// Serves until cancelled; returns early (after logging why) when the address or the port cannot be had.
    func serve() async {
        let local = NodeLocalAddress(address: config.address, ip: ip)
        var placement: NodeLocalAddress.Placement?
        if config.manageAddress {
            do {
                placement = try await local.add()
            } catch {
                logger.error("cluster DNS: cannot put \(config.address) on link \(local.link) or lo: \(error); DNS is not served")
                return
            }
        }
        let zone = DNSZoneStore(DNSZoneSnapshot(domain: config.domain, ttl: config.ttl))
        let resolv = (try? String(contentsOfFile: config.resolvConf, encoding: .utf8)) ?? ""
        let upstreams = DNSForwarder.nameservers(resolvConf: resolv, excluding: [config.address])
        if upstreams.isEmpty { logger.warning("cluster DNS: no nameserver in \(config.resolvConf); names outside \(config.domain) get REFUSED") }
        let engine = DNSEngine(zone: zone, forwarder: upstreams.isEmpty ? nil : DNSForwarder(upstreams: upstreams, group: group))
        let server: DNSServer
        do {
            server = try await DNSServer.start(engine: engine, host: config.address, port: config.port, group: group)
        } catch {
            logger.error("cluster DNS: cannot listen on \(config.address):\(config.port): \(error); DNS is not served")
            if let placement, placement.added { await Self.remove(local, placement, logger) }
            return
        }
        // Bound, so nobody else serves this address: one left behind by a killed instance is ours now too.
        let where_ = placement.map { " (on \($0.link))" } ?? ""
        logger.info("cluster DNS serving \(config.domain) on \(config.address):\(config.port)\(where_) (UDP, TCP); upstream \(upstreams.map { "\($0)" })")
        await follow(zone: zone)
        await server.stop()
        if let placement { await Self.remove(local, placement, logger) }
    }

    /// In a task of its own: this one is cancelled, and the `ip` run must not be.
    static func remove(_ local: NodeLocalAddress, _ placement: NodeLocalAddress.Placement, _ logger: Logger) async {
        await Task {
            do {
                try await local.remove(from: placement)
            } catch {
                logger.warning("cluster DNS: cannot remove \(local.address) from \(placement.link): \(error)")
            }
        }.value
    }

    /// Keeps `zone` current until cancelled.
    func follow(zone: DNSZoneStore) async {
        let services = Informer(client: client, resource: .services, logger: logger)
        let slices = Informer(client: client, resource: .endpointSlices, logger: logger)
        let (changes, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let builder = DNSZoneBuilder(domain: config.domain, ttl: config.ttl)
        let log = logger
        await withDiscardingTaskGroup { g in
            g.addTask { await services.run() }
            g.addTask { await slices.run() }
            for informer in [services, slices] {
                g.addTask { for await _ in await informer.events() { changed.yield() } }
            }
            g.addTask {
                for await _ in changes {
                    let decoder = JSONValueDecoder()
                    let svcs = services.items.compactMap { try? decoder.decode(Service.self, from: $0) }
                    let eps = slices.items.compactMap { try? decoder.decode(EndpointSlice.self, from: $0) }
                    let snapshot = builder.build(services: svcs, slices: eps)
                    zone.replace(snapshot)
                    log.debug("cluster DNS: \(snapshot.names.count) names from \(svcs.count) services, \(eps.count) slices")
                }
            }
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            changed.finish()
            g.cancelAll()
        }
    }
}
