import CapstanEtcdStore
import Foundation
import Logging
import Testing
@testable import CapstanStore

/// The backends the conformance suite runs against. `etcd` is a real etcd
/// server shared by the test process, each test under its own key prefix.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, sqlite, etcd

    var testDescription: String { rawValue }
}

/// A fresh directory under the system temporary directory, removed by `remove`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("capstan-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var databasePath: String { path + "/state.db" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `body` against a new, empty store of `backend`, then closes it.
func withStore(_ backend: Backend, _ body: (any Store) async throws -> Void) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try await makeStore(backend, directory: directory)
    do {
        try await body(store)
    } catch {
        await store.close()
        throw error
    }
    await store.close()
}

/// A new, empty store of `backend`; SQLite's database goes in `directory`.
func makeStore(_ backend: Backend, directory: TemporaryDirectory, compactionSpan: Int64? = nil) async throws -> any Store {
    switch backend {
    case .memory:
        return MemoryStore()
    case .sqlite:
        if let compactionSpan { return try await SQLiteStore(path: directory.databasePath, compactionSpan: compactionSpan) }
        return try await SQLiteStore(path: directory.databasePath)
    case .etcd:
        let server = try await EtcdServer.shared()
        let store = try EtcdStore(endpoints: [server.url], keyPrefix: uniqueKeyPrefix(), logger: testLogger)
        return try await RebasedStore(store)
    }
}

/// A key prefix no other test uses, so tests can share one etcd.
func uniqueKeyPrefix() -> String { "/t/\(UUID().uuidString)" }

let testLogger = Logger(label: "capstan.store.tests")

func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

/// Reads a watch stream from one task, a few events at a time.
struct EventReader {
    private var iterator: AsyncThrowingStream<StoreEvent, any Error>.AsyncIterator

    init(_ stream: AsyncThrowingStream<StoreEvent, any Error>) {
        iterator = stream.makeAsyncIterator()
    }

    /// The next `count` events; fails if the stream ends first.
    mutating func next(_ count: Int) async throws -> [StoreEvent] {
        var events: [StoreEvent] = []
        while events.count < count {
            guard let event = try await iterator.next() else {
                Issue.record("stream ended after \(events.count) of \(count) events")
                return events
            }
            events.append(event)
        }
        return events
    }

    /// Events up to and including `revision`.
    mutating func through(revision: Int64) async throws -> [StoreEvent] {
        var events: [StoreEvent] = []
        while events.last.map({ $0.revision < revision }) ?? true {
            guard let event = try await iterator.next() else {
                Issue.record("stream ended at \(events.last?.revision ?? 0), before \(revision)")
                return events
            }
            events.append(event)
        }
        return events
    }

    /// Drains the stream until it ends; returns how many events were left.
    mutating func drain() async throws -> Int {
        var count = 0
        while try await iterator.next() != nil { count += 1 }
        return count
    }
}
