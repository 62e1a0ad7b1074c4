import Foundation
import NIOCore
import Testing
@testable import CapstanEtcdStore
@testable import CapstanStore

extension StoreTests {
    /// What only a real etcd can show: several clients, lost connections,
    /// compaction by someone else. Revisions here are etcd's own.
    @Suite struct Etcd {
        @Test func watchSurvivesEtcdRestartWithoutGapOrDuplicate() async throws {
            let server = try await EtcdServer.start(onDisk: false)
            defer { Task { await server.remove() } }
            let store = try EtcdStore(endpoints: [server.url], logger: testLogger)
            let start = try await store.currentRevision()
            var reader = EventReader(try await store.watch(prefix: "/w/", afterRevision: start))
            for i in 0..<5 { _ = try await store.create("/w/\(i)", value: bytes("v")) }
            #expect(try await reader.next(5).map(\.revision) == Array(start + 1...start + 5))

            await server.kill()
            await #expect(throws: StoreError.self) { try await store.create("/w/down", value: []) }
            try await server.launch()
            // Written while the watch is still reconnecting: replayed, not lost.
            for i in 5..<10 { _ = try await store.update("/w/\(i - 5)", value: bytes("u"), expectedRevision: nil) }
            let after = try await reader.next(5)
            #expect(after.map(\.revision) == Array(start + 6...start + 10))
            #expect(after.allSatisfy { $0.prevKV?.value == bytes("v") })
            await store.close()
        }

        @Test func laterEndpointsTakeOverFromDeadOnes() async throws {
            let server = try await EtcdServer.shared()
            let dead = "http://127.0.0.1:\(try freePort())"
            let store = try EtcdStore(endpoints: [dead, server.url], keyPrefix: uniqueKeyPrefix(), logger: testLogger)
            let created = try await store.create("/k", value: bytes("v"))
            var reader = EventReader(try await store.watch(prefix: "/", afterRevision: created.modRevision - 1))
            #expect(try await reader.next(1).map(\.kv) == [created])
            await store.close()

            let alone = try EtcdStore(endpoints: [dead], logger: testLogger)
            await #expect(throws: StoreError.backend("etcd at \(dead) is unreachable: connection refused — is etcd running?")) {
                try await alone.currentRevision()
            }
            await alone.close()
        }

