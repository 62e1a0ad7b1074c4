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
        let local = NodeLocalAddress(address: config.address, ip: ip)
        var added = false
        if config.manageAddress {
            do {
                added = try await local.add()
            } catch {
                logger.error("cluster DNS: cannot put \(config.address) on link \(local.link): \(error); DNS is not served")
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
            logger.error("cluster DNS: cannot listen on \(config.address):\(config.port): \(error)")
            if added { await Self.remove(local, logger) }
            return
        }
        // Bound: nobody else serves this address, so one left behind by a killed instance is ours now too.
        added = config.manageAddress
        logger.info("cluster DNS serving \(config.domain) on \(config.address):\(config.port) (UDP, TCP); upstream \(upstreams.map { "\($0)" })")
        await follow(zone: zone)
        await server.stop()
        if added { await Self.remove(local, logger) }
    }

    /// In a task of its own: this one is cancelled, and the `ip` run must not be.
    static func remove(_ local: NodeLocalAddress, _ logger: Logger) async {
        await Task {
            do { try await local.remove() } catch { logger.warning("cluster DNS: cannot remove \(local.address) from \(local.link): \(error)") }
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
