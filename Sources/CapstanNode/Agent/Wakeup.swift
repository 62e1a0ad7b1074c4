/// Wakes a loop when told to, or after a timeout: how a pod worker waits
/// for "something changed" (pod update, probe result) without polling hard.
actor Wakeup {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    func notify() {
        if let w = waiter {
            waiter = nil
            w.resume()
        } else {
            pending = true
        }
    }

    private func fire(_ gen: Int) {
        guard gen == generation, let w = waiter else { return }
        waiter = nil
        w.resume()
    }

    func wait(timeout: Duration) async {
        if pending {
            pending = false
            return
        }
        generation += 1
        let gen = generation
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.fire(gen)
        }
        await withCheckedContinuation { waiter = $0 }
        timer.cancel()
    }
}
