import CapstanAPI
import CapstanStore
import NIOCore

extension EtcdStore {
    /// Watches through one streaming /v3/watch connection. If the connection
    /// drops, the watch reconnects (to the next member if need be) from the
    /// last delivered revision + 1, so the consumer sees no gap and no
    /// duplicate; after `reconnectLimit` without success the stream ends with
    /// `StoreError.backend`. If the history it needs was compacted meanwhile,
    /// the stream ends with `StoreError.compacted` and the consumer must
    /// relist, as with kube-apiserver.
    ///
    /// Returns once etcd has accepted the watch, so an unreachable etcd is
    /// thrown here rather than through the stream.
    public func watch(prefix: String, afterRevision: Int64) async throws -> AsyncThrowingStream<StoreEvent, any Error> {
        try checkOpen()
        // etcd would accept a start revision equal to its compact revision,
        // but the protocol needs the history *after* `afterRevision`, which
        // is complete only when a read at `afterRevision` still works.
        let complete = try await isReadable(at: max(afterRevision, 1))
        if afterRevision < knownCompacted || !complete {
            throw StoreError.compacted(requested: afterRevision, compactRevision: try await compactRevision())
        }
        let (events, continuation) = AsyncThrowingStream<StoreEvent, any Error>.makeStream()
        let range = keys.range(prefix: prefix)
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let registered = register { id in
                let task = Task {
                    await self.pump(WatchState(range: range, delivered: afterRevision, ready: ready), into: continuation)
                    self.unregister(id)
                }
                continuation.onTermination = { _ in task.cancel() }
                return task
            }
            if !registered { ready.resume(throwing: StoreError.closed) }
        }
        return events
    }

    /// What one watch carries across reconnections.
    struct WatchState: Sendable {
        let range: [String: JSONValue]
        /// Revision of the last event delivered (or progress reported).
        var delivered: Int64
        /// Resumed when etcd first accepts the watch, or with the first error.
        var ready: CheckedContinuation<Void, any Error>?

        mutating func start(_ result: Result<Void, any Error>) {
            ready?.resume(with: result)
            ready = nil
        }
    }

    private func pump(_ initial: WatchState, into events: AsyncThrowingStream<StoreEvent, any Error>.Continuation) async {
        var watch = initial
        var backoff = Duration.milliseconds(50)
        var failingSince: ContinuousClock.Instant?
        while !Task.isCancelled && !isClosed {
            do {
                try await stream(&watch, into: events)
                // etcd ended the response (e.g. it is shutting down).
                throw StoreError.backend("etcd ended the watch stream")
            } catch let error as StoreError where error.isCompacted {
                watch.start(.failure(error))
                events.finish(throwing: error)
                return
            } catch {
                if Task.isCancelled || isClosed { break }
                if watch.ready != nil {
                    watch.start(.failure(error is StoreError ? error : StoreError.backend("\(error)")))
                    events.finish()
                    return
                }
                let now = ContinuousClock.now
                if let since = failingSince, now - since > reconnectLimit {
                    events.finish(throwing: StoreError.backend(
                        "watch lost etcd and could not reconnect for \(reconnectLimit): \(error) — is etcd running?"))
                    return
                }
                if failingSince == nil {
                    failingSince = now
                    logger.warning("etcd watch interrupted after revision \(watch.delivered); reconnecting: \(error)")
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(1))
                continue
            }
        }
        watch.start(.failure(StoreError.closed))
        events.finish()
    }

    /// One connection's worth of watching: returns when etcd ends the
    /// stream or the task is cancelled, throws when the connection fails.
    private func stream(_ watch: inout WatchState, into events: AsyncThrowingStream<StoreEvent, any Error>.Continuation) async throws {
        var request = watch.range
        request["start_revision"] = Wire.int(watch.delivered + 1)
        request["prev_kv"] = true
        request["progress_notify"] = true
        let body: JSONValue = ["create_request": .object(request)]
        let (channel, messages) = try await pool.openStream("/v3/watch", ByteBuffer(bytes: body.serialized()))
        defer { channel.close(promise: nil) }
        for try await message in messages {
            guard let result = message["result"] else {
                throw StoreError.backend("etcd ended the watch: \(message["error"]?["message"]?.stringValue ?? "\(message)")")
            }
            if result["canceled"]?.boolValue == true {
                let compacted = Wire.int(result["compact_revision"])
                if compacted > 0 {
                    learnCompacted(compacted)
                    throw StoreError.compacted(requested: watch.delivered, compactRevision: compacted)
                }
                throw StoreError.backend("etcd canceled the watch: \(result["cancel_reason"]?.stringValue ?? "no reason given")")
            }
            if result["created"]?.boolValue == true {
                watch.start(.success(()))
                continue
            }
            guard let list = result["events"]?.arrayValue, !list.isEmpty else {
                // A progress notification: etcd sends these only to watchers
                // that are caught up, so everything up to the header revision
                // has been delivered. (Event responses carry the header
                // revision too, but during history replay it runs ahead of
                // the events sent so far.)
                watch.delivered = max(watch.delivered, Wire.revision(ofHeader: result))
                continue
            }
            for json in list {
                let event = try event(json)
                events.yield(event)
                watch.delivered = max(watch.delivered, event.revision)
            }
        }
    }

    /// An mvccpb.Event as a `StoreEvent`. A delete reports the deleted value
    /// at the delete's revision, as the protocol says.
    private func event(_ json: JSONValue) throws(StoreError) -> StoreEvent {
        let kv = try keys.keyValue(json["kv"] ?? .null)
        let previous = try json["prev_kv"].map(keys.keyValue)
        if json["type"]?.stringValue == "DELETE" {
            var deleted = previous ?? KeyValue(key: kv.key, value: [], createRevision: 0, modRevision: 0)
            deleted.modRevision = kv.modRevision
            return StoreEvent(kind: .delete, kv: deleted, prevKV: previous)
        }
        // A create has no previous value even if a deleted one is reported.
        return StoreEvent(kind: .put, kv: kv, prevKV: kv.createRevision == kv.modRevision ? nil : previous)
    }
}

extension StoreError {
    var isCompacted: Bool {
        if case .compacted = self { return true }
        return false
    }
}
