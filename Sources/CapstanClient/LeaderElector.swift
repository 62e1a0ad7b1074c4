import CapstanAPI
import Foundation
import Logging

/// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it:
/// the holder renews `spec.renewTime` every `retryPeriod`; another candidate
/// takes over once `renewTime + leaseDurationSeconds` has passed. Writes are
/// guarded by resourceVersion, so two candidates never both win a round.
public struct LeaderElector: Sendable {
    public struct Config: Sendable {
        public var namespace = "kube-system"
        public var name: String
        public var identity: String
        public var leaseDuration: Duration = .seconds(15)
        public var renewDeadline: Duration = .seconds(10)
        public var retryPeriod: Duration = .seconds(2)

        public init(name: String, identity: String) {
            self.name = name
            self.identity = identity
        }
    }

    let client: KubeClient
    public let config: Config
    let now: @Sendable () -> Date
    let logger: Logger

    public init(client: KubeClient, config: Config, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.client = client
        self.config = config
        self.now = now
        self.logger = logger
    }

    /// Runs `lead` whenever this candidate holds the lease; cancels it when
    /// the lease cannot be renewed within `renewDeadline`, then campaigns
    /// again. Returns when the calling task is cancelled.
    public func run(_ lead: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            while !Task.isCancelled, await !tryAcquireOrRenew() {
                try? await Task.sleep(for: config.retryPeriod)
            }
            if Task.isCancelled { return }
            logger.info("became leader for lease \(config.namespace)/\(config.name) as \(config.identity)")
            let leading = Task { await lead() }
            var lastRenew = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: config.retryPeriod)
                if await tryAcquireOrRenew() {
                    lastRenew = .now
                } else if ContinuousClock.now - lastRenew > config.renewDeadline {
                    logger.warning("lost lease \(config.namespace)/\(config.name)")
                    break
                }
            }
            leading.cancel()
            await leading.value
        }
    }

    /// One election round: true if this candidate holds the lease afterwards.
    public func tryAcquireOrRenew() async -> Bool {
        let t = now()
        let stamp = JSONValue.string(Time.format(t, fractional: true))
        let seconds = Int64(config.leaseDuration.components.seconds)
        do {
            let lease: JSONValue
            do {
                lease = try await client.get(.leases, namespace: config.namespace, name: config.name)
            } catch let e as APIStatusError where e.isNotFound {
                let fresh: JSONValue = [
                    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": ["name": .string(config.name), "namespace": .string(config.namespace)],
                    "spec": [
                        "holderIdentity": .string(config.identity), "leaseDurationSeconds": .int(seconds),
                        "acquireTime": stamp, "renewTime": stamp, "leaseTransitions": 0,
                    ],
                ]
                _ = try await client.create(.leases, namespace: config.namespace, fresh)
                return true
            }
            let spec = lease["spec"] ?? .emptyObject
            let holder = spec["holderIdentity"]?.stringValue ?? ""
            if !holder.isEmpty && holder != config.identity {
                let renewed = spec["renewTime"]?.stringValue.flatMap(Time.parse) ?? .distantPast
                let duration = Double(spec["leaseDurationSeconds"]?.intValue ?? seconds)
                if renewed.addingTimeInterval(duration) > t { return false }
            }
            var updated = lease
            updated[path: ["spec", "holderIdentity"]] = .string(config.identity)
            updated[path: ["spec", "leaseDurationSeconds"]] = .int(seconds)
            updated[path: ["spec", "renewTime"]] = stamp
            if holder != config.identity {
                updated[path: ["spec", "acquireTime"]] = stamp
                updated[path: ["spec", "leaseTransitions"]] = .int((spec["leaseTransitions"]?.intValue ?? 0) + 1)
            }
            _ = try await client.update(.leases, updated)
            return true
        } catch {
            logger.debug("lease \(config.namespace)/\(config.name): \(error)")
            return false
        }
    }
}
