import Testing
@testable import CapstanStore

extension StoreTests {
    @Suite struct Reads {
        /// Pages through `prefix` at `revision`, `limit` at a time.
        static func pages(_ store: any Store, prefix: String, limit: Int, revision: Int64?) async throws -> [ListResult] {
            var pages: [ListResult] = []
            var startAfter: String?
            repeat {
                let page = try await store.list(ListOptions(
                    prefix: prefix, startAfter: startAfter, limit: limit, revision: revision ?? pages.first?.revision))
                pages.append(page)
                startAfter = page.items.last?.key
            } while pages.last!.remaining > 0
            return pages
        }

        @Test(arguments: Backend.allCases)
        func listByPrefixInKeyOrder(backend: Backend) async throws {
            try await withStore(backend) { store in
                for key in ["/pods/b", "/pods/a", "/podsx", "/pod", "/pods/c/1", "/services/a"] {
                    _ = try await store.create(key, value: bytes(key))
                }
                _ = try await store.delete("/pods/c/1", expectedRevision: nil)
                let result = try await store.list(ListOptions(prefix: "/pods/"))
                #expect(result.items.map(\.key) == ["/pods/a", "/pods/b"])
                #expect(result.revision == 7 && result.remaining == 0)
                #expect(try await store.list(ListOptions(prefix: "")).items.count == 5)
                #expect(try await store.list(ListOptions(prefix: "", limit: 0)).items.count == 5, "0 means no limit")
                let first = try await store.list(ListOptions(prefix: "", limit: 1))
                #expect(first.items.map(\.key) == ["/pod"] && first.remaining == 4)
                #expect(try await store.count(prefix: "/pods") == 3)
                #expect(try await store.count(prefix: "/pods/") == 2)
                #expect(try await store.count(prefix: "") == 5)
            }
        }

        @Test(arguments: Backend.allCases)
        func pagingAtAPastRevisionWhileWritesContinue(backend: Backend) async throws {
            try await withStore(backend) { store in
                for i in 0..<25 { _ = try await store.create("/a/\(1000 + i)", value: bytes("v\(i)")) }
                for i in 0..<5 { _ = try await store.create("/b/\(i)", value: bytes("b")) }
                let snapshot = try await store.list(ListOptions(prefix: "/a/"))
                #expect(snapshot.items.count == 25)
                let writer = Task {
                    for i in 0..<40 {
                        _ = try await store.create("/a/\(2000 + i)", value: bytes("new"))
                        _ = try await store.update("/a/\(1010 + i % 15)", value: bytes("changed"), expectedRevision: nil)
                        if i % 5 == 0 { _ = try await store.delete("/a/\(1000 + i / 5)", expectedRevision: nil) }
                    }
                }
                let pages = try await Self.pages(store, prefix: "/a/", limit: 7, revision: snapshot.revision)
                try await writer.value
                #expect(pages.map(\.items.count) == [7, 7, 7, 4])
                #expect(pages.map(\.remaining) == [18, 11, 4, 0])
                #expect(pages.allSatisfy { $0.revision == snapshot.revision })
                #expect(pages.flatMap(\.items) == snapshot.items)
                // Same paging again after the writes, still at the old revision.
                let again = try await Self.pages(store, prefix: "/a/", limit: 10, revision: snapshot.revision)
                #expect(again.flatMap(\.items) == snapshot.items)
                let now = try await store.list(ListOptions(prefix: "/a/"))
                #expect(now.items.count == 25 + 40 - 8)
            }
        }

        @Test(arguments: Backend.allCases)
        func getAtPastRevisions(backend: Backend) async throws {
            try await withStore(backend) { store in
                let v1 = try await store.create("/k", value: bytes("v1"))
                let v2 = try await store.update("/k", value: bytes("v2"), expectedRevision: nil)
                _ = try await store.create("/other", value: bytes("o"))
                _ = try await store.delete("/k", expectedRevision: nil)
                #expect(try await store.get("/k", revision: 1) == v1)
                #expect(try await store.get("/k", revision: 2) == v2)
                #expect(try await store.get("/k", revision: 3) == v2)
                #expect(try await store.get("/k", revision: 4) == nil)
                #expect(try await store.get("/k", revision: 0) == nil)
            }
        }

        @Test(arguments: Backend.allCases)
        func futureRevisionIsRejected(backend: Backend) async throws {
            try await withStore(backend) { store in
                _ = try await store.create("/k", value: bytes("v1"))
                await #expect(throws: StoreError.futureRevision(requested: 2, current: 1)) {
                    try await store.get("/k", revision: 2)
                }
                await #expect(throws: StoreError.futureRevision(requested: 5, current: 1)) {
                    try await store.list(ListOptions(prefix: "/", revision: 5))
                }
                await #expect(throws: StoreError.futureRevision(requested: 9, current: 1)) {
                    try await store.compact(revision: 9)
                }
            }
        }

        @Test(arguments: Backend.allCases)
        func compactionDropsHistoryButKeepsLatestValues(backend: Backend) async throws {
            try await withStore(backend) { store in
                _ = try await store.create("/k/a", value: bytes("a1"))                              // 1
                let a2 = try await store.update("/k/a", value: bytes("a2"), expectedRevision: nil)  // 2
                _ = try await store.create("/k/b", value: bytes("b1"))                              // 3
                _ = try await store.delete("/k/b", expectedRevision: nil)                           // 4
                let c1 = try await store.create("/k/c", value: bytes("c1"))                         // 5
                let a3 = try await store.update("/k/a", value: bytes("a3"), expectedRevision: nil)  // 6

                try await store.compact(revision: 4)
                #expect(try await store.compactRevision() == 4)
                let compacted = StoreError.compacted(requested: 3, compactRevision: 4)
                await #expect(throws: compacted) { try await store.get("/k/a", revision: 3) }
                await #expect(throws: compacted) { try await store.list(ListOptions(prefix: "/k/", revision: 3)) }
                await #expect(throws: compacted) { try await store.watch(prefix: "/k/", afterRevision: 3) }

                // At the compact revision itself, reads still work.
                #expect(try await store.list(ListOptions(prefix: "/k/", revision: 4)).items == [a2])
                #expect(try await store.get("/k/a", revision: 4) == a2)
                #expect(try await store.get("/k/b", revision: 4) == nil)
                #expect(try await store.list(ListOptions(prefix: "/k/")).items == [a3, c1])

                // Watching from the compact revision replays what followed it.
                var reader = EventReader(try await store.watch(prefix: "/k/", afterRevision: 4))
                let events = try await reader.next(2)
                #expect(events.map(\.revision) == [5, 6])
                #expect(events[1].prevKV == a2)

                // Compacting at or below the compact revision is a no-op.
                try await store.compact(revision: 2)
                #expect(try await store.compactRevision() == 4)
                try await store.compact(revision: 6)
                #expect(try await store.list(ListOptions(prefix: "/k/", revision: 6)).items == [a3, c1])
                #expect(try await store.currentRevision() == 6)
            }
        }
    }
}
