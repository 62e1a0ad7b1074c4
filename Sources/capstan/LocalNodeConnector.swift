import CapstanAPIServer
import CapstanNode
import Foundation

/// The embedded agent as the API server's connection to this node: calls
/// in process, where a remote agent would be reached over HTTPS.
struct LocalNodeConnector: NodeConnector {
    let agent: NodeAgent

    func containerLogs(namespace: String, pod: String, uid: String, container: String, options: ContainerLogOptions)
        async throws -> AsyncThrowingStream<[UInt8], any Error>
    {
        var since = options.sinceTime
        if let s = options.sinceSeconds { since = Date().addingTimeInterval(-Double(s)) }
        let o = LogReader.Options(tailLines: options.tailLines, sinceTime: since, timestamps: options.timestamps, limitBytes: options.limitBytes)
        do {
            return try await agent.containerLogs(
                podUID: uid, podName: pod, container: container, previous: options.previous, follow: options.follow, options: o)
        } catch let e as LogRequestError {
            throw NodeRequestError(e.description)
        }
    }
}
