import Foundation

/// Why the agent cannot serve a log request (the kubelet's 400 messages).
public struct LogRequestError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension NodeAgent {
    /// A container's log for `kubectl logs`: the current instance or, with
    /// `previous`, the one before it; with `follow`, new lines as they are
    /// written until the container exits or the reader goes away.
    public func containerLogs(
        podUID: String, podName: String, container: String, previous: Bool, follow: Bool, options: LogReader.Options
    ) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let mine = try await runtime.listContainers(podUID: podUID).filter { $0.name == container }
            .sorted { $0.attempt > $1.attempt }
        guard let current = mine.first else {
            throw LogRequestError(description: "container \"\(container)\" in pod \"\(podName)\" is waiting to start: ContainerCreating")
        }
        let target: ContainerInfo
        if previous {
            guard mine.count > 1 else {
                throw LogRequestError(description: "previous terminated container \"\(container)\" in pod \"\(podName)\" not found")
            }
            target = mine[1]
        } else {
            target = current
        }
        let text = LogReader.read(path: target.logPath, options)
        let runtime = self.runtime
        let id = target.id
        let path = target.logPath
        let follows = follow && !previous && target.state != .exited
        return AsyncThrowingStream { cont in
            let task = Task {
                if !text.isEmpty { cont.yield(Array(text.utf8)) }
                guard follows else {
                    cont.finish()
                    return
                }
                var offset = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                var carry = ""
                var exited = false
                while !Task.isCancelled {
                    if let h = FileHandle(forReadingAtPath: path) {
                        let size = Int((try? h.seekToEnd()) ?? 0)
                        if size < offset { offset = 0 }  // rotated or truncated
                        if size > offset {
                            try? h.seek(toOffset: UInt64(offset))
                            let data = h.readData(ofLength: size - offset)
                            offset = size
                            var chunk = carry + String(decoding: data, as: UTF8.self)
                            carry = ""
                            if !chunk.hasSuffix("\n"), let nl = chunk.lastIndex(of: "\n") {
                                carry = String(chunk[chunk.index(after: nl)...])
                                chunk = String(chunk[...nl])
                            } else if !chunk.hasSuffix("\n") {
                                carry = chunk
                                chunk = ""
                            }
                            var out = ""
                            for line in chunk.split(separator: "\n") {
                                if let r = LogReader.render(line, LogReader.Options(timestamps: options.timestamps)) { out += r.1 }
                            }
                            if !out.isEmpty { cont.yield(Array(out.utf8)) }
                        }
                        try? h.close()
                    }
                    if exited { break }
                    let state = try? await runtime.listContainers(podUID: podUID).first { $0.id == id }?.state
                    if state == nil || state == .exited { exited = true }  // one more read, then stop
                    try? await Task.sleep(for: .milliseconds(200))
                }
                cont.finish()
            }
            cont.onTermination = { _ in task.cancel() }
        }
    }
}