        @Test func twoStoresSeeEachOthersWritesAndConflicts() async throws {
            let server = try await EtcdServer.shared()
            let prefix = uniqueKeyPrefix()
            let a = try EtcdStore(endpoints: [server.url], keyPrefix: prefix, logger: testLogger)
            let b = try EtcdStore(endpoints: [server.url], keyPrefix: prefix, logger: testLogger)
            let other = try EtcdStore(endpoints: [server.url], keyPrefix: uniqueKeyPrefix(), logger: testLogger)

            let created = try await a.create("/pods/p", value: bytes("1"))
            var watchB = EventReader(try await b.watch(prefix: "/pods/", afterRevision: created.modRevision - 1))
            #expect(try await b.get("/pods/p", revision: nil) == created)
            await #expect(throws: StoreError.keyExists(created)) { try await b.create("/pods/p", value: bytes("2")) }

            let updated = try await b.update("/pods/p", value: bytes("2"), expectedRevision: created.modRevision)
            await #expect(throws: StoreError.conflict(current: updated)) {
                try await a.update("/pods/p", value: bytes("stale"), expectedRevision: created.modRevision)
            }
            let deleted = try await a.delete("/pods/p", expectedRevision: updated.modRevision)
            await #expect(throws: StoreError.notFound("/pods/p")) { try await b.delete("/pods/p", expectedRevision: nil) }
            #expect(try await watchB.next(3) == [
                StoreEvent(kind: .put, kv: created, prevKV: nil),
                StoreEvent(kind: .put, kv: updated, prevKV: created),
                StoreEvent(kind: .delete, kv: deleted, prevKV: updated),
            ])

            // Key prefixes keep clusters that share an etcd apart.
            _ = try await a.create("/pods/q", value: [])
            #expect(try await other.count(prefix: "") == 0)
            #expect(try await b.list(ListOptions(prefix: "")).items.map(\.key) == ["/pods/q"])
            for store in [a, b, other] { await store.close() }
        }

        @Test func compactionBySomeoneElseIsReportedForReadsAndWatches() async throws {
            let server = try await EtcdServer.shared()
            let prefix = uniqueKeyPrefix()
            let compactor = try EtcdStore(endpoints: [server.url], keyPrefix: prefix, logger: testLogger)
            let reader = try EtcdStore(endpoints: [server.url], keyPrefix: prefix, logger: testLogger)
            let first = try await compactor.create("/k", value: bytes("1"))
            for i in 2...20 { _ = try await compactor.update("/k", value: bytes("\(i)"), expectedRevision: nil) }
            let compactAt = first.modRevision + 10
            var live = EventReader(try await reader.watch(prefix: "/", afterRevision: compactAt))
            try await compactor.compact(revision: compactAt)

            // `reader` never compacted: it finds the revision out from etcd.
            let compacted = StoreError.compacted(requested: compactAt - 1, compactRevision: compactAt)
            await #expect(throws: compacted) { try await reader.get("/k", revision: compactAt - 1) }
            await #expect(throws: compacted) { try await reader.list(ListOptions(prefix: "/", revision: compactAt - 1)) }
            // etcd itself would start this watch at the compact revision.
            await #expect(throws: compacted) { try await reader.watch(prefix: "/", afterRevision: compactAt - 1) }
            #expect(try await reader.compactRevision() == compactAt)
            #expect(try await reader.get("/k", revision: compactAt)?.value == bytes("11"))
            // A watch opened before the compaction is unaffected.
            #expect(try await live.next(1).first?.kv.value == bytes("12"))
            for store in [compactor, reader] { await store.close() }
        }

        /// Prints create latency and throughput through `EtcdStore` and
        /// through the bare gateway (a pre-encoded txn on the same HTTP
        /// client), on a disk-backed etcd. Measures; asserts nothing timed.
        @Test func createLatencyAndThroughput() async throws {
            let server = try await EtcdServer.start(onDisk: true)
            defer { Task { await server.remove() } }
            let store = try EtcdStore(endpoints: [server.url], logger: testLogger)
            let raw = try RawGateway(url: server.url)
            let count = 1000
            let value = [UInt8](repeating: 120, count: 500)
            let viaStore: @Sendable (String) async throws -> Void = { _ = try await store.create($0, value: value) }
            let viaGateway: @Sendable (String) async throws -> Void = { try await raw.create($0, value: value) }
            for (name, create) in [("EtcdStore", viaStore), ("raw gateway", viaGateway)] {
                for i in 0..<50 { try await create("/warm/\(name)/\(i)") }
                var latencies: [Duration] = []
                for i in 0..<count {
                    let began = ContinuousClock.now
                    try await create("/seq/\(name)/\(i)")
                    latencies.append(ContinuousClock.now - began)
                }
                latencies.sort()
                let began = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in 0..<32 {
                        group.addTask { for i in stride(from: task, to: count, by: 32) { try await create("/par/\(name)/\(i)") } }
                    }
                    try await group.waitForAll()
                }
                let elapsed = ContinuousClock.now - began
                let perSecond = Double(count) / (Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
                print("""
                    etcd create via \(name): sequential p50 \(latencies[count / 2]), p99 \(latencies[count * 99 / 100]); \
                    \(count) creates by 32 tasks in \(elapsed) = \(Int(perSecond))/s
                    """)
            }
            await store.close()
            await raw.close()
        }
    }
}

/// The gateway call `EtcdStore.create` makes, on the same HTTP client but
/// with the body written by hand and the response unread: the floor under
/// the store's own work.
struct RawGateway {
    let pool: ConnectionPool

    init(url: String) throws {
        pool = ConnectionPool(endpoints: [try Endpoint(parsing: url)], requestTimeout: .seconds(30), logger: testLogger)
    }

    func create(_ key: String, value: [UInt8]) async throws {
        let k = Base64.encode(key.utf8), v = Base64.encode(value)
        let body = #"{"compare":[{"key":"\#(k)","target":"CREATE","create_revision":"0"}],"#
            + #""success":[{"request_put":{"key":"\#(k)","value":"\#(v)"}}],"failure":[{"request_range":{"key":"\#(k)"}}]}"#
        let result = try await pool.post("/v3/kv/txn", ByteBuffer(string: body), retry: .ifNotSent)
        guard result.status == .ok else { throw StoreError.backend("raw txn failed: HTTP \(result.status)") }
    }

    func close() async { pool.close() }
}
