import CapstanAPI
import CapstanClient
import Foundation
import Logging

/// The controller manager: while it holds the kube-system/kube-controller-manager
/// Lease it runs one shared informer factory and every controller on it; when
/// the lease is lost it stops them all (a later term starts afresh with new
/// caches, so nothing from the lost term is trusted).
public struct ControllerManager: Sendable {
    public typealias Factory = @Sendable (ControllerContext) -> any Controller

    let client: KubeClient
    let factories: [Factory]
    let identity: String
    let clock: any ControllerClock
    let leaderElection: LeaderElector.Config?
    let logger: Logger

    /// `leaderElection` nil runs the controllers at once (one server, or tests).
    public init(
        client: KubeClient, controllers: [Factory], identity: String, clock: any ControllerClock = SystemClock(),
        leaderElection: LeaderElector.Config? = nil, logger: Logger
    ) {
        self.client = client
        self.factories = controllers
        self.identity = identity
        self.clock = clock
        self.leaderElection = leaderElection
        self.logger = logger
    }

    public static func leaseConfig(identity: String) -> LeaderElector.Config {
        LeaderElector.Config(name: "kube-controller-manager", identity: identity)
    }

    public func run() async {
        guard let config = leaderElection else { return await runControllers() }
        let clock = self.clock
        let elector = LeaderElector(client: client, config: config, now: { clock.now() }, logger: logger)
        await elector.run { await runControllers() }
    }

    /// One term: informers and controllers until cancelled.
    public func runControllers() async {
        let informers = InformerFactory(client: client, resyncPeriod: .seconds(600), logger: logger)
        let recorder = EventRecorder(client: client, component: "controller-manager", logger: logger, now: { [clock] in clock.now() })
        let context = ControllerContext(client: client, informers: informers, recorder: recorder, clock: clock, logger: logger)
        let controllers = factories.map { $0(context) }
        logger.info("controller manager \(identity) running \(controllers.map(\.name).joined(separator: ", "))")
        await withTaskGroup(of: Void.self) { group in
            for c in controllers {
                let runner = ControllerRunner(c, context: context)
                group.addTask { await runner.run() }
            }
            group.addTask { await informers.run() }
            await group.waitForAll()
        }
    }
}
