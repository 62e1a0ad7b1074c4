import CapstanAPIServer
import CapstanAgentLink
import CapstanClient
import CapstanNode
import Foundation

/// The embedded agent as the API server's connection to this node: calls
/// in process, where a remote agent would be reached over HTTPS.
struct LocalNodeConnector: NodeConnector {
    let agent: NodeAgent

    func containerLogs(namespace: String, pod: String, uid: String, container: String, options: ContainerLogOptions)
        async throws -> AsyncThrowingStream<[UInt8], any Error>
    {
        try await agent.containerLogs(uid: uid, pod: pod, container: container, options: options)
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

    func get(path: String) async throws -> NodeHTTPResponse { await agent.serve(path: path) }

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
