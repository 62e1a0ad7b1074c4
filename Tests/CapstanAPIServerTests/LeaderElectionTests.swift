import CapstanAPI
import CapstanClient
import CapstanStore
import Foundation
import Logging
import Synchronization
import Testing

@testable import CapstanAPIServer

/// Two candidates for one Lease, through the real API pipeline in process
/// (LocalTransport over an APIServerCore on the in-memory store), with the
/// clock injected.
@Suite struct LeaderElectionTests {
    final class Clock: Sendable {
        let t = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        func now() -> Date { t.withLock { $0 } }
        func advance(_ s: TimeInterval) { t.withLock { $0 = $0.addingTimeInterval(s) } }
    }

    func core() async throws -> APIServerCore {
        let core = APIServerCore(
            store: MemoryStore(), registry: APIRegistry(BuiltinResources.definitions()), advertiseAddress: "127.0.0.1:0",
            logger: Logger(label: "test"))
        try await core.start()
        return core
    }

    @Test func onlyOneHolderUntilTheLeaseExpires() async throws {
        let core = try await core()
        let clock = Clock()
        let client = KubeClient(transport: LocalTransport(server: core, user: UserInfo(name: "system:kube-scheduler", groups: [])))
        func elector(_ id: String) -> LeaderElector {
            LeaderElector(client: client, config: .init(name: "kube-scheduler", identity: id), now: { clock.now() }, logger: Logger(label: id))
        }
        let a = elector("a")
        let b = elector("b")
        #expect(await a.tryAcquireOrRenew())
        #expect(await !b.tryAcquireOrRenew())
        clock.advance(10)
        #expect(await a.tryAcquireOrRenew(), "the holder renews")
        clock.advance(14)
        #expect(await !b.tryAcquireOrRenew(), "renewed 14 s ago: still held (lease 15 s)")
        clock.advance(2)
        #expect(await b.tryAcquireOrRenew(), "expired: b takes over")
        #expect(await !a.tryAcquireOrRenew(), "and a is now the one kept out")
        let lease = try await client.get(.leases, namespace: "kube-system", name: "kube-scheduler")
        #expect(lease[path: ["spec", "holderIdentity"]] == "b")
        #expect(lease[path: ["spec", "leaseTransitions"]] == 1)
        await core.stop()
    }
}
