import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore

/// Decides an HTTP/1.1 `Upgrade: websocket` request before it reaches the
/// router: a GET of pods/NAME/exec or attach offering a remote-command protocol,
/// from an authenticated and authorized user, for a container that runs
/// (the command is started here, so that every refusal is a non-101
/// answer); or a GET of pods/NAME/portforward offering
/// `SPDY/3.1+portforward.k8s.io`, for a pod bound to a reachable node
/// (ports come later, inside the session).
///
/// A refused upgrade is answered with an empty 400 (hummingbird-websocket
/// does not hand it to the router); kubectl then falls back to SPDY (a
/// POST), which the router answers with the same refusal spelled out
/// (`PodExecHandler`).
struct StreamUpgrade: Sendable {
    let server: APIServerCore
    typealias Decision = ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>

    func decide(_ head: HTTPRequest, channel: any Channel, logger: Logger) async -> Decision {
        guard head.method == .get, let target = head.path else { return .dontUpgrade }
        let split = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let info = RequestInfo(path: String(split[0])), info.group == "", info.resource == "pods",
              let namespace = info.namespace, let name = info.name
        else { return .dontUpgrade }
        if info.subresource == "portforward" {
            return await portForward(head, channel: channel, namespace: namespace, name: name, logger: logger)
        }
        guard let kind = info.subresource.flatMap(PodExecTarget.Kind.init(rawValue:)) else { return .dontUpgrade }
        let offered = head.headerFields[values: .secWebSocketProtocol]
        guard let proto = RemoteCommandProtocol.negotiate(offered) else {
            logger.info("exec upgrade refused: no supported protocol in \(offered)")
            return .dontUpgrade
        }
        guard let user = await APIResponder.authenticate(head.headerFields, channel: channel, server: server) else {
            return .dontUpgrade
        }
        do {
            // Kubernetes authorizes this GET as verb "create" on pods/exec (or pods/attach).
            try server.authorize(user, head)
            let exec = try await PodExecTarget.resolve(
                server: server, kind: kind, namespace: namespace, name: name, query: Query(split.count > 1 ? String(split[1]) : nil))
            let stream = try await exec.start()
            let session = RemoteCommandSession(stream: stream, protocol: proto, options: exec.options)
            logger.debug("\(kind.rawValue) in \(namespace)/\(name)/\(exec.container): \(exec.options.command)")
            return .upgrade([.secWebSocketProtocol: proto.rawValue]) { inbound, outbound, _ in
                await session.run(inbound: inbound, outbound: outbound)
            }
        } catch {
            logger.debug("exec upgrade refused for \(namespace)/\(name): \(error)")
            return .dontUpgrade
        }
    }

    private func portForward(_ head: HTTPRequest, channel: any Channel, namespace: String, name: String, logger: Logger) async -> Decision {
        let offered = head.headerFields[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard offered.contains(PortForwardSession.subprotocol) else {
            logger.info("port-forward upgrade refused: no supported protocol in \(offered)")
            return .dontUpgrade
        }
        guard let user = await APIResponder.authenticate(head.headerFields, channel: channel, server: server) else {
            return .dontUpgrade
        }
        do {
            try server.authorize(user, head)
            let target = try await PortForwardTarget.resolve(server: server, namespace: namespace, name: name)
            let session = PortForwardSession(target: target, logger: logger)
            logger.debug("port-forward to \(namespace)/\(name)")
            return .upgrade([.secWebSocketProtocol: PortForwardSession.subprotocol]) { inbound, outbound, _ in
                await session.run(inbound: inbound, outbound: outbound)
            }
        } catch {
            logger.debug("port-forward upgrade refused for \(namespace)/\(name): \(error)")
            return .dontUpgrade
        }
    }
}
