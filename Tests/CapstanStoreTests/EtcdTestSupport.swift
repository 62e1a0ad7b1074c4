import CapstanEtcdStore
import Foundation
import Testing
@testable import CapstanStore

#if canImport(Glibc)
import Glibc
#endif

/// A real etcd for tests, on free loopback ports with a temporary data
/// directory. A watchdog shell kills etcd and removes the directory once the
/// test process is gone, so nothing outlives the tests even after a crash.
actor EtcdServer {
    nonisolated let url: String
    private let peerURL: String
    private let directory: String
    private var process: Process?

    /// The server every test in this process shares (tests use distinct key
    /// prefixes); started on first use, killed when the process exits.
    static func shared() async throws -> EtcdServer { try await sharedServer.value }
    private static let sharedServer = Task { try await EtcdServer.start(onDisk: false) }

    /// Starts a new etcd. `onDisk` puts the data directory on the real disk
    /// (for realistic write latency) instead of /dev/shm.
    static func start(onDisk: Bool) async throws -> EtcdServer {
        let root = !onDisk && FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let directory = root + "/capstan-etcd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let server = EtcdServer(clientPort: try freePort(), peerPort: try freePort(), directory: directory)
        try await server.launch()
        return server
    }

    private init(clientPort: Int, peerPort: Int, directory: String) {
        url = "http://127.0.0.1:\(clientPort)"
        peerURL = "http://127.0.0.1:\(peerPort)"
        self.directory = directory
    }

    /// Starts etcd on the same ports and data directory and waits until it
    /// answers.
    func launch() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/etcd") else {
            throw StoreError.backend("/usr/bin/etcd is missing; run scripts/setup.sh (apt-get install etcd-server)")
        }
        let etcd = Process()
        etcd.executableURL = URL(fileURLWithPath: "/usr/bin/etcd")
        etcd.arguments = [
            "--name", "test", "--data-dir", directory + "/data",
            "--listen-client-urls", url, "--advertise-client-urls", url,
            "--listen-peer-urls", peerURL, "--initial-advertise-peer-urls", peerURL,
            "--initial-cluster", "test=\(peerURL)",
            // A lone member elects itself sooner, so (re)starts take ~100 ms.
            "--heartbeat-interval", "20", "--election-timeout", "200",
            "--logger", "zap", "--log-level", "warn",
        ]
        _ = FileManager.default.createFile(atPath: directory + "/etcd.log", contents: nil)
        let log = FileHandle(forWritingAtPath: directory + "/etcd.log")!
        log.seekToEndOfFile()
        etcd.standardInput = FileHandle.nullDevice
        etcd.standardOutput = log
        etcd.standardError = log
        try etcd.run()
        process = etcd
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", """
            while kill -0 \(getpid()) 2>/dev/null; do
              kill -0 \(etcd.processIdentifier) 2>/dev/null || exit 0
              sleep 0.2
            done
            kill -9 \(etcd.processIdentifier); rm -rf '\(directory)'
            """]
        // Not the test's stdout: swift test waits for every holder of its pipe to close it.
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try watchdog.run()
        try await waitUntilReady()
    }

    /// Kills etcd (as a crash would: no graceful shutdown); `launch` restarts it.
    func kill() {
        guard let process else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Kills etcd and removes its data.
    func remove() {
        kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func waitUntilReady() async throws {
        let probe = try EtcdStore(endpoints: [url], requestTimeout: .seconds(2), logger: testLogger)
        defer { Task { await probe.close() } }
        let deadline = ContinuousClock.now + .seconds(15)
        while true {
            do {
                _ = try await probe.currentRevision()
                return
            } catch {
                if ContinuousClock.now > deadline || process?.isRunning != true {
                    let log = (try? String(contentsOfFile: directory + "/etcd.log", encoding: .utf8)) ?? ""
                    throw StoreError.backend("etcd at \(url) did not start: \(error)\n\(log.suffix(2000))")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

/// A loopback TCP port nobody listens on right now.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard ok else { throw StoreError.backend("no free port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The conformance suite asserts absolute revisions, written for a store
/// whose first write is revision 1. etcd's first write is revision 2, and
/// every test on the shared server advances the same counter, so this view
/// subtracts the revision the test began at. Arithmetic only: every value,
/// error and event comes from the `EtcdStore` underneath.
struct RebasedStore: Store {
    let base: any Store
    let offset: Int64

    init(_ base: any Store) async throws {
        self.base = base
        offset = try await base.currentRevision()
    }

    func currentRevision() async throws -> Int64 { try await shifted { try await base.currentRevision() - offset } }
    func compactRevision() async throws -> Int64 { try await shifted { max(0, try await base.compactRevision() - offset) } }

    func get(_ key: String, revision: Int64?) async throws -> KeyValue? {
        try await shifted { try await base.get(key, revision: revision.map { $0 + offset }).map(down) }
    }

    func list(_ options: ListOptions) async throws -> ListResult {
        var options = options
        options.revision = options.revision.map { $0 + offset }
        var result = try await shifted { try await base.list(options) }
        result.items = result.items.map(down)
        result.revision -= offset
        return result
    }

    func count(prefix: String) async throws -> Int { try await shifted { try await base.count(prefix: prefix) } }

    func create(_ key: String, value: [UInt8]) async throws -> KeyValue {
        try await shifted { down(try await base.create(key, value: value)) }
    }

    func update(_ key: String, value: [UInt8], expectedRevision: Int64?) async throws -> KeyValue {
        try await shifted { down(try await base.update(key, value: value, expectedRevision: expectedRevision.map { $0 + offset })) }
    }

    func delete(_ key: String, expectedRevision: Int64?) async throws -> KeyValue {
        try await shifted { down(try await base.delete(key, expectedRevision: expectedRevision.map { $0 + offset })) }
    }

    func watch(prefix: String, afterRevision: Int64) async throws -> AsyncThrowingStream<StoreEvent, any Error> {
        let events = try await shifted { try await base.watch(prefix: prefix, afterRevision: afterRevision + offset) }
        let (stream, continuation) = AsyncThrowingStream<StoreEvent, any Error>.makeStream()
        let forward = Task { [self] in
            do {
                for try await event in events {
                    continuation.yield(StoreEvent(kind: event.kind, kv: down(event.kv), prevKV: event.prevKV.map(down)))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: (error as? StoreError).map(down) ?? error)
            }
        }
        continuation.onTermination = { _ in forward.cancel() }
        return stream
    }

    func compact(revision: Int64) async throws { try await shifted { try await base.compact(revision: revision + offset) } }
    func close() async { await base.close() }

    private func down(_ kv: KeyValue) -> KeyValue {
        KeyValue(key: kv.key, value: kv.value, createRevision: kv.createRevision - offset, modRevision: kv.modRevision - offset)
    }

    private func down(_ error: StoreError) -> StoreError {
        switch error {
        case .keyExists(let kv): .keyExists(down(kv))
        case .conflict(let kv): .conflict(current: down(kv))
        case .compacted(let requested, let compacted): .compacted(requested: requested - offset, compactRevision: max(0, compacted - offset))
        case .futureRevision(let requested, let current): .futureRevision(requested: requested - offset, current: current - offset)
        case .notFound, .backend, .closed: error
        }
    }

    private func shifted<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as StoreError { throw down(error) }
    }
}
