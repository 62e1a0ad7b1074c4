import Foundation
import Testing
@testable import CapstanStore

extension StoreTests {
    @Suite struct SQLite {
        @Test func dataSurvivesReopen() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let a: KeyValue, c: KeyValue
            do {
                let store = try await SQLiteStore(path: directory.databasePath)
                _ = try await store.create("/a", value: bytes("a1"))                          // 1
                a = try await store.update("/a", value: bytes("a2"), expectedRevision: 1)     // 2
                _ = try await store.create("/b", value: bytes("b"))                           // 3
                c = try await store.create("/c", value: bytes("c"))                           // 4
                _ = try await store.delete("/b", expectedRevision: nil)                       // 5
                try await store.compact(revision: 2)
                await store.close()
            }
            let store = try await SQLiteStore(path: directory.databasePath)
            #expect(try await store.currentRevision() == 5)
            #expect(try await store.compactRevision() == 2)
            #expect(try await store.get("/a", revision: nil) == a)
            #expect(try await store.get("/b", revision: nil) == nil)
            #expect(try await store.get("/b", revision: 4)?.value == bytes("b"))
            #expect(try await store.list(ListOptions(prefix: "/")).items == [a, c])
            await #expect(throws: StoreError.keyExists(a)) { try await store.create("/a", value: []) }
            let next = try await store.update("/a", value: bytes("a3"), expectedRevision: a.modRevision)
            #expect(next.modRevision == 6 && next.createRevision == 1)
            var reader = EventReader(try await store.watch(prefix: "/", afterRevision: 2))
            #expect(try await reader.next(4).map(\.revision) == [3, 4, 5, 6])
            await store.close()
        }

        /// Compacting at the current revision right after a delete removes the
        /// newest row; the revision must not go backwards on reopen.
        @Test func revisionRecoveredWhenNewestRowWasCompacted() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            do {
                let store = try await SQLiteStore(path: directory.databasePath)
                _ = try await store.create("/a", value: bytes("a"))
                _ = try await store.delete("/a", expectedRevision: nil)
                try await store.compact(revision: 2)
                await store.close()
            }
            let store = try await SQLiteStore(path: directory.databasePath)
            #expect(try await store.currentRevision() == 2)
            #expect(try await store.create("/a", value: []).modRevision == 3)
            #expect(try await store.logRowCount() == 1)
            await store.close()
        }

        @Test func durabilitySettings() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let store = try await SQLiteStore(path: directory.databasePath)
            #expect(try await store.durability() == SQLiteStore.Durability(journalMode: "wal", synchronous: 2))
            await store.close()
        }

        @Test func secondStoreOnTheSameFileIsRefused() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let store = try await SQLiteStore(path: directory.databasePath)
            await #expect(throws: StoreError.self) { try await SQLiteStore(path: directory.databasePath) }
            await store.close()
            let reopened = try await SQLiteStore(path: directory.databasePath)
            await reopened.close()
        }

        /// Replay longer than one SQL page, while writes continue.
        @Test func longReplayIsPaged() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let store = try await SQLiteStore(path: directory.databasePath)
            let count = SQLiteStore.replayPage * 2 + 500
            try await withThrowingTaskGroup(of: Void.self) { group in
                for t in 0..<8 {
                    group.addTask {
                        for i in stride(from: t, to: count, by: 8) {
                            _ = try await store.create("/r/\(i)", value: bytes("\(i)"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            var reader = EventReader(try await store.watch(prefix: "/r/", afterRevision: 0))
            let extra = try await store.create("/r/extra", value: [])
            let events = try await reader.through(revision: extra.modRevision)
            #expect(events.map(\.revision) == Array(1...extra.modRevision))
            await store.close()
        }

        /// Prints (does not assert) creates/s and latency percentiles for
        /// 5,000 creates from 64 concurrent tasks.
        @Test func throughputSmoke() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let store = try await SQLiteStore(path: directory.databasePath)
            let tasks = 64, total = 5_000
            let value = [UInt8](repeating: 0x61, count: 1_024)
            let clock = ContinuousClock()
            let start = clock.now
            let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
                for t in 0..<tasks {
                    group.addTask {
                        var latencies: [Duration] = []
                        for i in stride(from: t, to: total, by: tasks) {
                            let begin = clock.now
                            _ = try await store.create("/registry/pods/default/pod-\(i)", value: value)
                            latencies.append(clock.now - begin)
                        }
                        return latencies
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }.sorted()
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            func ms(_ p: Double) -> String {
                let d = latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
                let millis = Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
                return String(format: "%.1f ms", millis)
            }
            let rate = String(format: "%.0f", Double(total) / seconds)
            print("SQLiteStore throughput: \(total) creates from \(tasks) tasks in \(String(format: "%.2f", seconds))s"
                + " = \(rate) creates/s; latency p50 \(ms(0.5)), p99 \(ms(0.99)), max \(ms(1.0))")
            #expect(try await store.currentRevision() == Int64(total))

            // One writer alone: every create is its own transaction and fsync.
            let sequential = 500
            let sequentialStart = clock.now
            for i in 0..<sequential {
                _ = try await store.create("/registry/pods/solo/pod-\(i)", value: value)
            }
            let perCreate = (clock.now - sequentialStart) / sequential
            print("SQLiteStore single writer: \(perCreate) per create (one commit each)")
            await store.close()
        }
    }
}

@Suite struct KeyOrderTests {
    @Test func prefixUpperBound() {
        #expect(KeyOrder.upperBound(ofPrefix: "") == nil)
        #expect(KeyOrder.upperBound(ofPrefix: "/a/") == Array("/a0".utf8))
        #expect(KeyOrder.upperBound(ofPrefix: "a\u{7F}") == [0x61, 0x80])
    }
}
