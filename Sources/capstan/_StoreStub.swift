// TEMPORARY until SQLiteStore lands.
import CapstanStore
typealias SQLiteStore = StubStore
final class StubStore: Store {
    init(path: String) async throws {}
    func currentRevision() async throws -> Int64 { 0 }
    func compactRevision() async throws -> Int64 { 0 }
    func get(_ key: String, revision: Int64?) async throws -> KeyValue? { nil }
    func list(_ options: ListOptions) async throws -> ListResult { ListResult(items: [], revision: 0, remaining: 0) }
    func count(prefix: String) async throws -> Int { 0 }
    func create(_ key: String, value: [UInt8]) async throws -> KeyValue { fatalError() }
    func update(_ key: String, value: [UInt8], expectedRevision: Int64?) async throws -> KeyValue { fatalError() }
    func delete(_ key: String, expectedRevision: Int64?) async throws -> KeyValue { fatalError() }
    func watch(prefix: String, afterRevision: Int64) async throws -> AsyncThrowingStream<StoreEvent, any Error> { AsyncThrowingStream { $0.finish() } }
    func compact(revision: Int64) async throws {}
    func close() async {}
}
