import Testing
@testable import CapstanStore

/// Deterministic generator so a failing sequence can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension StoreTests {
    /// Random operations against a backend and the `MemoryStore` reference
    /// model: every outcome, every past snapshot and the whole watch history
    /// must match.
    @Suite struct ModelEquivalence {
        static func outcome(_ body: () async throws -> KeyValue) async -> Result<KeyValue, StoreError> {
            do { return .success(try await body()) } catch let error as StoreError { return .failure(error) } catch {
                return .failure(.backend("\(error)"))
            }
        }

        @Test(arguments: [Backend.sqlite, .etcd], [UInt64(1), 2, 3])
        func backendMatchesMemory(backend: Backend, seed: UInt64) async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let model = MemoryStore()
            // A tiny compaction span makes every SQLite compaction take many steps.
            let store = try await makeStore(backend, directory: directory, compactionSpan: 7)
            let stores: [any Store] = [model, store]
            var rng = SplitMix64(state: seed)
            let keys = (0..<12).map { "/m/\($0 % 3)/k\($0)" }

            for step in 0..<400 {
                let key = keys.randomElement(using: &rng)!
                let current = try await model.get(key, revision: nil)
                let guess: Int64? = switch Int.random(in: 0..<3, using: &rng) {
                case 0: nil
                case 1: current?.modRevision
                default: Int64.random(in: 1...Int64(step + 1), using: &rng)
                }
                let value = bytes("\(step)")
                let kind = Int.random(in: 0..<10, using: &rng)
                var outcomes: [Result<KeyValue, StoreError>] = []
                for store in stores {
                    outcomes.append(await Self.outcome {
                        switch kind {
                        case 0..<4: try await store.create(key, value: value)
                        case 4..<8: try await store.update(key, value: value, expectedRevision: guess)
                        default: try await store.delete(key, expectedRevision: guess)
                        }
                    })
                }
                #expect(outcomes[0] == outcomes[1], "step \(step)")
                if step % 97 == 96 {
                    let target = try await model.currentRevision() - Int64.random(in: 0...20, using: &rng)
                    for store in stores { try await store.compact(revision: max(0, target)) }
                }
            }

            let compacted = try await model.compactRevision()
            let current = try await model.currentRevision()
            #expect(try await store.compactRevision() == compacted)
            #expect(try await store.currentRevision() == current)
            for revision in compacted...current {
                for prefix in ["", "/m/1/"] {
                    let options = ListOptions(prefix: prefix, startAfter: "/m/0/k3", limit: 3, revision: revision)
                    #expect(try await model.list(options) == store.list(options), "list at \(revision)")
                    #expect(try await model.list(ListOptions(prefix: prefix, revision: revision))
                        == store.list(ListOptions(prefix: prefix, revision: revision)))
                }
                #expect(try await model.get(keys[4], revision: revision) == store.get(keys[4], revision: revision))
            }
            for prefix in ["", "/m/2/"] {
                #expect(try await model.count(prefix: prefix) == store.count(prefix: prefix))
                var expected = EventReader(try await model.watch(prefix: prefix, afterRevision: compacted))
                var actual = EventReader(try await store.watch(prefix: prefix, afterRevision: compacted))
                // The same write on both ends the history at the same revision.
                let probe = try await model.create("\(prefix)zz-probe", value: [])
                #expect(try await store.create("\(prefix)zz-probe", value: []) == probe)
                let history = try await expected.through(revision: probe.modRevision)
                #expect(history.count > 1)
                #expect(try await actual.through(revision: probe.modRevision) == history)
            }
            await model.close()
            await store.close()
        }
    }
}
