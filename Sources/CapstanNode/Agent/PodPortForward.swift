extension NodeAgent {
    /// `kubectl port-forward`: a connection to `port` on localhost inside
    /// the pod's network namespace (its newest sandbox). Throws
    /// `PortForwardError` with the reason, which kubectl shows.
    public func portForward(podUID: String, port: Int) async throws -> PortConnection {
        let sandbox = try await runtime.listSandboxes(podUID: podUID).max { $0.createdAt < $1.createdAt }
        guard let sandbox else { throw PortForwardError("the pod has no sandbox on this node (not started yet, or already stopped)") }
        return try await runtime.portForward(sandbox, port: port)
    }
}
