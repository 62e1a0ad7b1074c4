import Testing
@testable import CapstanStore

extension StoreTests {
    @Suite struct Watch {
        @Test(arguments: Backend.allCases)
        func replayThenLiveWithPrefixFilter(backend: Backend) async throws {
            try await withStore(backend) { store in
                let a1 = try await store.create("/w/a", value: bytes("a1"))     // 1
                _ = try await store.create("/x/a", value: bytes("x"))          // 2
                let a2 = try await store.update("/w/a", value: bytes("a2"), expectedRevision: nil) // 3
                var reader = EventReader(try await store.watch(prefix: "/w/", afterRevision: 0))
                let replayed = try await reader.next(2)
                #expect(replayed == [
                    StoreEvent(kind: .put, kv: a1, prevKV: nil),
                    StoreEvent(kind: .put, kv: a2, prevKV: a1),
                ])
                #expect(replayed[0].isCreate && !replayed[1].isCreate)

                _ = try await store.create("/x/b", value: bytes("x"))          // 4, filtered out
                let deleted = try await store.delete("/w/a", expectedRevision: nil) // 5
                let b = try await store.create("/w/b", value: bytes("b"))      // 6
                let live = try await reader.next(2)
                #expect(live == [
                    StoreEvent(kind: .delete, kv: deleted, prevKV: a2),
                    StoreEvent(kind: .put, kv: b, prevKV: nil),
                ])
                #expect(live[0].kv.value == bytes("a2") && live[0].revision == 5)

                // History replays exactly what was streamed live.
                var second = EventReader(try await store.watch(prefix: "/w/", afterRevision: 0))
                #expect(try await second.next(4) == replayed + live)
            }
        }

        @Test(arguments: Backend.allCases)
        func watchFromAFutureRevisionSkipsUpToIt(backend: Backend) async throws {
            try await withStore(backend) { store in
                let now = try await store.currentRevision()
                var reader = EventReader(try await store.watch(prefix: "", afterRevision: now + 2))
                for i in 0..<3 { _ = try await store.create("/f/\(i)", value: []) }
                #expect(try await reader.next(1).map(\.revision) == [now + 3])
            }
        }

        @Test(arguments: Backend.allCases)
        func watchFromNowSeesOnlyNewEvents(backend: Backend) async throws {
            try await withStore(backend) { store in
                _ = try await store.create("/a", value: bytes("old"))
                let now = try await store.currentRevision()
                var reader = EventReader(try await store.watch(prefix: "", afterRevision: now))
                let new = try await store.create("/b", value: bytes("new"))
                #expect(try await reader.next(1) == [StoreEvent(kind: .put, kv: new, prevKV: nil)])
            }
        }

        /// 4 writers × 200 writes while watchers join at different points:
        /// each sees every revision after its start exactly once, in order.
        @Test(arguments: Backend.allCases)
        func noGapNoDuplicateUnderConcurrentWriters(backend: Backend) async throws {
            try await withStore(backend) { store in
                let writers = 4, writesPerWriter = 200
                let total = Int64(writers * writesPerWriter)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for w in 0..<writers {
                        group.addTask {
                            for i in 0..<writesPerWriter {
                                if i % 4 == 3 {
                                    _ = try await store.update("/w/\(w)/\(i - 1)", value: bytes("u"), expectedRevision: nil)
                                } else {
                                    _ = try await store.create("/w/\(w)/\(i)", value: bytes("c"))
                                }
                            }
                        }
                    }
                    for (joinAt, after) in [(Int64(0), Int64(0)), (100, 40), (400, 400), (700, 10)] {
                        while try await store.currentRevision() < joinAt { await Task.yield() }
                        let stream = try await store.watch(prefix: "/w/", afterRevision: after)
                        group.addTask {
                            var reader = EventReader(stream)
                            let events = try await reader.through(revision: total)
                            #expect(events.map(\.revision) == Array((after + 1)...total), "watcher after \(after)")
                            for event in events where !event.isCreate {
                                #expect(event.prevKV?.key == event.kv.key)
                                #expect((event.prevKV?.modRevision ?? .max) < event.revision)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
        }

        @Test(arguments: Backend.allCases)
        func streamEndsOnClose(backend: Backend) async throws {
            try await withStore(backend) { store in
                _ = try await store.create("/a", value: bytes("1"))
                var reader = EventReader(try await store.watch(prefix: "", afterRevision: 0))
                // Wait for the replayed event rather than a fixed time: etcd
                // replays history on its own schedule (every 100 ms).
                #expect(try await reader.next(1).count == 1)
                let consumer = Task { [reader] in
                    var reader = reader
                    return try await reader.drain()
                }
                try await Task.sleep(for: .milliseconds(20))
                await store.close()
                #expect(try await consumer.value == 0)
                await #expect(throws: StoreError.closed) { try await store.create("/b", value: []) }
                await #expect(throws: StoreError.closed) { try await store.watch(prefix: "", afterRevision: 0) }
            }
        }

        @Test(arguments: Backend.allCases)
        func cancellingTheConsumerEndsTheWatch(backend: Backend) async throws {
            try await withStore(backend) { store in
                let stream = try await store.watch(prefix: "", afterRevision: 0)
                let consumer = Task {
                    var reader = EventReader(stream)
                    return try await reader.drain()
                }
                consumer.cancel()
                _ = try await consumer.value
                // Writes after the consumer left still succeed.
                _ = try await store.create("/after", value: bytes("x"))
            }
        }
    }
}
