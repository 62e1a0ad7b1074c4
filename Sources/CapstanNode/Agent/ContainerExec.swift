import Foundation

/// Why the agent cannot start an exec (the kubelet's messages).
public struct ExecRequestError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension NodeAgent {
    /// `kubectl exec`: runs a command in the running instance of a pod's
    /// container, its stdio streamed. As the kubelet, a container that is
    /// not running (waiting, or exited) is "not found".
    public func exec(podUID: String, container: String, spec: ExecSpec) async throws -> ExecProcess {
        let target = try await runningContainer(podUID: podUID, container: container)
        do {
            return try await runtime.execStream(target.id, spec)
        } catch let e as RuntimeError {
            throw ExecRequestError(description: e.message)
        }
    }

    /// `kubectl attach`: the running container's own stdio, through conmon.
    public func attach(podUID: String, container: String, spec: AttachSpec) async throws -> AttachSession {
        let target = try await runningContainer(podUID: podUID, container: container)
        do {
            return try await runtime.attach(target.id, spec)
        } catch let e as RuntimeError {
            throw ExecRequestError(description: e.message)
        }
    }

    /// The running instance of a pod's container, or the kubelet's "container not found".
    public func runningContainer(podUID: String, container: String) async throws -> ContainerInfo {
        let running = try await runtime.listContainers(podUID: podUID)
            .filter { $0.name == container && $0.state == .running }
            .max { $0.attempt < $1.attempt }
        guard let target = running else {
            throw ExecRequestError(description: "container not found (\"\(container)\")")
        }
        return target
    }
}
