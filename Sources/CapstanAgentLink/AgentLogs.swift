import CapstanAPIServer
import CapstanNode
import Foundation

extension NodeAgent {
    /// A container's log for the API server's pods/log options, whether the
    /// agent is reached in process or through its endpoint; the kubelet's
    /// refusals as `NodeRequestError`.
    public func containerLogs(uid: String, pod: String, container: String, options: ContainerLogOptions)
        async throws -> AsyncThrowingStream<[UInt8], any Error>
    {
        var since = options.sinceTime
        if let s = options.sinceSeconds { since = Date().addingTimeInterval(-Double(s)) }
        let o = LogReader.Options(tailLines: options.tailLines, sinceTime: since, timestamps: options.timestamps, limitBytes: options.limitBytes)
        do {
            return try await containerLogs(
                podUID: uid, podName: pod, container: container, previous: options.previous, follow: options.follow, options: o)
        } catch let e as LogRequestError {
            throw NodeRequestError(e.description)
        }
    }
}
