import CapstanAPI
import CapstanAPIServer
import CapstanNode
import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore

/// `kubectl exec` into a pod on a joined node: the API server opens a
/// WebSocket to the agent's `/exec/NS/POD/CONTAINER?podUID=…&command=…`
/// speaking the same `v5.channel.k8s.io` framing kubectl speaks to the API
/// server, so the agent runs the same `RemoteCommandSession` the embedded
/// path runs in the API server.
struct AgentExecUpgrade: Sendable {
    let agent: NodeAgent
    typealias Decision = ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>

    func decide(_ head: HTTPRequest, channel: any Channel, logger: Logger) async -> Decision {
        guard head.method == .get, let target = head.path, target.hasPrefix("/exec/") else { return .dontUpgrade }
        guard await AgentResponder.callerAllowed(channel: channel),
              let proto = RemoteCommandProtocol.negotiate(head.headerFields[values: .secWebSocketProtocol])
        else { return .dontUpgrade }
        let split = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let parts = split[0].split(separator: "/").map(String.init)
        guard parts.count == 4 else { return .dontUpgrade }
        let query = ExecQuery(split.count > 1 ? String(split[1]) : "")
        let options = ContainerExecOptions(
            command: query.all("command"), stdin: query.bool("stdin"), stdout: true, stderr: !query.bool("tty"), tty: query.bool("tty"))
        do {
            let process = try await agent.exec(
                podUID: query.first("podUID") ?? "", container: parts[3],
                spec: ExecSpec(command: options.command, stdin: options.stdin, tty: options.tty))
            let session = RemoteCommandSession(stream: AgentExecStream(process: process), protocol: proto, options: options)
            return .upgrade([.secWebSocketProtocol: proto.rawValue]) { inbound, outbound, _ in
                await session.run(inbound: inbound, outbound: outbound)
            }
        } catch {
            logger.debug("exec in \(parts[1])/\(parts[2]) refused: \(error)")
            return .dontUpgrade
        }
    }
}

/// A query string with repeated keys (`command=sh&command=-c`).
struct ExecQuery {
    var pairs: [(String, String)] = []
    init(_ q: String) {
        for item in q.split(separator: "&") {
            let kv = item.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            pairs.append((kv[0], kv.count > 1 ? kv[1] : ""))
        }
    }
    func all(_ k: String) -> [String] { pairs.filter { $0.0 == k }.map(\.1) }
    func first(_ k: String) -> String? { all(k).first }
    func bool(_ k: String) -> Bool { first(k).map { $0 == "true" || $0 == "1" } ?? false }
}
