/// Kubernetes' slowStartBatch: runs `count` calls of `fn` in batches of 1,
/// 2, 4, … (each batch concurrently), stopping after the first batch with a
/// failure. A controller that cannot create (quota, admission) then makes
/// one failing call instead of hundreds. (General enough for Runtime/.)
enum ReplicaSetSlowStart {
    struct Outcome: Sendable {
        /// Calls that succeeded.
        var successes: Int
        /// The first error of the batch that stopped the run.
        var error: (any Error)?
    }

    static func run(
        count: Int, initialBatchSize: Int = 1, _ fn: @escaping @Sendable () async throws -> Void
    ) async -> Outcome {
        var remaining = count
        var successes = 0
        var batch = min(remaining, initialBatchSize)
        while batch > 0 {
            let errors = await withTaskGroup(of: (any Error)?.self) { group in
                for _ in 0..<batch {
                    group.addTask {
                        do {
                            try await fn()
                            return nil
                        } catch {
                            return error
                        }
                    }
                }
                var errors: [any Error] = []
                for await e in group { if let e { errors.append(e) } }
                return errors
            }
            successes += batch - errors.count
            if let first = errors.first { return Outcome(successes: successes, error: first) }
            remaining -= batch
            batch = min(2 * batch, remaining)
        }
        return Outcome(successes: successes, error: nil)
    }
}
