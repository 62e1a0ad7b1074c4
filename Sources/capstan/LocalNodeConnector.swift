import CapstanAPIServer
import CapstanAgentLink
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

    func exec(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    {
        let spec = ExecSpec(command: options.command, stdin: options.stdin, tty: options.tty)
        do {
            return AgentStdioStream(try await agent.exec(podUID: uid, container: container, spec: spec))
        } catch let e as ExecRequestError {
            throw NodeRequestError(e.description)
        }
    }

    func get(path: String) async throws -> NodeProxyResponse {
        let r = await agent.serve(path: path)
        return NodeProxyResponse(status: r.status, contentType: r.contentType, body: r.body)
    }

    func attach(namespace: String, pod: String, uid: String, container: String, options: ContainerExecOptions)
        async throws -> any ContainerStream
    {
        do {
            let session = try await agent.attach(podUID: uid, container: container, spec: AttachSpec(stdin: options.stdin, tty: options.tty))
            return AgentStdioStream(session)
        } catch let e as ExecRequestError {
            throw NodeRequestError(e.description)
        }
    }

    func portForward(namespace: String, pod: String, uid: String, port: Int) async throws -> any PodPortStream {
        do {
            return AgentPortStream(connection: try await agent.portForward(podUID: uid, port: port))
        } catch let e as PortForwardError {
            throw NodeRequestError(e.description)
        }
    }

    func checkExec(namespace: String, pod: String, uid: String, container: String) async throws {
        do {
            _ = try await agent.runningContainer(podUID: uid, container: container)
        } catch let e as ExecRequestError {
            throw NodeRequestError(e.description)
        }
    }
}
