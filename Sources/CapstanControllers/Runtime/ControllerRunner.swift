import CapstanAPI
import CapstanClient
import Logging

/// Drives one controller: feeds its queue from its event sources, runs
/// `workers` loops that reconcile keys, retries failures with the queue's
/// backoff, and gives up on a key after `maxRetries` with a Warning Event
/// (the key comes back with the next event or resync).
public struct ControllerRunner: Sendable {
    public let controller: any Controller
    public let queue: WorkQueue
    let context: ControllerContext
    let maxRetries: Int

    public init(_ controller: any Controller, context: ControllerContext, maxRetries: Int = 15) {
        self.controller = controller
        self.context = context
        self.queue = WorkQueue(clock: context.clock)
        self.maxRetries = maxRetries
    }

    /// Runs until the calling task is cancelled. The informers must be run
    /// by the factory's `run()`; this waits for the ones it uses to sync.
    public func run() async {
        let informers = controller.sources.map { context.informers.informer(for: $0.resource) }
        await withTaskGroup(of: Void.self) { group in
            for (source, informer) in zip(controller.sources, informers) {
                group.addTask {
                    for await event in await informer.events() {
                        for key in source.keys(event) { await queue.add(key) }
                    }
                }
            }
            for informer in informers { await informer.waitForSync() }
            if Task.isCancelled {
                await queue.shutDown()
                group.cancelAll()
                return
            }
            context.logger.debug("\(controller.name): caches synced, starting \(controller.workers) workers")
            for _ in 0..<max(1, controller.workers) {
                group.addTask { await work() }
            }
            group.addTask {
                // Wakes the workers when the controller is stopped.
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                await queue.shutDown()
            }
            await group.waitForAll()
        }
    }

    func work() async {
        while let key = await queue.get() {
            await process(key)
            await queue.done(key)
        }
    }

    /// One reconcile of `key` with the runner's retry rules (also used by tests).
    public func process(_ key: String) async {
        do {
            let result = try await controller.reconcile(key)
            await queue.forget(key)
            if case .requeue(let after) = result { await queue.add(key, after: after) }
        } catch {
            let tries = await queue.numRequeues(key)
            if tries < maxRetries {
                context.logger.debug("\(controller.name): \(key): \(error); retry \(tries + 1)")
                await queue.addRateLimited(key)
            } else {
                await queue.forget(key)
                context.logger.warning("\(controller.name): giving up on \(key) after \(tries) retries: \(error)")
                if let obj = controller.object(forKey: key) {
                    await context.recorder.record(
                        obj, .warning, reason: "SyncFailed",
                        message: "\(controller.name) gave up after \(tries) retries: \(error)")
                }
            }
        }
    }
}
