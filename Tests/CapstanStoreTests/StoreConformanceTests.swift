import Testing
@testable import CapstanStore

/// One conformance suite for every backend (`Backend`). Serialized so the
/// throughput smoke test in this tree measures an otherwise idle machine.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct StoreTests {}

extension StoreTests {
    @Suite struct Writes {
        @Test(arguments: Backend.allCases)
        func createThenGet(backend: Backend) async throws {
            try await withStore(backend) { store in
                let created = try await store.create("/a/one", value: bytes("v1"))
                #expect(created == KeyValue(key: "/a/one", value: bytes("v1"), createRevision: 1, modRevision: 1))
                #expect(try await store.get("/a/one", revision: nil) == created)
                #expect(try await store.get("/a/missing", revision: nil) == nil)
                await #expect(throws: StoreError.keyExists(created)) {
                    try await store.create("/a/one", value: bytes("v2"))
                }
                #expect(try await store.currentRevision() == 1)
            }
        }

        @Test(arguments: Backend.allCases)
        func updateGuards(backend: Backend) async throws {
            try await withStore(backend) { store in
                let created = try await store.create("/k", value: bytes("v1"))
                let updated = try await store.update("/k", value: bytes("v2"), expectedRevision: created.modRevision)
                #expect(updated == KeyValue(key: "/k", value: bytes("v2"), createRevision: 1, modRevision: 2))
                await #expect(throws: StoreError.conflict(current: updated)) {
                    try await store.update("/k", value: bytes("stale"), expectedRevision: created.modRevision)
                }
                let unguarded = try await store.update("/k", value: bytes("v3"), expectedRevision: nil)
                #expect(unguarded.modRevision == 3 && unguarded.createRevision == 1)
                await #expect(throws: StoreError.notFound("/nope")) {
                    try await store.update("/nope", value: bytes("x"), expectedRevision: nil)
                }
                #expect(try await store.get("/k", revision: nil) == unguarded)
                #expect(try await store.currentRevision() == 3, "failed writes take no revision")
            }
        }

        @Test(arguments: Backend.allCases)
        func deleteGuards(backend: Backend) async throws {
            try await withStore(backend) { store in
                let created = try await store.create("/k", value: bytes("v1"))
                await #expect(throws: StoreError.conflict(current: created)) {
                    try await store.delete("/k", expectedRevision: 99)
                }
                await #expect(throws: StoreError.notFound("/nope")) {
                    try await store.delete("/nope", expectedRevision: nil)
                }
                let deleted = try await store.delete("/k", expectedRevision: created.modRevision)
                #expect(deleted == KeyValue(key: "/k", value: bytes("v1"), createRevision: 1, modRevision: 2))
                #expect(try await store.get("/k", revision: nil) == nil)
                await #expect(throws: StoreError.notFound("/k")) {
                    try await store.delete("/k", expectedRevision: nil)
                }
                let recreated = try await store.create("/k", value: bytes("again"))
                #expect(recreated.createRevision == 3 && recreated.modRevision == 3)
                #expect(try await store.get("/k", revision: 1) == created)
                #expect(try await store.get("/k", revision: 2) == nil)
            }
        }

        @Test(arguments: Backend.allCases)
        func revisionsIncreaseAndCreateRevisionIsStable(backend: Backend) async throws {
            try await withStore(backend) { store in
                var last: Int64 = 0
                var createRevisions: [String: Int64] = [:]
                for round in 0..<5 {
                    for name in ["a", "b", "c"] {
                        let key = "/r/\(name)"
                        let kv = round == 0
                            ? try await store.create(key, value: bytes("\(round)"))
                            : try await store.update(key, value: bytes("\(round)"), expectedRevision: nil)
                        #expect(kv.modRevision == last + 1)
                        last = kv.modRevision
                        if round == 0 { createRevisions[key] = kv.createRevision }
                        #expect(kv.createRevision == createRevisions[key])
                    }
                }
                #expect(try await store.currentRevision() == last)
            }
        }

        @Test(arguments: Backend.allCases)
        func concurrentGuardedUpdatesConflictExactly(backend: Backend) async throws {
            try await withStore(backend) { store in
                let created = try await store.create("/counter", value: bytes("0"))
                // 20 writers race on the same expected revision: exactly one wins.
                let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for i in 0..<20 {
                        group.addTask {
                            do {
                                _ = try await store.update("/counter", value: bytes("\(i)"), expectedRevision: created.modRevision)
                                return true
                            } catch StoreError.conflict {
                                return false
                            }
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(winners == 1)
                #expect(try await store.currentRevision() == 2)
            }
        }

        @Test(arguments: Backend.allCases)
        func emptyValueRoundTrips(backend: Backend) async throws {
            try await withStore(backend) { store in
                let created = try await store.create("/empty", value: [])
                _ = try await store.update("/empty", value: bytes("x"), expectedRevision: nil)
                #expect(try await store.get("/empty", revision: created.modRevision)?.value == [])
                #expect(try await store.list(ListOptions(prefix: "/empty", revision: 1)).items == [created])
            }
        }
    }
}
